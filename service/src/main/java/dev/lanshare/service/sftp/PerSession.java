package dev.lanshare.service.sftp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.session.Session;

/**
 * How many of something one session may have open at once (channels, search channels, introductions): each one
 * holds a thread of the service, so a client that opens them and does nothing must not hold threads without bound.
 */
final class PerSession {
    private final AttributeRepository.AttributeKey<AtomicInteger> open = new AttributeRepository.AttributeKey<>();
    private final int most;

    PerSession(int most) {
        this.most = most;
    }

    int most() {
        return most;
    }

    /**
     * Takes one of {@code session}'s: what gives it back (again and again without harm: a channel may end both by
     * its end and by its close), or null when the session has {@link #most} open already.
     */
    Runnable take(Session session) {
        AtomicInteger count = session.computeAttributeIfAbsent(open, k -> new AtomicInteger());
        if (count.incrementAndGet() > most) {
            count.decrementAndGet();
            return null;
        }
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        };
    }
}
