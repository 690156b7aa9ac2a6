package dev.lanshare.service.sftp;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.common.session.Session;

/**
 * How many channels the server has open, per session, per remote address and in all. Each SFTP channel has a thread
 * of its own here, so a client that opens channels and does nothing must not hold threads without bound: with only
 * the bound per session, one guest machine opening 128 sessions of 128 channels made the service hold 16,300
 * threads and 720 MB. lanshare's own client opens 16 channels for a folder, on the one session it keeps per
 * colleague and account (the browse window, the gateway and copies together); OpenSSH's {@code sftp}, GNOME Files
 * and Dolphin one or two per session.
 */
final class ChannelBounds {
    /** Channels one session may have open at once (OpenSSH's sshd allows 10: {@code MaxSessions}). */
    static final int PER_SESSION = 128;
    /** Channels of all sessions from one address: a machine's people and programs together. */
    static final int PER_ADDRESS = 256;
    /** Channels of the whole server: about 40 MB of threads' memory when all are open. */
    static final int TOTAL = 1024;

    /** A channel taken: what gives it back (again and again without harm), or null and why it was refused. */
    record Taken(Runnable release, String refused) {
    }

    private final PerSession perSession;
    private final int perAddress;
    private final int total;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int open;

    ChannelBounds() {
        this(PER_SESSION, PER_ADDRESS, TOTAL);
    }

    ChannelBounds(int perSession, int perAddress, int total) {
        this.perSession = new PerSession(perSession);
        this.perAddress = perAddress;
        this.total = total;
    }

    /** Takes a channel of {@code session}, which came from {@code address}, unless one of the bounds is reached. */
    Taken take(Session session, String address) {
        Runnable ofSession = perSession.take(session);
        if (ofSession == null) {
            return new Taken(null, "the session has " + perSession.most() + " channels open already");
        }
        synchronized (this) {
            int ofAddress = byAddress.getOrDefault(address, 0);
            String refused = open >= total ? "the server has " + total + " channels open, its most"
                    : ofAddress >= perAddress ? perAddress + " channels from " + address + " are open already" : null;
            if (refused != null) {
                ofSession.run();
                return new Taken(null, refused);
            }
            byAddress.put(address, ofAddress + 1);
            open++;
        }
        AtomicBoolean given = new AtomicBoolean();
        return new Taken(() -> {
            if (given.compareAndSet(false, true)) {
                ofSession.run();
                give(address);
            }
        }, null);
    }

    private synchronized void give(String address) {
        open--;
        byAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }

    /** Channels open now from {@code address}. */
    synchronized int open(String address) {
        return byAddress.getOrDefault(address, 0);
    }
}
