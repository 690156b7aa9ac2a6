package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** Rewrites the platform's errors with the client's paths, so that no host path ever reaches a client. */
public final class Errors {
    private Errors() {
    }

    /**
     * {@code e} with the client's paths. A name or path too long for the platform (ENAMETOOLONG) is thrown as the
     * {@link InvalidPathException} it is for a client, so that MINA's existence checks, which take any other error
     * for "may not look", cannot turn it into "permission denied".
     */
    static IOException translate(IOException e, String shown, String otherShown) {
        if (e instanceof FileSystemException f && "File name too long".equals(f.getReason())) {
            throw new InvalidPathException(shown, "File name too long");
        }
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
        } else if (e instanceof NotDirectoryException || "Not a directory".equals(reason)) {
            out = new NotDirectoryException(shown); // the platform reports ENOTDIR as a plain FileSystemException
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
