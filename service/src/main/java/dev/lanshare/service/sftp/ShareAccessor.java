package dev.lanshare.service.sftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
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

    /**
     * MINA's status for {@code e}, narrowed to the nine codes of SFTP version 3 for clients that speak it (OpenSSH's
     * sftp among them, which shows "Unknown status" for any other): "not a directory" becomes "no such file", as
     * OpenSSH's sftp-server answers; a bad or too long name and a full disk become "failure", with the message
     * saying which.
     */
    @Override
    public int resolveSubStatus(SftpSubsystemEnvironment sftpSubsystem, int id, Throwable e, int cmd,
            Object... args) {
        int status = noSpace(e) ? SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM
                : SftpErrorStatusDataHandler.super.resolveSubStatus(sftpSubsystem, id, e, cmd, args);
        if (sftpSubsystem.getVersion() > SftpConstants.SFTP_V3 || status <= SftpConstants.SSH_FX_OP_UNSUPPORTED) {
            return status;
        }
        return status == SftpConstants.SSH_FX_NOT_A_DIRECTORY ? SftpConstants.SSH_FX_NO_SUCH_FILE
                : SftpConstants.SSH_FX_FAILURE;
    }

    private static boolean noSpace(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("quota exceeded") || m.contains("Disk quota");
    }

    @Override
    public String resolveErrorMessage(SftpSubsystemEnvironment sftpSubsystem, int id, Throwable e, int subStatus,
            int cmd, Object... args) {
        if (e instanceof FileSystemException) {
            return e.getMessage(); // built by ShareFileSystemProvider and Errors from client paths only
        }
        if (e instanceof InvalidPathException bad) {
            return bad.getInput() + ": " + bad.getReason(); // the client's own path (see Names)
        }
        if (noSpace(e)) {
            return "No space left on device"; // the platform's words, without a host path
        }
        return SftpErrorStatusDataHandler.super.resolveErrorMessage(sftpSubsystem, id, e, subStatus, cmd, args);
    }
}
