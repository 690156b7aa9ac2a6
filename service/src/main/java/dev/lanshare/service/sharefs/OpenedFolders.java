package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
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
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Opens a path that {@link ShareResolver} checked, so that what is opened is the checked thing: from the share's
 * folder down, each folder is opened relative to the one above it without following links ({@code openat} with
 * {@code O_NOFOLLOW}, through {@link SecureDirectoryStream}). A folder swapped for a link between the check and
 * the open (by another client renaming things, say) then fails the open instead of leading out of the share.
 * Removing, renaming, copying, reading and setting attributes go the same way, so that they too act on the checked
 * folder. What the platform cannot do relative to an opened folder is done so that a swap cannot make it act
 * outside: a new folder or link is made in the share's own folder (which clients cannot rename) and then moved into
 * place from there; attributes read by path are kept only when the file they describe is the one reached from the
 * opened folder (same file key). Reading a link and judging access go through the opened folder too (see
 * {@link PathReads}).
 * Where the platform has no secure directory streams (Windows), it works by path as before.
 */
final class OpenedFolders {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private OpenedFolders() {
    }

    /**
     * Opens {@code local}, a path inside {@code root} with no links in it (as resolved), if it is a file, a folder, a
     * link (which the open refuses) or a new name: never a pipe, socket or device (see {@link #regularOnly}).
     */
    static SeekableByteChannel open(Path root, Path local, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        Set<OpenOption> opts = new HashSet<>(options);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        Path rel = relative(root, local);
        if (rel == null) {
            return regularOnly(opts, o -> Files.newByteChannel(local, o, attrs),
                    () -> Files.readAttributes(local, BasicFileAttributes.class, NOFOLLOW), local);
        }
        try (SecureDirectoryStream<Path> dir = folderOf(root, rel)) {
            if (dir == null) {
                return regularOnly(opts, o -> Files.newByteChannel(local, o, attrs),
                        () -> Files.readAttributes(local, BasicFileAttributes.class, NOFOLLOW), local);
            }
            Path name = rel.getFileName();
            return regularOnly(opts, o -> dir.newByteChannel(name, o, attrs),
                    () -> dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes(),
                    local);
        }
    }

    private interface Open {
        SeekableByteChannel open(Set<OpenOption> options) throws IOException;
    }

    private interface Look {
        BasicFileAttributes look() throws IOException;
    }

    /**
     * Opens with {@code options} unless the name is a pipe, a socket or a device, which are refused: opening a pipe
     * waits for its other end, on the thread that opens it, which for SFTP is the server's one I/O thread (a guest
     * asking for a pipe left in a share stopped the service for everyone until something wrote to the pipe), and a
     * device node would serve the device (a copy of a node of {@code /dev/zero} streamed zeros without end). The name
     * is looked at first, without following a link; a new file (the usual upload) is created without that look,
     * exclusively, and only a name that exists already is looked at and then opened as asked.
     */
    private static SeekableByteChannel regularOnly(Set<OpenOption> opts, Open open, Look look, Path local)
            throws IOException {
        if (opts.contains(StandardOpenOption.CREATE_NEW)) {
            return open.open(opts);
        }
        if (opts.contains(StandardOpenOption.CREATE)) {
            Set<OpenOption> fresh = new HashSet<>(opts);
            fresh.remove(StandardOpenOption.CREATE);
            fresh.add(StandardOpenOption.CREATE_NEW);
            try {
                return open.open(fresh);
            } catch (FileAlreadyExistsException e) {
                // there already: looked at below, then opened as asked
            }
        }
        BasicFileAttributes a;
        try {
            a = look.look();
        } catch (NoSuchFileException e) {
            return open.open(opts); // gone meanwhile, or never there: the open answers as it would have
        }
        if (a.isOther()) {
            throw new AccessDeniedException(local.toString(), null,
                    "not a file or folder (a pipe, socket or device), which are not shared");
        }
        return open.open(opts);
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
        return new Listing(local, listed);
    }

