package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpHelper;

/**
 * The attributes of a listed entry from one {@code lstat}, as OpenSSH's sftp-server reads them: the folder being
 * listed is already resolved and inside its share, so an entry that is not a link needs no further check. A link
 * is followed only when its target is inside the share (then the target's attributes are shown, as for any other
 * request that follows links); a link that leads out, or nowhere, is shown as the link itself, which says nothing
 * of its target. Owner and group names come from a short-lived cache instead of the passwd and group databases
 * for every entry.
 */
final class EntryAttributes {
    /** Where the platform has the "unix" view (Linux, macOS); elsewhere MINA reads attributes its own way. */
    static final boolean SUPPORTED = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    private static final String STAT =
            "unix:mode,nlink,uid,gid,size,lastAccessTime,lastModifiedTime,creationTime,fileKey";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;

    static final Names NAMES = new Names(System::nanoTime, 10_000_000_000L);

    private EntryAttributes() {
    }

    /** The file key of an entry, read from the listed folder itself (see {@link OpenedFolders.Listing}). */
    interface Keys {
        Object of(String name) throws IOException;
    }

    /**
     * The attributes of {@code entry}, a name in a folder already resolved inside {@code shareRoot}; null when the
     * entry went away since the folder was read. They are read by path, and kept only when they are those of the
     * entry in the listed folder ({@code keys}, the same file key): a folder on the way swapped for a link after the
     * listing began would otherwise show an outside file's size and times.
     */
    static SftpClient.Attributes read(Path entry, String name, Path shareRoot, Keys keys) throws IOException {
        Path source = entry;
        Map<String, Object> a;
        try {
            a = Files.readAttributes(entry, STAT, NOFOLLOW);
            if (keys != null && !a.get("fileKey").equals(keys.of(name))) {
                return null; // not the listed entry: the folder was swapped meanwhile
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        if ((mode(a) & S_IFMT) == S_IFLNK) {
            try {
                Path real = entry.toRealPath();
                if (real.startsWith(shareRoot)) {
                    Map<String, Object> target = Files.readAttributes(real, STAT, NOFOLLOW);
                    OpenedFolders.checkSameFile(real, OpenedFolders.keyOf(shareRoot, real), target.get("fileKey"));
                    a = target;
                    source = real;
                }
            } catch (IOException e) {
                // a link to nothing (or to what this account may not reach, or moving): shown as the link itself
            }
        }
        return attributes(a, name, source);
    }

    private static int mode(Map<String, Object> a) {
        return (Integer) a.get("mode");
    }

    private static SftpClient.Attributes attributes(Map<String, Object> a, String name, Path source)
            throws IOException {
        int mode = mode(a);
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        Listed out = new Listed(name, (Integer) a.get("nlink"));
        out.setType(type(mode));
        out.size((Long) a.get("size"));
        out.owner(uid, gid);
        String[] names = NAMES.of(uid, gid, source, a.get("fileKey"));
        out.owner(names[0]);
        out.group(names[1]);
        out.perms(mode);
        out.accessTime((FileTime) a.get("lastAccessTime"));
        out.modifyTime((FileTime) a.get("lastModifiedTime"));
        out.createTime((FileTime) a.get("creationTime"));
        return out;
    }

    private static int type(int mode) {
        switch (mode & S_IFMT) {
            case S_IFREG:
                return SftpConstants.SSH_FILEXFER_TYPE_REGULAR;
            case S_IFDIR:
                return SftpConstants.SSH_FILEXFER_TYPE_DIRECTORY;
            case S_IFLNK:
                return SftpConstants.SSH_FILEXFER_TYPE_SYMLINK;
            default:
                return SftpConstants.SSH_FILEXFER_TYPE_SPECIAL;
        }
    }

    /** Attributes whose "ls -l" line (SFTP version 3) is made only when MINA asks for it, with the link count. */
    private static final class Listed extends SftpClient.Attributes {
        private final String name;
        private final int links;

        Listed(String name, int links) {
            this.name = name;
            this.links = links;
        }

        @Override
        public String longName() {
            Map<String, Object> m = new HashMap<>();
            m.put("owner", getOwner());
            m.put("group", getGroup());
            m.put("size", getSize());
            m.put("nlink", links);
            m.put("isDirectory", isDirectory());
            m.put("isSymbolicLink", isSymbolicLink());
            m.put("permissions", SftpHelper.permissionsToAttributes(getPermissions()));
            m.put("lastModifiedTime", getModifyTime());
            return SftpHelper.getLongName(name, m);
        }
    }

    /** uid and gid to names, each remembered for a short while (a renamed account shows within seconds). */
    static final class Names {
        private record Name(String name, long until) {
        }

        private final LongSupplier clock;
        private final long ttlNanos;
        private final Map<Integer, Name> users = new ConcurrentHashMap<>();
        private final Map<Integer, Name> groups = new ConcurrentHashMap<>();

        Names(LongSupplier clock, long ttlNanos) {
            this.clock = clock;
            this.ttlNanos = ttlNanos;
        }

        /**
         * The names of {@code uid} and {@code gid}, looked up through {@code file} (which has them, and the file key
         * {@code key}) when unknown. Looked up by path: when {@code file} is no longer that file (a folder on the way
         * swapped), the numbers stand for the names and nothing is remembered.
         */
        String[] of(int uid, int gid, Path file, Object key) throws IOException {
            long now = clock.getAsLong();
            Name user = users.get(uid);
            Name group = groups.get(gid);
            if (user == null || group == null || now - user.until() > 0 || now - group.until() > 0) {
                PosixFileAttributes p = Files.readAttributes(file, PosixFileAttributes.class, NOFOLLOW);
                if (key != null && !key.equals(p.fileKey())) {
                    return new String[] {String.valueOf(uid), String.valueOf(gid)};
                }
                user = new Name(p.owner().getName(), now + ttlNanos);
                group = new Name(p.group().getName(), now + ttlNanos);
                users.put(uid, user);
                groups.put(gid, group);
            }
            return new String[] {user.name(), group.name()};
        }
    }
}
