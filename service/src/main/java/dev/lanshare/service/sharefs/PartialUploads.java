package dev.lanshare.service.sharefs;

import dev.lanshare.config.AtomicFiles;
import dev.lanshare.service.activity.ActivityLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads that lanshare clients write as {@code NAME.lanshare-part} and rename when complete: the ones left by a
 * client that vanished are removed once nothing has been written to them for a while (settings:
 * {@code partial-upload-hours}, default a day). Only files this server saw being written are candidates, so a
 * share is never walked and nothing else is ever deleted. The list survives restarts in the state folder.
 */
public final class PartialUploads {
    static final String SUFFIX = ".lanshare-part";
    private static final Logger LOG = LoggerFactory.getLogger(PartialUploads.class);

    private final Path record;
    private final ActivityLog activity;
    private final Clock clock;
    private final Set<Path> known = ConcurrentHashMap.newKeySet();
    private volatile boolean dirty;

    public PartialUploads(Path record, ActivityLog activity, Clock clock) {
        this.record = record;
        this.activity = activity;
        this.clock = clock;
        try {
            if (Files.exists(record)) {
                Files.readAllLines(record, StandardCharsets.UTF_8).stream().filter(l -> l.endsWith(SUFFIX))
                        .map(Path::of).forEach(known::add);
            }
        } catch (IOException e) {
            LOG.warn("cannot read the list of partial uploads: {}", e.getMessage());
        }
    }

    public static boolean isPartial(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().endsWith(SUFFIX);
    }

    /** Notes a part file being written; {@link #flush} writes the list out, so that a restart still knows it. */
    public void seen(Path local) {
        if (known.add(local)) {
            dirty = true;
        }
    }

    /**
     * Forgets a part file that was renamed into place or removed, so that the list holds the uploads in flight
     * only. It held every part file since the last sweep and was rewritten whole (fsync, rename) for every upload:
     * a folder of 100,000 files went in at 70 files a second and slowing.
     */
    public void done(Path local) {
        if (known.remove(local)) {
            dirty = true;
        }
    }

    /**
     * Writes the list out when it changed: the server calls it every second and when it stops, rather than once
     * per upload. A part file noted less than a second before a crash is not swept later; it stays, named
     * {@code .lanshare-part}, for its owner to remove.
     */
    public synchronized void flush() {
        if (dirty) {
            dirty = false;
            save();
        }
    }

    /** Removes the partial uploads untouched for {@code keep}; forgets those that were completed or removed. */
    public synchronized void sweep(Duration keep) {
        boolean changed = false;
        for (Path p : known) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() && a.lastModifiedTime().toInstant().plus(keep).isBefore(clock.instant())) {
                    Files.delete(p);
                    activity.record("partial-upload-removed", "bytes", a.size(), "idle-hours", keep.toHours());
                    known.remove(p);
                    changed = true;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                known.remove(p); // completed (renamed) or removed
                changed = true;
            } catch (IOException e) {
                LOG.warn("cannot remove a partial upload: {}", e.getMessage());
            }
        }
        if (changed) {
            dirty = true;
        }
        flush();
    }

    private synchronized void save() {
        try {
            AtomicFiles.write(record, String.join("\n", known.stream().map(Path::toString).toList())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot save the list of partial uploads: {}", e.getMessage());
        }
    }
}
