package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** Rewrites the platform's errors with the client's paths, so that no host path ever reaches a client. */
public final class Errors {
    private Errors() {
    }

    static IOException translate(IOException e, String shown, String otherShown) {
        if (!(e instanceof FileSystemException fse)) {
            return new IOException(shown + ": " + e.getClass().getSimpleName(), null);
        }
        String other = fse.getOtherFile() == null ? null : otherShown;
        String reason = fse.getReason();
        IOException out;
        if (e instanceof NoSuchFileException) {
            out = new NoSuchFileException(shown, other, reason);
        } else if (e instanceof FileAlreadyExistsException) {
            out = new FileAlreadyExistsException(shown, other, reason);
        } else if (e instanceof DirectoryNotEmptyException) {
            out = new DirectoryNotEmptyException(shown);
        } else if (e instanceof NotDirectoryException) {
            out = new NotDirectoryException(shown);
        } else if (e instanceof AccessDeniedException) {
            out = new AccessDeniedException(shown, other, reason);
        } else if (e instanceof NotLinkException) {
            out = new NotLinkException(shown, other, reason);
        } else if (e instanceof FileSystemLoopException) {
            out = new FileSystemLoopException(shown);
        } else if (e instanceof AtomicMoveNotSupportedException) {
            out = new AtomicMoveNotSupportedException(shown, other, reason);
        } else {
            out = new FileSystemException(shown, other, reason);
        }
        return out;
    }
}