    /** A listing by secure directory stream whose entries are named by their full path, like a listing by path. */
    static final class Listing implements DirectoryStream<Path> {
        private final Path local;
        private final SecureDirectoryStream<Path> listed;

        private Listing(Path local, SecureDirectoryStream<Path> listed) {
            this.local = local;
            this.listed = listed;
        }

        /** The file key of the entry named {@code name} in the listed folder itself (not by path). */
        Object keyOf(String name) throws IOException {
            return listed.getFileAttributeView(local.getFileSystem().getPath(name), BasicFileAttributeView.class,
                    NOFOLLOW).readAttributes().fileKey();
        }

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

    interface ViewCall<V, R> {
        R call(V view) throws IOException;
    }

    /**
     * Calls {@code call} with the attribute view of {@code local} (inside {@code root}, no links in its path as
     * resolved; a link at its end is not followed), reached from its opened folder. Reading and setting times,
     * permissions and owners go through here. (Setting a file's permissions or times this way opens it for reading:
     * a file its owner may not read cannot be changed.)
     */
    static <V extends FileAttributeView, R> R onView(Path root, Path local, Class<V> type, ViewCall<V, R> call)
            throws IOException {
        Path rel = relative(root, local);
        try (SecureDirectoryStream<Path> dir = rel == null ? null : folderOf(root, rel)) {
            V view = dir == null ? Files.getFileAttributeView(local, type, NOFOLLOW)
                    : dir.getFileAttributeView(rel.getFileName(), type, NOFOLLOW);
            if (view == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + " is not supported here");
            }
            return call.call(view);
        }
    }

    interface ViewChange<V> {
        void change(V view) throws IOException;
    }

    /** {@link #onView} for a change that returns nothing. */
    private static <V extends FileAttributeView> void change(Path root, Path local, Class<V> type,
            ViewChange<V> change) throws IOException {
        onView(root, local, type, v -> {
            change.change(v);
            return null;
        });
    }

    interface InFolder<R> {
        /** Called with the opened folder that holds {@code name}; null where there is none (see the caller). */
        R call(SecureDirectoryStream<Path> folder, Path name) throws IOException;
    }

    /**
     * Calls {@code call} with the folder that holds {@code local} (inside {@code root}, no links in its path as
     * resolved), opened from {@code root} down, for what needs the folder itself rather than a view of one file;
     * with null for {@code root} itself and where the platform has no secure directory streams.
     */
    static <R> R inFolder(Path root, Path local, InFolder<R> call) throws IOException {
        Path rel = relative(root, local);
        try (SecureDirectoryStream<Path> dir = rel == null ? null : folderOf(root, rel)) {
            return call.call(dir, rel == null ? null : rel.getFileName());
        }
    }

    /** The file key of {@code local}, read from its opened folder; null where the platform has none. */
    static Object keyOf(Path root, Path local) throws IOException {
        return onView(root, local, BasicFileAttributeView.class, v -> v.readAttributes().fileKey());
    }

    /**
     * Attributes of {@code local} as {@link Files#readAttributes(Path, String, LinkOption...)} names them (views
     * "basic", "posix", "unix" and "owner"), without following a link at the end. Read by path (the secure
     * streams know no "unix" view) and kept only when they describe the file reached from the opened folder.
     */
    static Map<String, Object> readAttributes(Path root, Path local, String attributes) throws IOException {
        int colon = attributes.indexOf(':');
        String view = colon < 0 ? "basic" : attributes.substring(0, colon);
        List<String> names = Arrays.asList(attributes.substring(colon + 1).split(","));
        if (view.equals("owner")) {
            UserPrincipal owner = onView(root, local, FileOwnerAttributeView.class, FileOwnerAttributeView::getOwner);
            Map<String, Object> out = new HashMap<>();
            if (names.contains("*") || names.contains("owner")) {
                out.put("owner", owner);
            }
            return out;
        }
        boolean keyAsked = names.contains("*") || names.contains("fileKey");
        Object key = keyOf(root, local);
        Map<String, Object> read = new HashMap<>(
                Files.readAttributes(local, keyAsked ? attributes : attributes + ",fileKey", NOFOLLOW));
        checkSameFile(local, key, read.get("fileKey"));
        if (!keyAsked) {
            read.remove("fileKey");
        }
        return read;
    }

