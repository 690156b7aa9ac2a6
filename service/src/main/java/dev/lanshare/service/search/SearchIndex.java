package dev.lanshare.service.search;

import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import dev.lanshare.service.sharefs.ShareTree;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index of this machine's shares: built in the background on start, kept current from change
 * notifications with a periodic rescan as the safety net, and dropped for a share as soon as it is unshared. All
 * writing happens on one thread; searches read through {@link #searcher()} at any time.
 */
public final class SearchIndex implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
    /** A pass longer than this made enough garbage to be worth a full collection after it. */
    private static final long BIG_PASS_NANOS = 2_000_000_000L;
    /**
     * How often changed folders are looked at, and how long a folder must have been quiet to be brought up to date
     * (the ≤ 3 s promise rests on it and on {@link #MOST_MILLIS}).
     */
    static final long BATCH_MILLIS = 300;
    /**
     * A folder that keeps changing (one being copied into) is brought up to date this often, not after each quiet
     * moment: listing it again and rewriting its documents is paid per pass (2,000 files of 4 KiB arriving over
     * 2.2 s cost the service 0.81-1.29 s of CPU with a pass every 300 ms, 0.42-0.75 s with this), on the cores
     * the copy itself needs.
     */
    static final long MOST_MILLIS = 1500;

    /** @param rescan how often every share is walked again; {@code starvedRescan} for shares not fully watched */
    public record Options(Path folder, Duration rescan, Duration starvedRescan, int watchLimit) {
        public static Options in(Path folder) {
            return new Options(folder, Duration.ofMinutes(15), Duration.ofMinutes(1), Watcher.DEFAULT_LIMIT);
        }
    }

    private final Supplier<Settings> settings;
    private final IndexStore store;
    private final Map<String, ShareTree> current = new ConcurrentHashMap<>();
    /** Folders changed since they were last brought up to date. */
    private final Map<Path, Dirty> dirty = new ConcurrentHashMap<>();
    private final Set<String> building = ConcurrentHashMap.newKeySet();
    /** Passes over a whole share (builds and rescans) since the start. */
    private final AtomicInteger passes = new AtomicInteger();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lanshare-index");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY); // answering and serving files come first
        return t;
    });
    private final Watcher watcher;
    private final Indexer indexer;
    private final Searcher searcher;

    private SearchIndex(Supplier<Settings> settings, IndexStore store, int watchLimit) throws IOException {
        this.settings = settings;
        this.store = store;
        this.watcher = new Watcher(watchLimit, (files, folder) -> {
            long now = System.nanoTime();
            dirty.merge(folder, new Dirty(files, now, now), (was, x) -> new Dirty(files, was.first(), now));
        });
        this.indexer = new Indexer(store, watcher, f -> current.get(f.share().name()) == f);
        this.searcher = new Searcher(store, settings, current::containsKey);
    }

    /** Opens (or, when damaged, rebuilds) the index in {@code options.folder()} and starts indexing the shares. */
    public static SearchIndex start(Options options, Supplier<Settings> settings) throws IOException {
        IndexStore store = IndexStore.open(options.folder());
        SearchIndex index;
        try {
            index = new SearchIndex(settings, store, options.watchLimit());
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        index.settingsChanged();
        index.writer.scheduleWithFixedDelay(index::applyChanges, BATCH_MILLIS, BATCH_MILLIS, TimeUnit.MILLISECONDS);
        long every = options.starvedRescan().toMillis();
        index.writer.scheduleWithFixedDelay(() -> index.rescanStarved(), every, every, TimeUnit.MILLISECONDS);
        long all = options.rescan().toMillis();
        index.writer.scheduleWithFixedDelay(index::rescanAll, all, all, TimeUnit.MILLISECONDS);
        return index;
    }

    /** Answers queries; safe to use from any thread. */
    public Searcher searcher() {
        return searcher;
    }

    /** Whether every share has been indexed through at least once. */
    public boolean ready() {
        return building.isEmpty();
    }

    /** Follows the settings: drops unshared folders at once, indexes new ones in the background. */
    public synchronized void settingsChanged() {
        Map<String, Share> now = new java.util.HashMap<>();
        settings.get().shares().forEach(s -> now.put(s.name(), s));
        for (Map.Entry<String, ShareTree> e : Map.copyOf(current).entrySet()) {
            Share s = now.get(e.getKey());
            if (s == null || !s.folder().equals(e.getValue().share().folder())) {
                drop(e.getKey());
            }
        }
        for (Share s : now.values()) {
            if (!current.containsKey(s.name())) {
                add(s);
            }
        }
    }

    /**
     * Searches stop showing the share at once (they ask the live settings); its entries are deleted on the
     * writing thread, in order with a share of the same name added next, and never on a caller's thread, which
     * may be interrupted (an interrupt inside Lucene closes its files).
     */
    private void drop(String share) {
        current.remove(share);
        watcher.forget(share);
        building.remove(share);
        writer.execute(() -> {
            try {
                store.removeShare(share);
                store.refresh();
            } catch (IOException e) {
                LOG.error("could not drop share '{}' from the search index; searches do not show it", share, e);
            }
        });
    }

    private void add(Share share) {
        ShareTree files;
        try {
            files = ShareTree.of(share);
        } catch (IOException e) {
            LOG.warn("share '{}' is not indexed: its folder cannot be read ({})", share.name(), e.toString());
            return;
        }
        current.put(share.name(), files);
        CompilerDirectives.addInBackground();
        boolean fresh = !files.root().toString().equals(store.completedFolder(share.name()));
        building.add(share.name());
        writer.execute(() -> run(files, fresh));
    }

    private void run(ShareTree files, boolean fresh) {
        String name = files.share().name();
        long start = System.nanoTime();
        passes.incrementAndGet();
        try {
            if (fresh) {
                indexer.build(files);
            } else {
                indexer.rescan(files);
            }
            LOG.debug("search index: share '{}' {} in {} ms", name, fresh ? "built" : "rescanned",
                    (System.nanoTime() - start) / 1_000_000);
        } catch (CancellationException e) {
            LOG.debug("search index: {}", e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("search index: share '{}' could not be indexed", name, e);
        } finally {
            if (current.get(name) == files) {
                building.remove(name);
            }
        }
        if (System.nanoTime() - start > BIG_PASS_NANOS) {
            // A long pass (a million files: about 1.5 GB allocated) leaves the heap full of its garbage, and an
            // idle service makes no more to collect it: G1's periodic collection (every 30 s idle) only marks.
            // One full collection now gives that heap back: the whole service after building a million files'
            // index held 175-188 MB resident for minutes, and 144 MB once collected.
            System.gc();
        }
    }

    /** A changed folder: its share, and when its first and its latest change since its last pass came. */
    private record Dirty(ShareTree files, long first, long last) {
    }

    /**
     * Brings up to date the folders quiet for {@link #BATCH_MILLIS} and those changing for {@link #MOST_MILLIS}.
     * A folder is taken off the list before it is listed, so a change made while it is being read marks it again;
     * then shows the result to searches.
     */
    private void applyChanges() {
        if (dirty.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        boolean any = false;
        for (Map.Entry<Path, Dirty> e : dirty.entrySet()) {
            Dirty d = e.getValue();
            if (now - d.last() < TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS)
                    && now - d.first() < TimeUnit.MILLISECONDS.toNanos(MOST_MILLIS)) {
                continue; // still changing: a later pass takes it whole
            }
            Dirty taken = dirty.remove(e.getKey());
            if (taken == null) {
                continue;
            }
            any = true;
            try {
                indexer.changed(taken.files(), e.getKey());
            } catch (IOException | RuntimeException failure) {
                LOG.warn("search index: could not update after a change in a share ({})", failure.toString());
            }
        }
        if (!any) {
            return;
        }
        try {
            store.refresh();
        } catch (IOException e) {
            LOG.warn("search index: refresh failed ({})", e.toString());
        }
    }

    private void rescanStarved() {
        current.values().stream().filter(f -> watcher.starved(f.share().name())).forEach(f -> run(f, false));
    }

    private void rescanAll() {
        current.values().forEach(f -> run(f, false));
    }

    /** Passes over a whole share (builds and rescans) since the start (for checks). */
    int passes() {
        return passes.get();
    }

    /** How many entries of a share the index holds now (for checks and status). */
    int count(String share) throws IOException {
        store.refresh();
        var searcher = store.searchers().acquire();
        try {
            return IndexStore.count(searcher, share);
        } finally {
            store.searchers().release(searcher);
        }
    }

    int watchedFolders() {
        return watcher.watched();
    }

    @Override
    public void close() throws IOException {
        // no interrupt: Lucene closes its writer for good when a thread is interrupted inside it; an empty list
        // of current shares stops a walk at its next folder instead
        synchronized (this) {
            current.clear();
        }
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            watcher.close();
        } finally {
            store.close();
        }
    }
}
