package dev.lanshare.service.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing: each failed login from an address makes the next failure from it wait twice as
 * long (0.5 s, 1 s, 2 s ... up to 30 s). A success, or 15 quiet minutes, forgets the address.
 */
public final class LoginThrottle {
    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Records a failed login from {@code address}; returns how long to wait before saying so. */
    public synchronized Duration failed(String address) {
        Instant now = clock.instant();
        Failures before = failures.get(address);
        int count = before == null || before.last().plus(FORGET_AFTER).isBefore(now) ? 1 : before.count() + 1;
        failures.put(address, new Failures(count, now));
        return delayFor(count);
    }

    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    /** How many recent failures {@code address} has. */
    public synchronized int failures(String address) {
        Failures f = failures.get(address);
        return f == null || f.last().plus(FORGET_AFTER).isBefore(clock.instant()) ? 0 : f.count();
    }

    static Duration delayFor(int count) {
        int doublings = Math.min(count - 1, 10);
        Duration d = FIRST.multipliedBy(1L << doublings);
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
