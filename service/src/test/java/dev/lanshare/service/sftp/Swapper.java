package dev.lanshare.service.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A process on the sharing machine, as fast as it can: keeps swapping the folder {@code race} for a link to
 * {@code elsewhere} (a folder outside the share) and back, each step one atomic rename, until closed.
 */
final class Swapper implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong swaps = new AtomicLong();
    private final AtomicReference<IOException> failed = new AtomicReference<>();
    private final Thread thread;

    Swapper(Path race, Path elsewhere) throws IOException {
        Path parked = race.resolveSibling(race.getFileName() + "-parked");
        Path link = Files.createSymbolicLink(race.resolveSibling(race.getFileName() + "-link"), elsewhere);
        thread = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.move(race, parked, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(link, race, StandardCopyOption.ATOMIC_MOVE);
                    LockSupport.parkNanos(50_000);
                    Files.move(race, link, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(parked, race, StandardCopyOption.ATOMIC_MOVE);
                    LockSupport.parkNanos(50_000);
                    swaps.incrementAndGet();
                }
            } catch (IOException e) {
                failed.set(e); // reported by close(): a race test without swaps would prove nothing
            }
        }, "swapper");
        thread.start();
    }

    /** Swaps done so far (folder out, link in, and back counts as one). */
    long swaps() {
        return swaps.get();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        stop.set(true);
        thread.join();
        if (failed.get() != null) {
            throw new IOException("the swapping stopped after " + swaps.get() + " swaps", failed.get());
        }
    }
}