    /** Refuses attributes read by path that are not those of the file with {@code key}. */
    static void checkSameFile(Path local, Object key, Object readKey) throws FileSystemException {
        if (key != null && !key.equals(readKey)) {
            throw new FileSystemException(local.toString(), null,
                    "a folder on the way was replaced while it was being read");
        }
    }

    /**
     * Sets one attribute of {@code local} (named as for {@link Files#setAttribute}: times, permissions, owner and
     * group, by principal or by number), without following a link at the end.
     */
    @SuppressWarnings("unchecked")
    static void setAttribute(Path root, Path local, String attribute, Object value) throws IOException {
        String name = attribute.substring(attribute.indexOf(':') + 1);
        UserPrincipalLookupService users = local.getFileSystem().getUserPrincipalLookupService();
        switch (name) {
            case "lastModifiedTime", "lastAccessTime", "creationTime" -> {
                FileTime t = (FileTime) value;
                change(root, local, BasicFileAttributeView.class, v -> v.setTimes(
                        name.equals("lastModifiedTime") ? t : null, name.equals("lastAccessTime") ? t : null,
                        name.equals("creationTime") ? t : null));
            }
            case "permissions" -> change(root, local, PosixFileAttributeView.class,
                    v -> v.setPermissions((Set<PosixFilePermission>) value));
            case "owner", "uid" -> {
                // the platform's lookup takes a number for an account it cannot name
                UserPrincipal owner = value instanceof UserPrincipal u ? u
                        : users.lookupPrincipalByName(String.valueOf(value));
                change(root, local, FileOwnerAttributeView.class, v -> v.setOwner(owner));
            }
            case "group", "gid" -> {
                GroupPrincipal group = value instanceof GroupPrincipal g ? g
                        : users.lookupPrincipalByGroupName(String.valueOf(value));
                change(root, local, PosixFileAttributeView.class, v -> v.setGroup(group));
            }
            default -> throw new UnsupportedOperationException("'" + attribute + "' cannot be set");
        }
    }

    /** Makes the folder {@code local} inside {@code root}. */
    static void createDirectory(Path root, Path local, FileAttribute<?>... attrs) throws IOException {
        place(root, local, at -> Files.createDirectory(at, attrs));
    }

    /** Makes the link {@code local} inside {@code root}, leading to {@code aim} (as written in the link). */
    static void createSymbolicLink(Path root, Path local, Path aim, FileAttribute<?>... attrs) throws IOException {
        place(root, local, at -> Files.createSymbolicLink(at, aim, attrs));
    }

    private interface Maker {
        void make(Path at) throws IOException;
    }

