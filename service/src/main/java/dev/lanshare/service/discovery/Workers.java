package dev.lanshare.service.discovery;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of discovery. Every queue that the network can fill is bounded and drops what does not fit, so
 * that a flood of packets costs some lost updates (repaired by the next announcement) and never memory.
 */
final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    /** How long a clean stop waits for the goodbyes: JmDNS's close takes about 5 s, all run at once. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(8);

    final ScheduledExecutorService mdns = Executors.newSingleThreadScheduledExecutor(daemon("lanshare-mdns"));
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("lanshare-mdns-timer"));
    /** Unicast DNS-SD: registering and browsing in the office DNS domain (blocking DNS exchanges). */
    final ScheduledExecutorService dns = Executors.newSingleThreadScheduledExecutor(daemon("lanshare-dns-sd"));
    final ThreadPoolExecutor peers = bounded("lanshare-peers", 1, 4096);
    final ThreadPoolExecutor resolver = bounded("lanshare-mdns-resolve", 2, 256);
    final ThreadPoolExecutor probes = bounded("lanshare-peer-probe", 4, 256);
    private final ExecutorService closer = Executors.newCachedThreadPool(daemon("lanshare-mdns-close"));

    void every(ScheduledExecutorService on, Duration period, Runnable task) {
        on.scheduleWithFixedDelay(guarded(task), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void runMdns(Runnable task) {
        run(mdns, task);
    }

    void laterMdns(Duration delay, Runnable task) {
        try {
            mdns.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("discovery is stopping; dropped a task");
        }
    }

    void runPeers(Runnable task) {
        run(peers, task);
    }

    void runProbe(Runnable task) {
        run(probes, task);
    }

    void closeInBackground(Closeable c) {
        if (c != null) {
            run(closer, () -> quietly(c));
        }
    }

    /** Closes all at once and waits a bounded time for them. */
    void closeInParallel(List<? extends Closeable> all) {
        CompletableFuture<?>[] done = all.stream()
                .map(c -> CompletableFuture.runAsync(() -> quietly(c), closer)).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(done).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("mDNS did not stop within {} s; leaving it behind", CLOSE_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("stopping mDNS failed", e.getCause());
        }
    }

    /** Stops the periodic work at once: a stop must reach the goodbyes quickly, not wait for a rescan. */
    void stopScheduling() {
        timer.shutdownNow();
        mdns.shutdownNow();
    }

    void shutdownNow() {
        List.of(mdns, timer, dns, peers, resolver, probes, closer).forEach(ExecutorService::shutdownNow);
    }

    private static void run(ExecutorService on, Runnable task) {
        try {
            on.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("discovery is busy or stopping; dropped a task");
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("discovery task failed", e);
            }
        };
    }

    private static void quietly(Closeable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed", c, e);
        }
    }

    private static ThreadPoolExecutor bounded(String name, int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                daemon(name), new ThreadPoolExecutor.AbortPolicy());
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
