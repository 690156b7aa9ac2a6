package dev.lanshare.service.sharefs;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.fs.WithFileAttributes;

/**
 * A directory entry as a listing returns it, with the attributes read while listing: MINA's SFTP subsystem writes
 * them as they are instead of checking and reading the entry again (a path check and four stats per entry).
 */
final class ListedPath extends SharePath implements WithFileAttributes {
    private final SftpClient.Attributes attributes;

    ListedPath(SharePath path, SftpClient.Attributes attributes) {
        super(path);
        this.attributes = attributes;
    }

    @Override
    public SftpClient.Attributes getAttributes() {
        return attributes;
    }
}
