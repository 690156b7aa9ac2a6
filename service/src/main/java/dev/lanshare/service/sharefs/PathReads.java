package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two reads that Java offers only by path, a link's text and access rights, done so that a folder on the way
 * swapped for a link cannot show a client anything from outside.
 * <ul>
 * <li>A link's text is read through the opened folder that holds it ({@code /proc/self/fd/N/name} on Linux, see
 * {@link #readLink}); elsewhere by path, checked before and after.</li>
 * <li>Access is not asked of the system by path: the file's owner, group and mode are read (by path, kept only when
 * they are those of the file reached from the opened folder chain, same file key, see {@link OpenedFolders}) and judged
 * here the way the kernel judges them, for this process's user and groups. What the mode does not say (ACLs, a
 * read-only mount) is left to the operation itself, which then fails with its own answer.</li>
 * </ul>
 */
final class PathReads {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private PathReads() {
    }

    /**
     * The text of the link {@code local} (inside {@code root}, no links on the way as resolved), read from the
     * opened folder that holds it: Java has no {@code readlinkat}, but Linux reaches a folder opened by this
     * process as {@code /proc/self/fd/N}, without looking up any folder by name. The descriptor is found by the
     * folder's file key and checked again after the read (another thread could have closed and reused it).
     */
    static Path readLink(Path root, Path local) throws IOException {
        return OpenedFolders.inFolder(root, local, (folder, name) -> {
            if (folder == null || !Files.isDirectory(FDS)) {
                return bracketed(root, local);
            }
            if (!folder.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes()
                    .isSymbolicLink()) {
                throw new NotLinkException(local.toString(), null, "not a link");
            }
            Object key = folder.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            Path opened = descriptorOf(key);
            if (opened == null) {
                throw new FileSystemException(local.toString(), null, "the opened folder was not found in " + FDS);
            }
            Path aim = Files.readSymbolicLink(opened.resolve(name.toString()));
            OpenedFolders.checkSameFile(local, key, keyOrNull(opened));
            return aim;
        });
    }

    /** {@code /proc/self/fd/N} for a descriptor of this process open on the folder with {@code key}; or null. */
    private static Path descriptorOf(Object key) throws IOException {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
            for (Path fd : fds) {
                if (key.equals(keyOrNull(fd))) {
                    return fd;
                }
            }
        }
        return null;
    }

    private static Object keyOrNull(Path fd) {
        try {
            BasicFileAttributes a = Files.readAttributes(fd, BasicFileAttributes.class);
            return a.isDirectory() ? a.fileKey() : null;
        } catch (IOException e) {
            return null; // closed meanwhile
        }
    }

    /**
     * Where there is no {@code /proc} (macOS): read by path between two reads of the link from the opened chain
     * and one by path just after, kept only when all three are the same link. A link outside could get through
     * only if a folder on the way were swapped out and back within the microseconds between the read and the
     * check by path after it; its text must still lead inside the share to be shown (checked by the caller).
     */
    private static Path bracketed(Path root, Path local) throws IOException {
        BasicFileAttributes before = OpenedFolders.onView(root, local, BasicFileAttributeView.class,
                BasicFileAttributeView::readAttributes);
        if (!before.isSymbolicLink()) {
            throw new NotLinkException(local.toString(), null, "not a link");
        }
        Path aim = Files.readSymbolicLink(local);
        Object byPath = Files.readAttributes(local, BasicFileAttributes.class, NOFOLLOW).fileKey();
        OpenedFolders.checkSameFile(local, before.fileKey(), byPath);
        OpenedFolders.checkSameFile(local, before.fileKey(), OpenedFolders.keyOf(root, local));
        return aim;
    }

    /**
     * Refuses with {@link AccessDeniedException} unless this process may use {@code local} (inside {@code root}, as
     * resolved; a link at the end is not followed) in every one of {@code modes}; with none, only that it exists.
     */
    static void checkAccess(Path root, Path local, AccessMode... modes) throws IOException {
        if (!UNIX || Identity.SELF == null) {
            OpenedFolders.keyOf(root, local); // exists, reached from the opened chain
            if (modes.length > 0) {
                local.getFileSystem().provider().checkAccess(local, modes); // where there is no "unix" view
            }
            return;
        }
        Map<String, Object> a = OpenedFolders.readAttributes(root, local, "unix:mode,uid,gid");
        int mode = (Integer) a.get("mode");
        for (AccessMode m : modes) {
            if (!Identity.SELF.may(m, mode, (Integer) a.get("uid"), (Integer) a.get("gid"))) {
                throw new AccessDeniedException(local.toString(), null, "no " + m.name().toLowerCase() + " access");
            }
        }
    }

    /** This process's effective user and its groups, from {@code /proc/self/status} (Linux). */
    record Identity(int uid, Set<Integer> groups) {
        static final Identity SELF = read();

        private static Identity read() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
                int uid = -1;
                Set<Integer> groups = new HashSet<>();
                for (String line : lines) {
                    String[] f = line.trim().split("\\s+");
                    if (f[0].equals("Uid:")) {
                        uid = Integer.parseInt(f[2]);
                    } else if (f[0].equals("Gid:")) {
                        groups.add(Integer.parseInt(f[2]));
                    } else if (f[0].equals("Groups:")) {
                        Arrays.stream(f).skip(1).map(Integer::valueOf).forEach(groups::add);
                    }
                }
                return uid < 0 ? null : new Identity(uid, Set.copyOf(groups));
            } catch (IOException | RuntimeException e) {
                return null; // not Linux: access is asked of the system by path
            }
        }

        /** Whether the kernel would allow {@code m} on a file with {@code mode}, {@code owner} and {@code group}. */
        boolean may(AccessMode m, int mode, int owner, int group) {
            int bit = switch (m) {
                case READ -> 4;
                case WRITE -> 2;
                case EXECUTE -> 1;
            };
            if (uid == 0) {
                // root reads and writes anything, and runs what anyone may run (or enters any folder)
                return m != AccessMode.EXECUTE || (mode & 0111) != 0 || (mode & 0170000) == 0040000;
            }
            int shift = owner == uid ? 6 : groups.contains(group) ? 3 : 0;
            return ((mode >> shift) & bit) != 0;
        }
    }
}
