package dev.lanshare.service.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavServletResponse;

/**
 * What the gateway keeps to itself, in memory only: Finder's {@code .DS_Store} and {@code ._*} files (never
 * written into a colleague's folder) and the dead properties clients set (SFTP has nowhere to keep them).
 */
final class Memory {
    /** Finder's files are small; a bigger one is refused rather than held. */
    static final int MAX_FILE = 4 * 1024 * 1024;
    /**
     * All of them together: 56 uploads of 4 MB filled a 256 MB heap, and every request failed until a restart.
     * Finder's own are a few KiB each, so a folder of thousands of files copied from a Mac fits.
     */
    static final long MAX_TOTAL = 32 * 1024 * 1024;
    /** How many: each costs memory beyond its bytes, and an empty one costs nothing to send. */
    static final int MAX_FILES = 20_000;

    record Blob(byte[] data, long modified) {
    }

    private final Map<DavPath, Blob> files = new ConcurrentHashMap<>();
    private final DeadProperties properties = new DeadProperties(DeadProperties.MAX_EACH, DeadProperties.MAX_TOTAL);
    private final long maxTotal;
    private final int maxFiles;
    /** The bytes of {@link #files}, changed only under this object's lock. */
    private long total;

    Memory() {
        this(MAX_TOTAL, MAX_FILES);
    }

    Memory(long maxTotal, int maxFiles) {
        this.maxTotal = maxTotal;
        this.maxFiles = maxFiles;
    }

    Blob file(DavPath path) {
        return files.get(path);
    }

    /**
     * 507 when not even an empty file can be kept at {@code path}: an upload is then refused before it is read
     * (reading it first would hold up to {@link #MAX_FILE} per request).
     */
    synchronized void checkRoom(DavPath path) throws DavException {
        check(path, 0);
    }

    /** Keeps {@code data} at {@code path}; 507 when it would take the kept files past their caps. */
    synchronized void put(DavPath path, byte[] data) throws DavException {
        total = check(path, data.length);
        files.put(path, new Blob(data, System.currentTimeMillis()));
    }

    /** The total with {@code size} bytes at {@code path}, if that is within the caps. */
    private long check(DavPath path, long size) throws DavException {
        Blob old = files.get(path);
        long after = total - (old == null ? 0 : old.data().length) + size;
        if (after > maxTotal || old == null && files.size() >= maxFiles) {
            throw new DavException(DavServletResponse.SC_INSUFFICIENT_SPACE_ON_RESOURCE, "the gateway keeps at most "
                    + maxFiles + " of Finder's ._ and .DS_Store files, " + maxTotal / (1024 * 1024)
                    + " MiB together; delete some");
        }
        return after;
    }

    /** The kept files directly in {@code folder}. */
    List<Entry> children(DavPath folder) {
        List<Entry> out = new ArrayList<>();
        files.forEach((p, b) -> {
            if (p.parent().equals(folder)) {
                out.add(new Entry(p.name(), false, b.data().length, b.modified()));
            }
        });
        return out;
    }

    DeadProperties properties() {
        return properties;
    }

    /** Forgets everything at or below {@code path}. */
    synchronized void delete(DavPath path) {
        files.entrySet().removeIf(e -> {
            if (e.getKey().within(path)) {
                total -= e.getValue().data().length;
                return true;
            }
            return false;
        });
        properties.delete(path);
    }

    /**
     * Copies (or moves) everything at or below {@code from} to {@code to}. The copies share their bytes with the
     * originals but are counted as any file, so they may take the total past its cap: uploads are then refused
     * until some are deleted.
     */
    synchronized void copy(DavPath from, DavPath to, boolean move) {
        for (var e : List.copyOf(files.entrySet())) {
            if (e.getKey().within(from)) {
                Blob old = files.put(e.getKey().rebase(from, to), e.getValue());
                total += e.getValue().data().length - (old == null ? 0 : old.data().length);
            }
        }
        properties.copy(from, to, false);
        if (move) {
            delete(from);
        }
    }
}
