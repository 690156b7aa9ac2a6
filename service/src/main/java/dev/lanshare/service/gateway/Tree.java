package dev.lanshare.service.gateway;

import dev.lanshare.service.peer.OpenFile;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.RandomAccessContent;
import org.apache.commons.vfs2.impl.DecoratedFileObject;
import org.apache.commons.vfs2.util.RandomAccessMode;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavServletResponse;

/**
 * The gateway's tree read side: the colleagues, each one's shares, then their folders, with listings kept for
 * {@link #TTL_MILLIS} so that a file manager's flood of requests costs one round trip per folder. A colleague that
 * cannot be opened shows one file, {@link #NOTE}, saying why and how to log in.
 */
final class Tree {
    static final long TTL_MILLIS = 2000;
    static final String NOTE = "How to open this folder.txt";

    private record Listing(Map<String, Entry> entries, long until) {
    }

    private final Supplier<List<Colleague>> colleagues;
    private final PeerFiles files;
    private final Memory memory;
    private final LongSupplier clock;
    private final long started;
    private final Map<DavPath, Listing> cache = new ConcurrentHashMap<>();
    private final Map<String, String> notes = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    Tree(Supplier<List<Colleague>> colleagues, PeerFiles files, Memory memory, LongSupplier clock) {
        this.colleagues = colleagues;
        this.files = files;
        this.memory = memory;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    Memory memory() {
        return memory;
    }

    PeerFiles files() {
        return files;
    }

    Optional<Colleague> colleague(DavPath path) {
        return path.depth() == 0 ? Optional.empty() : Colleague.find(colleagues.get(), path.peer());
    }

    /** The file or folder at {@code path}, or empty when there is none (or its colleague is unknown). */
    Optional<Entry> stat(DavPath path) throws DavException {
        if (path.depth() == 0) {
            return Optional.of(Entry.folder("", started));
        }
        if (path.depth() == 1) {
            return colleague(path).map(c -> Entry.folder(c.name(), started));
        }
        if (stat(path.parent()).filter(Entry::folder).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(named(list(path.parent()), path.name()));
    }

    /**
     * The file or folder at {@code path} as it is on the colleague now, for a download: a listing may be up to
     * {@link #TTL_MILLIS} old, but a {@code GET} sized by it served a changed file cut short or broken. A listing
     * that no longer matches is dropped, so the next one shows the change too.
     */
    Optional<Entry> statNow(DavPath path) throws DavException {
        if (path.depth() < 3 || memory.file(path) != null || Names.finderJunk(path.name())) {
            return stat(path); // Finder's flood of ._ requests is answered without asking the colleague
        }
        if (Names.hidden(path.name())) {
            return Optional.empty();
        }
        Colleague c = colleague(path).orElseThrow(() -> new DavException(DavServletResponse.SC_NOT_FOUND));
        FileObject f = file(c, path);
        try {
            synchronized (lock(c)) {
                FileObject raw = f instanceof DecoratedFileObject d ? d.getDecoratedFileObject() : f;
                raw.refresh();
                if (!raw.exists()) {
                    return Optional.empty();
                }
                Entry now = entryOf(raw);
                seen(path, now);
                return Optional.of(now);
            }
        } catch (FileSystemException e) {
            if (Failures.status(e) == DavServletResponse.SC_NOT_FOUND) {
                return Optional.empty();
            }
            throw failed(c, e, path);
        }
    }

    /** Drops the listing that holds {@code path} when it shows it otherwise than {@code now}. */
    private void seen(DavPath path, Entry now) {
        Listing l = cache.get(path.parent());
        if (l != null && !now.equals(named(l.entries(), path.name()))) {
            cache.remove(path.parent());
        }
    }

    /** A colleague's file opened for a download ({@link #openNow}). */
    interface Opened extends java.io.Closeable {
        /** The file as the open file has it: what {@link #from} reads. */
        Entry entry();

        /** Its content from {@code offset} on; once. */
        InputStream from(long offset) throws IOException;
    }

    /**
     * The colleague's file at {@code path} opened for a download, with its size and time read from the open file,
     * never by name before it: a file saved meanwhile (another renamed over its name between a stat and the open)
     * was sent as the first bytes of the new file with the old size, or cut short. Empty when the gateway answers
     * for the path itself (above a share, Finder's files, the note), or when it is no file the colleague lets
     * this user read: then {@link #statNow} says what it is.
     */
    Optional<Opened> openNow(DavPath path) throws DavException {
        if (path.depth() < 3 || memory.file(path) != null || Names.finderJunk(path.name())
                || Names.hidden(path.name())) {
            return Optional.empty();
        }
        Colleague c = colleague(path).orElseThrow(() -> new DavException(DavServletResponse.SC_NOT_FOUND));
        String remote = remotePath(path);
        OpenFile f = null;
        for (int i = 0; f == null; i++) {
            try {
                f = files.open(c.target(), remote);
            } catch (PeerException e) {
                if (e.getCause() instanceof OpenFile.Changing) {
                    throw new DavException(DavServletResponse.SC_SERVICE_UNAVAILABLE, path + " on " + c.name()
                            + " changed each time it was opened: it is being saved; try again", e, null);
                }
                if (!(e.getCause() instanceof org.apache.sshd.sftp.common.SftpException)) {
                    throw failed(c, e, path);
                }
                // refused: not there or a folder (statNow says which), or a file being replaced just then, which
                // the colleague's checks of the path can refuse for a moment: opened again, never read by name
                Optional<Entry> there = statNow(path);
                if (there.isEmpty() || there.get().folder()) {
                    return Optional.empty();
                }
                if (i == OpenFile.TRIES) {
                    throw failed(c, e, path);
                }
            }
        }
        OpenFile open = f;
        Entry entry = new Entry(remote.substring(remote.lastIndexOf('/') + 1), false, f.size(), f.modified());
        seen(path, entry);
        return Optional.of(new Opened() {
            @Override
            public Entry entry() {
                return entry;
            }

            @Override
            public InputStream from(long offset) throws IOException {
                return open.from(offset);
            }

            @Override
            public void close() throws IOException {
                open.close();
            }
        });
    }

    /**
     * The entry named {@code name} in {@code entries}: the one spelled exactly so, else one whose name differs only
     * in Unicode normalization (macOS sends decomposed names, most disks hold composed ones), the composed first.
     * Two names that differ only so (both possible on Linux) each list and open as themselves.
     */
    static Entry named(Map<String, Entry> entries, String name) {
        Entry exact = entries.get(name);
        if (exact != null || Names.ascii(name)) {
            return exact;
        }
        String composed = Names.nfc(name);
        Entry found = entries.get(composed);
        for (Iterator<Entry> it = entries.values().iterator(); found == null && it.hasNext(); ) {
            Entry e = it.next();
            found = Names.same(e.name(), composed) ? e : null;
        }
        return found;
    }

    /**
     * The entries of the folder at {@code path} as the colleague has them now, never from a listing up to
     * {@link #TTL_MILLIS} old: for a COPY or MOVE that walks it, which left out a file made just before.
     */
    Map<String, Entry> listNow(DavPath path) throws DavException {
        cache.remove(path);
        return list(path);
    }

    /** The entries of the folder at {@code path}, by their names as on the colleague's disk. */
    Map<String, Entry> list(DavPath path) throws DavException {
        Listing l = cache.get(path);
        if (l != null && l.until() > clock.getAsLong()) {
            return l.entries();
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (path.depth() == 0) {
            colleagues.get().forEach(c -> entries.put(c.name(), Entry.folder(c.name(), started)));
        } else if (path.depth() == 1) {
            shares(path, entries);
        } else {
            remote(path, entries);
        }
        cache.put(path, new Listing(entries, clock.getAsLong() + TTL_MILLIS));
        return entries;
    }

    private void shares(DavPath path, Map<String, Entry> entries) throws DavException {
        Colleague c = colleague(path).orElseThrow(() -> new DavException(DavServletResponse.SC_NOT_FOUND));
        notes.remove(c.name());
        try {
            synchronized (lock(c)) {
                for (FileObject share : files.resolve(c.target(), "/").getChildren()) {
                    Entry e = entry(share);
                    entries.put(e.name(), e);
                }
            }
            if (entries.isEmpty() && files.guest(c.target())) {
                note(c, "It shares nothing with guests.", true);
            }
        } catch (PeerException | FileSystemException e) {
            files.drop(c.target());
            // a changed host key is no matter of logging in: its message says what to check and do
            note(c, Failures.message(e), !(e instanceof PeerException.HostKeyChanged));
        }
        if (notes.containsKey(c.name())) {
            entries.put(NOTE, new Entry(NOTE, false, note(c.name()).length, clock.getAsLong()));
        }
    }

    private void note(Colleague c, String why, boolean logInHelps) {
        String said = c.name() + " cannot be opened here: " + why;
        notes.put(c.name(), !logInHelps ? said + "\r\n" : String.join("\r\n", said, "",
                "If " + c.name() + " gave you an account, log in once and lanshare remembers it:",
                "    lanshare login \"" + c.name() + "\" -u ACCOUNT",
                "or open one of its shares from the Colleagues menu of the lanshare tray, log in there and tick",
                "\"Remember\".",
                "Then open this folder again.", ""));
    }

    /** The text of {@link #NOTE} for colleague {@code peer}. */
    byte[] note(String peer) {
        return notes.getOrDefault(peer, "").getBytes(StandardCharsets.UTF_8);
    }

    private void remote(DavPath path, Map<String, Entry> entries) throws DavException {
        Colleague c = colleague(path).orElseThrow(() -> new DavException(DavServletResponse.SC_NOT_FOUND));
        try {
            synchronized (lock(c)) {
                for (FileObject child : file(c, path).getChildren()) {
                    Entry e = entry(child);
                    if (!Names.hidden(e.name())) {
                        entries.put(e.name(), e);
                    }
                }
            }
        } catch (FileSystemException e) {
            throw failed(c, e, path);
        }
        memory.children(path).forEach(e -> entries.put(e.name(), e));
    }

    /** The colleague's file at {@code path} (depth 2 or more), its names spelled as on the colleague's disk. */
    FileObject file(Colleague c, DavPath path) throws DavException {
        return file(c, remotePath(path), path);
    }

    /** The colleague's file at {@code remote} ({@code /SHARE/...} as on its disk), for the request on {@code path}. */
    FileObject file(Colleague c, String remote, DavPath path) throws DavException {
        try {
            synchronized (lock(c)) {
                return files.resolve(c.target(), remote);
            }
        } catch (PeerException e) {
            throw Failures.of(e, path.toString());
        }
    }

    /**
     * {@code /SHARE/...} with each name that is not plain ASCII matched to the colleague's spelling of it
     * ({@link #named}); a name the folder does not hold yet is spelled composed.
     */
    String remotePath(DavPath path) throws DavException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < path.depth(); i++) {
            String name = path.segments().get(i);
            if (!Names.ascii(name)) {
                Entry there = named(list(new DavPath(path.segments().subList(0, i))), name);
                name = there != null ? there.name() : Names.nfc(name); // a new name is made composed
            }
            sb.append('/').append(name);
        }
        return sb.toString();
    }

    /** The content of the file at {@code path} from byte {@code offset} on. */
    InputStream open(DavPath path, Entry entry, long offset) throws DavException {
        Memory.Blob kept = memory.file(path);
        if (kept != null || (path.depth() == 2 && path.name().equals(NOTE))) {
            byte[] data = kept != null ? kept.data() : note(path.peer());
            int from = (int) Math.min(offset, data.length);
            return new ByteArrayInputStream(data, from, data.length - from);
        }
        Colleague c = colleague(path).orElseThrow(() -> new DavException(DavServletResponse.SC_NOT_FOUND));
        FileObject f = file(c, path);
        Object lock = lock(c);
        try {
            synchronized (lock) {
                if (offset == 0) {
                    return closingLocked(f.getContent().getInputStream(), null, lock);
                }
                RandomAccessContent rac = f.getContent().getRandomAccessContent(RandomAccessMode.READ);
                rac.seek(offset);
                return closingLocked(rac.getInputStream(), rac, lock);
            }
        } catch (IOException e) {
            throw failed(c, e, path);
        }
    }

    /** Reads run unlocked; closing touches VFS's objects again, so it takes the colleague's lock. */
    private static InputStream closingLocked(InputStream in, RandomAccessContent rac, Object lock) {
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                synchronized (lock) {
                    try {
                        super.close();
                    } finally {
                        if (rac != null) {
                            rac.close();
                        }
                    }
                }
            }
        };
    }

    /**
     * The one lock for a colleague's VFS objects: Commons VFS's SFTP provider locks its file system and its file
     * objects in opposite orders, and two requests at once deadlock it (seen: rclone's parallel uploads). Content
     * is read and written outside it.
     */
    Object lock(Colleague c) {
        return locks.computeIfAbsent(c.target().trustId(), k -> new Object());
    }

    DavException failed(Colleague c, Exception e, DavPath path) {
        if (Failures.connectionMayBeBroken(e)) {
            files.drop(c.target());
        }
        return Failures.of(e, path.toString());
    }

    /** Forgets every listing: after any change made through the gateway. */
    void changed() {
        cache.clear();
    }

    private static Entry entry(FileObject f) throws FileSystemException {
        // the decorated object re-reads its attributes on every call; the listing already brought them
        FileObject raw = f instanceof DecoratedFileObject d ? d.getDecoratedFileObject() : f;
        try {
            return entryOf(raw);
        } catch (FileSystemException e) {
            f.refresh(); // a cached object VFS kept from before a change through it: read it afresh
            return entryOf(f);
        }
    }

    private static Entry entryOf(FileObject f) throws FileSystemException {
        boolean folder = f.getType().hasChildren();
        return new Entry(PeerClient.name(f), folder, folder ? 0 : f.getContent().getSize(),
                f.getContent().getLastModifiedTime());
    }
}
