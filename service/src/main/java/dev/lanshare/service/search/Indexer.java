package dev.lanshare.service.search;

import dev.lanshare.service.sharefs.ShareTree;
import dev.lanshare.service.sharefs.ShareTree.Item;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;

/**
 * Brings the index in line with the shares' folders: builds a share from nothing, rescans one (rewriting only
 * what changed), and brings one changed folder up to date. Runs on the index's one writing thread.
 */
final class Indexer {
    /**
     * How often a long build shows searches what it found so far (the crash test's child makes it short). It does
     * not commit on the way: a share not marked complete is built again from nothing after a crash, so a commit
     * of part of it would only cost its writes to disk.
     */
    static volatile long progressNanos = 2_000_000_000L;

    private final IndexStore store;
    private final Watcher watcher;
    private final Predicate<ShareTree> current;

    /** @param current whether a share is still shared from that folder; a walk stops as soon as it is not */
    Indexer(IndexStore store, Watcher watcher, Predicate<ShareTree> current) {
        this.store = store;
        this.watcher = watcher;
        this.current = current;
    }

    /**
     * Indexes a share from nothing and marks it complete at the end. The folders are read
     * on other threads, several at once, which also add their documents (Lucene's writer takes documents from
     * several threads, so splitting names and inverting them spread over the cores); this thread watches the
     * folders they hand over (a bounded queue between them) and shows progress now and then. It returns only once the
     * walking threads are done, so nothing is added after it, whatever the writing thread does next.
     */
    void build(ShareTree files) throws IOException {
        String name = files.share().name();
        store.removeShare(name);
        long last = System.nanoTime();
        BlockingQueue<Folder> queue = new ArrayBlockingQueue<>(QUEUE);
        AtomicBoolean stop = new AtomicBoolean();
        Thread walker = new Thread(() -> walk(files, queue, stop), "lanshare-index-walk");
        walker.setDaemon(true);
        walker.setPriority(Thread.MIN_PRIORITY);
        walker.start();
        try {
            for (Folder f = take(queue); f != END; f = take(queue)) {
                if (f.failure != null) {
                    throw rethrown(f.failure);
                }
                checkCurrent(files);
                watcher.watch(files, f.host);
                if (System.nanoTime() - last > progressNanos) {
                    store.refresh();
                    last = System.nanoTime();
                }
            }
        } finally {
            stop.set(true);
            queue.clear(); // a walker waiting to hand over a folder sees the stop
            join(walker);
        }
        checkCurrent(files);
        store.commit(name, files.root().toString());
        store.refresh();
    }

    /** Folders a build reads at once (see {@link ShareTree#walkInParallel}). */
    static final int WALKERS = 4;
    /** Folders a build's walker hands over at most before it waits for the writer. */
    private static final int QUEUE = 64;
    private static final Folder END = new Folder(null, null);

    /** One folder a build's walkers read and indexed, or how the walk failed. */
    private record Folder(Path host, Throwable failure) {
    }

    /** Waits for a build's walker; never interrupted, as this is the index's writing thread. */
    private static void join(Thread walker) {
        while (walker.isAlive()) {
            try {
                walker.join();
            } catch (InterruptedException e) {
                // only close interrupts, and it does not
            }
        }
    }

    private void walk(ShareTree files, BlockingQueue<Folder> queue, AtomicBoolean stop) {
        Folder last = END;
        try {
            files.walkInParallel(files.root(), WALKERS, (host, client, items) -> {
                if (stop.get()) {
                    throw new CancellationException("the build stopped");
                }
                checkCurrent(files);
                store.add(FolderDocuments.documents(files.share().name(), client, items));
                put(queue, new Folder(host, null), stop);
            });
        } catch (Throwable e) { // whatever ends the walk, the writer hears of it rather than waiting for ever
            last = new Folder(null, e);
        }
        put(queue, last, stop);
    }

    private static IOException rethrown(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }

