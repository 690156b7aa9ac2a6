package dev.lanshare.service.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Deletes a file, link or folder with everything in it, as far as the peer lets it, and says what stayed. Commons
 * VFS's {@code deleteAll} stops at the first refusal with no word of what went and follows links to folders (a
 * link in the folder to another folder of the share emptied that folder too); this never follows a link.
 */
final class DeleteTree {
    private DeleteTree() {
    }

    static List<PeerClient.NotDeleted> delete(SftpClient sftp, String path) throws IOException {
        List<PeerClient.NotDeleted> left = new ArrayList<>();
        SftpClient.Attributes a = sftp.lstat(path); // missing: the caller's "not found"
        if (a.isDirectory()) {
            folder(sftp, path, left);
        } else {
            remove(sftp, path, left);
        }
        return left;
    }

    /** Everything in {@code path}, then the folder itself when nothing in it stayed. */
    private static void folder(SftpClient sftp, String path, List<PeerClient.NotDeleted> left) throws IOException {
        int before = left.size();
        try {
            for (SftpClient.DirEntry e : sftp.readDir(path)) {
                String name = e.getFilename();
                if (name.equals(".") || name.equals("..")) {
                    continue;
                }
                String child = path + "/" + name;
                // a listing shows a link to a folder as the folder: only lstat tells, and a link is never followed
                if (e.getAttributes().isDirectory() && !sftp.lstat(child).isSymbolicLink()) {
                    folder(sftp, child, left);
                } else {
                    remove(sftp, child, left);
                }
            }
        } catch (SftpException x) {
            refused(path, true, x, left);
            return;
        } catch (UncheckedIOException x) { // how MINA's listing reports a refusal part way
            if (!(x.getCause() instanceof SftpException s)) {
                throw x.getCause();
            }
            refused(path, true, s, left);
            return;
        }
        if (left.size() == before) {
            try {
                sftp.rmdir(path);
            } catch (SftpException x) {
                refused(path, true, x, left);
            }
        }
    }

    private static void remove(SftpClient sftp, String path, List<PeerClient.NotDeleted> left) throws IOException {
        try {
            sftp.remove(path);
        } catch (SftpException x) {
            refused(path, false, x, left);
        }
    }

    /** A refusal is noted and the rest goes on; a file gone already is no refusal. */
    private static void refused(String path, boolean folder, SftpException x, List<PeerClient.NotDeleted> left) {
        if (x.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
            left.add(new PeerClient.NotDeleted(path, folder, x.getMessage()));
        }
    }
}
