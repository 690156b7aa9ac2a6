package dev.lanshare.service.peer;

import dev.lanshare.config.AppDirs;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The running service's connections to colleagues: one {@link PeerClient} per colleague and account, shared by
 * everything in the service that reads or writes a colleague's files (copies asked by {@code lanshare get/put}
 * through the control channel, the WebDAV gateway), so that a second copy, or the gateway's next request, costs
 * no new SSH session. A connection nobody has used for {@link #idle} and that carries no transfer is closed.
 */
public final class PeerPool implements Closeable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerPool.class);
    /** How long an unused connection is kept. */
    public static final Duration IDLE = Duration.ofSeconds(60);

    /** How a connection is opened: {@link PeerClient#open}, or a stand-in in tests. */
    @FunctionalInterface
    interface Connector {
        PeerClient open(PeerTarget peer, PeerClient.Credentials who) throws PeerException;
    }

    private final Connector connector;
    private final Duration idle;
    private final LongSupplier clock;
    private final Map<String, Kept> kept = new HashMap<>();
    private final ScheduledExecutorService sweeper;
    private boolean closed;

    /** One connection: how many use it now, and when it was last handed out or given back. */
    private static final class Kept {
        final PeerClient client;
        int users;
        long lastUsedNanos;

        Kept(PeerClient client, long now) {
            this.client = client;
            this.lastUsedNanos = now;
        }
    }

    public PeerPool(AppDirs dirs) {
        this((peer, who) -> PeerClient.open(peer, who, dirs), IDLE, System::nanoTime, true);
    }

    PeerPool(Connector connector, Duration idle, LongSupplier clock, boolean sweep) {
        this.connector = connector;
        this.idle = idle;
        this.clock = clock;
        this.sweeper = sweep ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lanshare-peer-pool");
            t.setDaemon(true);
            return t;
        }) : null;
        if (sweeper != null) {
            long every = Math.max(1, idle.toMillis() / 4);
            sweeper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A connection handed out: give it back with {@link #close}, or with {@link #broken} when it failed. */
    public final class Lease implements AutoCloseable {
        private final String key;
        private final Kept entry;
        private boolean returned;

        private Lease(String key, Kept entry) {
            this.key = key;
            this.entry = entry;
        }

        public PeerClient client() {
            return entry.client;
        }

        /** The connection failed (the colleague went away, the session broke): nobody gets it again. */
        public void broken() {
            give(true);
        }

        @Override
        public void close() {
            give(false);
        }

        private void give(boolean broken) {
            PeerClient toClose = null;
            synchronized (PeerPool.this) {
                if (returned) {
                    return;
                }
                returned = true;
                entry.users--;
                entry.lastUsedNanos = clock.getAsLong();
                if (broken && kept.get(key) == entry) {
                    kept.remove(key);
                }
                // out of the pool (broken, replaced, dropped, the pool closed): its last user closes it
                if (entry.users == 0 && kept.get(key) != entry) {
                    toClose = entry.client;
                }
            }
            if (toClose != null) {
                toClose.close();
            }
        }
    }

    /**
     * The connection to {@code peer} logged in as {@code who}: the one kept when there is one to the same address,
     * else a new one (the colleague's host key checked as {@link PeerClient#open} does).
     */
    public Lease lease(PeerTarget peer, PeerClient.Credentials who) throws PeerException {
        String key = peer.trustId() + "\n" + who.user();
        List<PeerClient> toClose = new ArrayList<>();
        try {
            synchronized (this) {
                Kept k = usable(key, peer, who, toClose);
                if (k != null) {
                    return hand(key, k);
                }
            }
            // connecting takes a round trip or several: not under the lock, so other colleagues' leases go on
            PeerClient made = connector.open(peer, who);
            synchronized (this) {
                Kept k;
                try {
                    k = usable(key, peer, who, toClose);
                } catch (PeerException e) { // closed meanwhile
                    toClose.add(made);
                    throw e;
                }
                if (k != null) {
                    toClose.add(made); // another copy connected first: share its connection
                } else {
                    k = new Kept(made, clock.getAsLong());
                    kept.put(key, k);
                }
                return hand(key, k);
            }
        } finally {
            toClose.forEach(PeerClient::close);
        }
    }

    /**
     * The kept connection for {@code key} when it still goes to {@code peer} as {@code who}; one to an old address
     * or with an old password leaves the pool (into {@code toClose} when nobody uses it). Fails once closed.
     */
    private Kept usable(String key, PeerTarget peer, PeerClient.Credentials who, List<PeerClient> toClose)
            throws PeerException {
        if (closed) {
            throw new PeerException("the service is stopping");
        }
        Kept k = kept.get(key);
        if (k == null || (k.client.peer().equals(peer) && k.client.credentials().equals(who))) {
            return k;
        }
        kept.remove(key);
        if (k.users == 0) {
            toClose.add(k.client);
        }
        return null;
    }

    private Lease hand(String key, Kept k) {
        k.users++;
        k.lastUsedNanos = clock.getAsLong();
        return new Lease(key, k);
    }

    /** Forgets every connection to {@code peer} (it failed): the next lease connects anew. */
    public void drop(PeerTarget peer) {
        List<PeerClient> toClose = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<String, Kept>> it = kept.entrySet().iterator(); it.hasNext(); ) {
                Kept k = it.next().getValue();
                if (k.client.peer().trustId().equals(peer.trustId())) {
                    it.remove();
                    if (k.users == 0) {
                        toClose.add(k.client);
                    }
                }
            }
        }
        toClose.forEach(PeerClient::close);
    }

    /** How many connections are kept now. */
    public synchronized int size() {
        return kept.size();
    }

    /** Closes the connections unused for {@link #idle} that carry no transfer. */
    void closeIdle() {
        List<PeerClient> toClose = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (Iterator<Map.Entry<String, Kept>> it = kept.entrySet().iterator(); it.hasNext(); ) {
                Kept k = it.next().getValue();
                if (k.users == 0 && now - k.lastUsedNanos >= idle.toNanos() && !k.client.busy()) {
                    it.remove();
                    toClose.add(k.client);
                }
            }
        }
        for (PeerClient c : toClose) {
            LOG.debug("closing the idle connection to {}", c.peer().label());
            c.close();
        }
    }

    @Override
    public void close() {
        List<PeerClient> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Kept k : kept.values()) {
                if (k.users == 0) {
                    toClose.add(k.client);
                }
            }
            kept.clear();
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        toClose.forEach(PeerClient::close);
    }
}