    private static void put(BlockingQueue<Folder> queue, Folder f, AtomicBoolean stop) {
        try {
            while (!stop.get() && !queue.offer(f, 100, TimeUnit.MILLISECONDS)) {
                // the writer is busy; wait for room unless the build stopped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    /** The next folder; never interrupted, as this is the index's writing thread. */
    private static Folder take(BlockingQueue<Folder> queue) {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // only close interrupts, and it does not: keep the writer's thread out of Lucene's interrupt rule
            }
        }
    }

    /** Walks a share that was indexed before, rewriting only entries that changed and dropping the gone. */
    void rescan(ShareTree files) throws IOException {
        rescan(files, files.root(), false);
        store.refresh();
    }

    /**
     * Brings the folders from {@code top} down up to date and watches them. Folders that just {@code appeared} may
     * still be filling up (a folder copied in): each is watched first and then listed again, so that a file made
     * between the walk's listing and the watch is not missed until the next full rescan (of 1,300 files made in a
     * new folder, 26 went unnoticed once).
     */
    private void rescan(ShareTree files, Path top, boolean appeared) throws IOException {
        store.refresh();
        SearcherManager searchers = store.searchers();
        IndexSearcher searcher = searchers.acquire();
        try {
            files.walk(top, (host, client, items) -> {
                checkCurrent(files);
                if (appeared) {
                    watcher.watch(files, host);
                    sync(searcher, files, host, client, files.list(host));
                } else {
                    sync(searcher, files, host, client, items);
                    watcher.watch(files, host);
                }
            });
        } finally {
            searchers.release(searcher);
        }
    }

    /** Brings one folder up to date after a change notification; new (or replaced) subfolders are walked whole. */
    void changed(ShareTree files, Path host) throws IOException {
        if (!current.test(files) || !files.isFolderInside(host)) {
            return; // a folder that is gone is dropped by its parent's change
        }
        store.refresh(); // the previous folder's changes may concern this one
        IndexSearcher searcher = store.searchers().acquire();
        List<Item> entries = files.list(host);
        try {
            Map<String, Item> before = sync(searcher, files, host, files.clientPath(host), entries);
            boolean allWatched = !watcher.starved(files.share().name());
            for (Item e : entries) {
                Path sub = host.resolve(e.name());
                // a new folder, or another under the name of one the index had, made or moved there before this
                // pass (a folder replaced by a new version of it): walked whole and watched
                if (e.folder() && (before.get(e.name()) == null || allWatched && !watcher.watching(sub, e.identity()))
                        && files.isFolderInside(sub)) {
                    rescan(files, sub, true);
                }
            }
        } finally {
            store.searchers().release(searcher);
        }
    }

    /**
     * Rewrites the index's view of the folder {@code client} (on this machine {@code host}) when it differs from
     * {@code entries} (its documents are rewritten whole, so the cost of a change is bounded by the folder's size);
     * subfolders that are gone, or are files now, are dropped with all they held, and no longer watched. Returns the
     * view before.
     */
    private Map<String, Item> sync(IndexSearcher searcher, ShareTree files, Path host, String client,
            List<Item> entries) throws IOException {
        Map<String, Item> before = store.children(searcher, client);
        Map<String, Item> now = new HashMap<>();
        entries.forEach(e -> now.put(e.name(), e));
        if (before.size() == now.size() && entries.stream().noneMatch(e -> differs(e, before.get(e.name())))) {
            return before;
        }
        List<Path> gone = new ArrayList<>();
        for (Item old : before.values()) {
            Item e = now.get(old.name());
            if (old.folder() && (e == null || !e.folder())) {
                store.removeTree(old.path()); // gone, or a file now
                gone.add(host.resolve(old.name()));
            }
        }
        watcher.unwatch(gone); // a folder moved out of the share would otherwise stay watched
        store.replaceFolder(files.share().name(), client, entries);
        return before;
    }

    /** Whether the index needs rewriting for {@code now}, given what it holds ({@code indexed}, null when nothing). */
    private static boolean differs(Item now, Item indexed) {
        return indexed == null || indexed.folder() != now.folder() || indexed.size() != now.size()
                || indexed.modified() != now.modified();
    }

    private void checkCurrent(ShareTree files) {
        if (!current.test(files)) {
            throw new CancellationException("share '" + files.share().name() + "' is no longer shared");
        }
    }
}
