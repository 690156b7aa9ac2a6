package dev.lanshare.service.search;

import dev.lanshare.service.sharefs.ShareTree;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change notifications for the shares' folders (inotify on Linux), one watch per folder, at most {@code limit} of
 * them: a share with folders left unwatched (the limit, or the system's own inotify limit, was reached) is
 * "starved" and kept current by more frequent rescans instead.
 */
final class Watcher implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
    static final int DEFAULT_LIMIT = 65_536;
    /** How long changes gather before they are handed on (the index waits for a folder to be quiet longer). */
    static final long GATHER_MILLIS = 100;

    /** Told which folder changed. */
    @FunctionalInterface
    interface Sink {
        void changed(ShareTree files, Path folder);
    }

    /** A watched folder: its share, its path, and the system's identity of it (on Linux its device and inode). */
    private record Watched(ShareTree files, Path folder, Object identity) {
    }

    private final WatchService service;
    private final Map<WatchKey, Watched> keys = new ConcurrentHashMap<>();
    /** Each watched folder's key, by the folder's path. */
    private final Map<Path, WatchKey> folders = new ConcurrentHashMap<>();
    private final Set<String> starved = ConcurrentHashMap.newKeySet();
    private final int limit;
    private final Thread thread;

    Watcher(int limit, Sink sink) throws IOException {
        this.limit = limit;
        this.service = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(() -> run(sink), "lanshare-index-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches {@code folder}; false when it could not be (the share is then starved). */
    boolean watch(ShareTree files, Path folder) {
        if (keys.size() >= limit) {
            starve(files, "lanshare's limit of " + limit + " watched folders");
            return false;
        }
        try {
            WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            Watched was = keys.put(key, new Watched(files, folder, identity(folder)));
            if (was != null && !was.folder().equals(folder)) {
                folders.remove(was.folder(), key); // a folder moved: the system gives its watch's key again
            }
            folders.put(folder, key);
            return true;
        } catch (IOException e) {
            starve(files, e.getMessage()); // typically "User limit of inotify watches reached"
            return false;
        } catch (ClosedWatchServiceException e) {
            return false;
        }
    }

    private void starve(ShareTree files, String why) {
        if (starved.add(files.share().name())) {
            LOG.warn("share '{}': not every folder can be watched for changes ({}); it is rescanned more often "
                    + "instead", files.share().name(), why);
        }
    }

    /**
     * Whether the folder listed at {@code folder} with {@code identity} (as {@link ShareTree#list} gives it) is the
     * one watched there: false for one made or moved there since, under the name of one that was. The system drops
     * a deleted folder's watch (the JDK's key is then no longer valid); a watch follows a folder moved away, so the
     * one at the path now is told by its identity.
     */
    boolean watching(Path folder, Object identity) {
        WatchKey key = folders.get(folder);
        Watched w = key == null || !key.isValid() ? null : keys.get(key);
        return w != null && w.folder().equals(folder) && Objects.equals(w.identity(), identity);
    }

    private static Object identity(Path folder) {
        try {
            return Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether some folder of the share is not watched. */
    boolean starved(String share) {
        return starved.contains(share);
    }

    /**
     * Stops watching the folders that were at {@code gone} and everything watched below them: folders the index
     * dropped. A deleted folder's watch goes by itself; a folder moved out of the share keeps its watch (the system's
     * watch follows the folder) until it is cancelled here.
     */
    void unwatch(List<Path> gone) {
        if (gone.isEmpty()) {
            return;
        }
        folders.forEach((folder, key) -> {
            if (gone.stream().anyMatch(folder::startsWith) && folders.remove(folder, key)) {
                keys.remove(key);
                key.cancel();
            }
        });
    }

    /** Stops watching a share's folders. */
    void forget(String share) {
        keys.entrySet().removeIf(e -> {
            boolean mine = e.getValue().files().share().name().equals(share);
            if (mine) {
                e.getKey().cancel();
                folders.remove(e.getValue().folder(), e.getKey());
            }
            return mine;
        });
        starved.remove(share);
    }

    int watched() {
        return keys.size();
    }

    /**
     * Waits for a change, lets the changes that follow it for {@link #GATHER_MILLIS} gather on their folders' keys,
     * then hands on every folder that changed. A file being written is a change for every write (inotify's
     * IN_MODIFY); until its key is taken, the JDK adds such a change to the key's list, or counts it on the last
     * one, instead of waking this thread for each (up to a wake-up for each write of a 1 GiB upload: the thread,
     * and the JDK waking it, took 6% of the receiving service's CPU).
     */
    private void run(Sink sink) {
        try {
            while (true) {
                WatchKey key = service.take();
                Thread.sleep(GATHER_MILLIS);
                for (; key != null; key = service.poll()) {
                    handle(key, sink);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /**
     * Hands on the key's folder once, whatever its changes were: the folder is listed again whole. That includes an
     * overflow, where the changes themselves were dropped: the JDK keeps 512 on a key (an upload of small files into
     * a folder makes four a file, thousands within {@link #GATHER_MILLIS}), and when the system's own queue is full
     * it reports an overflow on every key. The folder is then listed again, as for any change of it, and costs no
     * more than a change (an overflow had the whole share walked again, several times during one upload).
     */
    private void handle(WatchKey key, Sink sink) {
        Watched w = keys.get(key);
        if (!key.pollEvents().isEmpty() && w != null) {
            sink.changed(w.files(), w.folder());
        }
        if (!key.reset()) {
            keys.remove(key); // the folder is gone
            if (w != null) {
                folders.remove(w.folder(), key);
            }
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
        thread.interrupt();
    }
}
