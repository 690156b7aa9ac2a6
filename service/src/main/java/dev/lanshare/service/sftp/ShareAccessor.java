package dev.lanshare.service.sftp;

import dev.lanshare.service.sharefs.Errors;
import dev.lanshare.service.sharefs.ShareFileSystem;
import dev.lanshare.service.sharefs.ShareFileSystemProvider;
import dev.lanshare.service.sharefs.SharePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * How MINA's SFTP subsystem reaches the {@link ShareFileSystem}. The file system does the checking; this only
 * keeps MINA on the paths that go through it, and lets our error messages (which name client paths only) reach
 * the client, so that "share 'Plans' is read-only" is what a refused write says.
 */
final class ShareAccessor implements SftpFileSystemAccessor, SftpErrorStatusDataHandler, SftpEventListener {
    /**
     * MINA skips some attributes it cannot set (uid and gid without a "unix" view) and would report success;
     * a change asked of a share that may not change is refused as a whole instead.
     */
    @Override
    public void modifyingAttributes(ServerSession session, Path path, Map<String, ?> attrs) throws IOException {
        if (path instanceof SharePath p) {
            p.getFileSystem().provider().checkWritable(p);
        }
    }

    /**
     * Opens as MINA does, without its check whether the file exists when that cannot matter: MINA asks only to
     * drop the requested attributes of a file that exists, and attributes are used only when a file is created.
     * The check is a second trip through the file system's path checks for every file a client opens.
     */
    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file,
            String handle, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        if (!options.contains(StandardOpenOption.CREATE) && !options.contains(StandardOpenOption.CREATE_NEW)) {
            return FileChannel.open(file, options);
        }
        return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
    }

    @Override
    public DirectoryStream<Path> openDirectory(SftpSubsystemProxy subsystem, DirectoryHandle handle, Path dir,
            String name, LinkOption... options) throws IOException {
        // MINA wants a SecureDirectoryStream when links are not followed; ours checks every entry anyway
        return Files.newDirectoryStream(dir);
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink)
            throws IOException {
        if (!symLink) {
            throw ShareFileSystemProvider.denied(link.toString(), "hard links are not allowed in shares");
        }
        SftpFileSystemAccessor.super.createLink(subsystem, link, existing, true);
    }

    @Override
    public String resolveErrorMessage(SftpSubsystemEnvironment sftpSubsystem, int id, Throwable e, int subStatus,
            int cmd, Object... args) {
        if (e instanceof FileSystemException) {
            return e.getMessage(); // built by ShareFileSystemProvider and Errors from client paths only
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("quota exceeded")) {
            return "No space left on device"; // the platform's words, without a host path
        }
        return SftpErrorStatusDataHandler.super.resolveErrorMessage(sftpSubsystem, id, e, subStatus, cmd, args);
    }
}
