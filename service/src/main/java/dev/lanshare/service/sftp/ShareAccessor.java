package dev.lanshare.service.sftp;

import dev.lanshare.service.sharefs.Errors;
import dev.lanshare.service.sharefs.ShareFileSystem;
import dev.lanshare.service.sharefs.ShareFileSystemProvider;
import dev.lanshare.service.sharefs.SharePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
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
     * drop the requested attributes of a file that exists, and attributes are used only when a file is created,
     * so the check matters only for a create that asks for some. The check is a second trip through the file
     * system's path checks for every file a client opens, and for a new file (every upload) it fails inside, with
     * five exceptions made on the way.
     */
    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file,
            String handle, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        boolean creates = options.contains(StandardOpenOption.CREATE)
                || options.contains(StandardOpenOption.CREATE_NEW);
        if (!creates || attrs.length == 0) {
            return FileChannel.open(file, options);
        }
        return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options, attrs);
    }

    /** The folder this thread's mkdir made, until MINA says how the mkdir ended (see {@link #created}). */
    private final ThreadLocal<Path> made = new ThreadLocal<>();

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        made.remove(); // a failure here made nothing
        SftpFileSystemAccessor.super.createDirectory(subsystem, path);
        made.set(path);
    }

    /**
     * Removes the folder a mkdir made when the mkdir is answered with a failure (setting the attributes asked
     * with it failed): nothing is left that the answer did not say. A folder something was put in meanwhile stays.
     */
    @Override
    public void created(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) throws IOException {
        Path ours = made.get();
        made.remove();
        if (thrown != null && path.equals(ours)) {
            undo(path, thrown);
        }
    }

    /** Removes the folder {@code path}, trying again for a moment while a folder on the way is being swapped. */
    private static void undo(Path path, Throwable thrown) {
        for (int i = 0;; i++) {
            try {
                Files.delete(path);
                return;
            } catch (NoSuchFileException | DirectoryNotEmptyException e) {
                return; // gone, or something was put in it meanwhile: then it stays
            } catch (IOException e) {
                if (i == 20) {
                    thrown.addSuppressed(e);
                    return;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
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
