package dev.lanshare.service.sftp;

import dev.lanshare.service.sharefs.ShareFileSystem;
import dev.lanshare.service.sharefs.SharePath;
import dev.lanshare.service.sharefs.ShareResolver;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;

/**
 * OpenSSH's {@code statvfs@openssh.com} and {@code fstatvfs@openssh.com}: the figures of the file system a share
 * lives on ({@code df} in OpenSSH's sftp, the free space GNOME Files shows). The file store is found through the
 * share file system, so a path outside a share, or a link leading out of one, is refused as everywhere else. A
 * share this session may not change reports itself read-only; {@code /}, which lists the shares and holds
 * nothing, reports no space and read-only. The file system's id is never sent: it would only describe the host.
 */
final class StatVfs {
    static final String PATH = "statvfs@openssh.com";
    static final String HANDLE = "fstatvfs@openssh.com";
    /** What OpenSSH's client reads as the largest file name. */
    private static final long NAME_MAX = 255;
    private static final long TOP_BLOCK = 4096;

    private StatVfs() {
    }

    /** The figures for {@code path} of a {@link ShareFileSystem}. */
    static OpenSSHStatExtensionInfo of(Path path) throws IOException {
        SharePath p = ShareResolver.cast(path);
        OpenSSHStatExtensionInfo info = new OpenSSHStatExtensionInfo();
        info.f_namemax = NAME_MAX;
        info.f_flag = OpenSSHStatExtensionInfo.SSH_FXE_STATVFS_ST_NOSUID;
        if (p.absoluteNames().isEmpty()) {
            info.f_bsize = TOP_BLOCK;
            info.f_frsize = TOP_BLOCK;
            info.f_flag |= OpenSSHStatExtensionInfo.SSH_FXE_STATVFS_ST_RDONLY;
            return info;
        }
        FileStore store = Files.getFileStore(p); // resolved and checked to stay inside the share
        long block = Math.max(1, store.getBlockSize());
        info.f_bsize = block;
        info.f_frsize = block;
        info.f_blocks = store.getTotalSpace() / block;
        info.f_bfree = store.getUnallocatedSpace() / block;
        info.f_bavail = store.getUsableSpace() / block;
        if (store.isReadOnly() || !writable(p)) {
            info.f_flag |= OpenSSHStatExtensionInfo.SSH_FXE_STATVFS_ST_RDONLY;
        }
        return info;
    }

    private static boolean writable(SharePath p) throws IOException {
        try {
            p.getFileSystem().provider().checkWritable(p);
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }
}
