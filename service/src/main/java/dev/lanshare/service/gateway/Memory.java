package dev.lanshare.service.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.jackrabbit.webdav.property.DavPropertySet;

/**
 * What the gateway keeps to itself, in memory only: Finder's {@code .DS_Store} and {@code ._*} files (never
 * written into a colleague's folder) and the dead properties clients set (SFTP has nowhere to keep them).
 */
final class Memory {
    /** Finder's files are small; a bigger one is refused rather than held. */
    static final int MAX_FILE = 4 * 1024 * 1024;

    record Blob(byte[] data, long modified) {
    }

    private final Map<DavPath, Blob> files = new ConcurrentHashMap<>();
    private final Map<DavPath, DavPropertySet> properties = new ConcurrentHashMap<>();

    Blob file(DavPath path) {
        return files.get(path);
    }

    void put(DavPath path, byte[] data) {
        files.put(path, new Blob(data, System.currentTimeMillis()));
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

    DavPropertySet properties(DavPath path) {
        return properties.computeIfAbsent(path, p -> new DavPropertySet());
    }

    DavPropertySet propertiesIfAny(DavPath path) {
        return properties.get(path);
    }

    /** Forgets everything at or below {@code path}. */
    void delete(DavPath path) {
        files.keySet().removeIf(p -> p.within(path));
        properties.keySet().removeIf(p -> p.within(path));
    }

    /** Copies (or moves) everything at or below {@code from} to {@code to}. */
    void copy(DavPath from, DavPath to, boolean move) {
        for (var e : List.copyOf(files.entrySet())) {
            if (e.getKey().within(from)) {
                files.put(e.getKey().rebase(from, to), e.getValue());
            }
        }
        for (var e : List.copyOf(properties.entrySet())) {
            if (e.getKey().within(from)) {
                DavPropertySet copy = new DavPropertySet();
                copy.addAll(e.getValue());
                properties.put(e.getKey().rebase(from, to), copy);
            }
        }
        if (move) {
            delete(from);
        }
    }
}
