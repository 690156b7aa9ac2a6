package dev.lanshare.service.sftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Opens a path that {@link ShareResolver} checked, so that what is opened is the checked thing: from the share's
 * folder down, each folder is opened relative to the one above it without following links ({@code openat} with
 * {@code O_NOFOLLOW}, through {@link SecureDirectoryStream}). A folder swapped for a link between the check and
 * the open (by another client renaming things, say) then fails the open instead of leading out of the share.
 * Removing and renaming go the same way, so that they too act on the checked folder.
 * Where the platform has no secure directory streams (Windows), it opens by path as before.
 */
final class Beneath {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private Beneath() {
    }

    /** Opens {@code local}, a path inside {@code root} with no links in it (as resolved). */
    static SeekableByteChannel open(Path root, Path local, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        Set<OpenOption> opts = new HashSet<>(options);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        Path rel = relative(root, local);
        if (rel == null) {
            return Files.newByteChannel(local, opts, attrs);
        }
        try (SecureDirectoryStream<Path> dir = folderOf(root, rel)) {
            if (dir == null) {
                return Files.newByteChannel(local, opts, attrs);
            }
            return dir.newByteChannel(rel.getFileName(), opts, attrs);
        }
    }

    static FileChannel openFile(Path root, Path local, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        SeekableByteChannel ch = open(root, local, options, attrs);
        if (ch instanceof FileChannel fc) {
            return fc;
        }
        ch.close();
        throw new FileSystemException(local.toString(), null, "the platform opened no file channel");
    }

    /** Lists {@code local}, a folder inside {@code root} with no links in its path (as resolved). */
    static DirectoryStream<Path> list(Path root, Path local) throws IOException {
        Path rel = relative(root, local);
        if (rel == null) {
            return Files.newDirectoryStream(local);
        }
        SecureDirectoryStream<Path> parent = folderOf(root, rel);
        if (parent == null) {
            return Files.newDirectoryStream(local);
        }
        SecureDirectoryStream<Path> listed;
        try (parent) {
            listed = parent.newDirectoryStream(rel.getFileName(), NOFOLLOW);
        }
        // entries named by their full path, like a listing by path (the stream itself names them relatively)
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> names = listed.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return names.hasNext();
                    }

                    @Override
                    public Path next() {
                        return local.resolve(names.next().getFileName());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                listed.close();
            }
        };
    }

    /** Removes {@code local} (a file, link or empty folder inside {@code root}, not {@code root} itself). */
    static void delete(Path root, Path local) throws IOException {
        Path rel = relative(root, local);
        try (SecureDirectoryStream<Path> dir = rel == null ? null : folderOf(root, rel)) {
            if (dir == null) {
                Files.delete(local);
                return;
            }
            Path name = rel.getFileName();
            if (dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes().isDirectory()) {
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }

    /**
     * Renames {@code source} (inside {@code sourceRoot}) to {@code target} (inside {@code targetRoot}); replaces
     * an existing target only when asked to.
     */
    static void move(Path sourceRoot, Path source, Path targetRoot, Path target, CopyOption... options)
            throws IOException {
        Path from = relative(sourceRoot, source);
        Path to = relative(targetRoot, target);
        try (SecureDirectoryStream<Path> a = from == null ? null : folderOf(sourceRoot, from);
                SecureDirectoryStream<Path> b = to == null ? null : folderOf(targetRoot, to)) {
            if (a == null || b == null) {
                Files.move(source, target, options);
                return;
            }
            if (!Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING)) {
                try {
                    b.getFileAttributeView(to.getFileName(), BasicFileAttributeView.class, NOFOLLOW)
                            .readAttributes();
                    throw new FileAlreadyExistsException(target.toString());
                } catch (NoSuchFileException e) {
                    // free: go ahead
                }
            }
            try {
                a.move(from.getFileName(), b, to.getFileName());
            } catch (AtomicMoveNotSupportedException e) {
                // another file system inside the share (a mount): copy and delete, by path
                Files.move(source, target, options);
            }
        }
    }

    /** {@code local} relative to {@code root}, or null when it is {@code root} itself. */
    private static Path relative(Path root, Path local) throws FileSystemException {
        if (local.equals(root)) {
            return null;
        }
        if (!local.startsWith(root)) {
            throw new FileSystemException(local.toString(), null, "not inside " + root);
        }
        return root.relativize(local);
    }

    /**
     * The folder that holds the last name of {@code rel}, opened step by step from {@code root}; null when the
     * platform has no secure directory streams.
     */
    private static SecureDirectoryStream<Path> folderOf(Path root, Path rel) throws IOException {
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> dir)) {
            top.close();
            return null;
        }
        try {
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                SecureDirectoryStream<Path> next = dir.newDirectoryStream(rel.getName(i), NOFOLLOW);
                dir.close();
                dir = next;
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            if (e instanceof FileSystemException fse && fse.getReason() != null
                    && (fse.getReason().contains("symbolic links") || fse.getReason().contains("Not a directory"))) {
                throw new FileSystemException(root.resolve(rel).toString(), null,
                        "a folder on the way was replaced by a link while it was being opened");
            }
            throw e;
        }
    }
}