    /**
     * Makes something at {@code local} that the platform can only make by path: directly in the share's folder
     * when that is where it goes, else there under a passing name and then moved from the opened share folder to
     * the opened folder it goes in. A move over a name taken meanwhile fails for a folder unless what is there is an
     * empty folder; a link could replace a file made in the same instant under the same name.
     */
    private static void place(Path root, Path local, Maker maker) throws IOException {
        Path rel = relative(root, local);
        if (rel == null || rel.getNameCount() == 1) {
            maker.make(local);
            return;
        }
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> share)) {
            top.close();
            maker.make(local);
            return;
        }
        try (share; SecureDirectoryStream<Path> dir = folderOf(root, rel)) {
            Path name = rel.getFileName();
            if (exists(dir, name)) {
                throw new FileAlreadyExistsException(local.toString());
            }
            Path passing = root.getFileSystem().getPath(".lanshare-new-" + UUID.randomUUID());
            maker.make(root.resolve(passing));
            try {
                share.move(passing, RequestFolders.unwrap(dir), name);
            } catch (IOException e) {
                if (Files.isDirectory(root.resolve(passing), NOFOLLOW)) {
                    share.deleteDirectory(passing);
                } else {
                    share.deleteFile(passing);
                }
                if (!(e instanceof AtomicMoveNotSupportedException)) {
                    throw e;
                }
                maker.make(local); // another file system inside the share (a mount): by path
            }
        }
    }

    private static boolean exists(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Copies the file or folder {@code source} (inside {@code sourceRoot}; a link is not copied) to {@code target}
     * (inside {@code targetRoot}): a folder is made empty, a file's bytes go from one opened file to the other. Like
     * {@link Files#copy(Path, Path, CopyOption...)}: an existing target is replaced only when asked to, a file copied
     * onto itself is left alone, times and permissions go along when asked to.
     */
    static void copy(Path sourceRoot, Path source, Path targetRoot, Path target, CopyOption... options)
            throws IOException {
        List<CopyOption> opts = Arrays.asList(options);
        boolean replace = opts.contains(StandardCopyOption.REPLACE_EXISTING);
        BasicFileAttributes from = onView(sourceRoot, source, BasicFileAttributeView.class,
                BasicFileAttributeView::readAttributes);
        if (!from.isDirectory() && !from.isRegularFile()) {
            throw new FileSystemException(source.toString(), null, "only files and folders are copied");
        }
        if (from.fileKey() != null && from.fileKey().equals(fileKeyOrNull(targetRoot, target))) {
            return;
        }
        if (from.isDirectory()) {
            if (replace) {
                try {
                    delete(targetRoot, target);
                } catch (NoSuchFileException e) {
                    // nothing to replace
                }
            }
            createDirectory(targetRoot, target);
        } else {
            Set<OpenOption> write = new HashSet<>(List.of(StandardOpenOption.WRITE,
                    replace ? StandardOpenOption.CREATE : StandardOpenOption.CREATE_NEW));
            try (FileChannel in = openFile(sourceRoot, source, Set.of(StandardOpenOption.READ));
                    FileChannel out = openFile(targetRoot, target, write)) {
                if (replace && from.fileKey() != null && from.fileKey().equals(keyOf(targetRoot, target))) {
                    return; // became the same file meanwhile: nothing to copy, and nothing to cut
                }
                out.truncate(0);
                long size = in.size();
                for (long done = 0; done < size;) {
                    long n = in.transferTo(done, size - done, out);
                    if (n <= 0) {
                        break;
                    }
                    done += n;
                }
            }
        }
        if (opts.contains(StandardCopyOption.COPY_ATTRIBUTES)) {
            change(targetRoot, target, BasicFileAttributeView.class,
                    v -> v.setTimes(from.lastModifiedTime(), from.lastAccessTime(), from.creationTime()));
            Set<PosixFilePermission> permissions = onView(sourceRoot, source, PosixFileAttributeView.class,
                    v -> v.readAttributes().permissions());
            change(targetRoot, target, PosixFileAttributeView.class, v -> v.setPermissions(permissions));
        }
    }

    private static Object fileKeyOrNull(Path root, Path local) throws IOException {
        try {
            return keyOf(root, local);
        } catch (NoSuchFileException e) {
            return null;
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
     * The folder that holds the last name of {@code rel}, opened step by step from {@code root} (once per request,
     * see {@link RequestFolders}); null when the platform has no secure directory streams.
     */
    private static SecureDirectoryStream<Path> folderOf(Path root, Path rel) throws IOException {
        RequestFolders request = RequestFolders.current();
        if (request == null) {
            return openFolderOf(root, rel);
        }
        return request.folder(rel.getNameCount() == 1 ? root : root.resolve(rel.getParent()),
                () -> openFolderOf(root, rel));
    }

    /** {@link #folderOf}, opened now (and closed by the caller). */
    private static SecureDirectoryStream<Path> openFolderOf(Path root, Path rel) throws IOException {
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
