package dev.lanshare.service.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing. Failures are counted per address and per account; each failure is answered the
 * later the more of either there were (0.5 s, 1 s, 2 s ... up to 30 s), and the caller checks an address's
 * attempts one after another, each after the previous one's answer, so that guesses sent in parallel take as long
 * as the same guesses in a row. A success clears only that account's failures from that address; 15 quiet minutes
 * forget the rest.
 */
public final class LoginThrottle {
    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int MAX_KEYS = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final Duration first;
    private final Duration max;
    /** Keyed "address", "account" and "address account" (a space is in neither). */
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public LoginThrottle(Clock clock) {
        this(clock, FIRST, MAX);
    }

    /** A throttle whose first delay is {@code first}, doubling up to {@code max}: short ones for tests. */
    public LoginThrottle(Clock clock, Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("delays (" + first + ", " + max + ") must be positive, first <= max");
        }
        this.clock = clock;
        this.first = first;
        this.max = max;
    }

    /** Records a failed login as {@code account} from {@code address}; returns how long to wait before saying so. */
    public synchronized Duration failed(String address, String account) {
        int byAddress = add(address);
        int byAccount = add("@" + account);
        add(address + " " + account);
        return delayFor(Math.max(byAddress, byAccount));
    }

    /** Forgets the failures as {@code account} from {@code address}, and no others. */
    public synchronized void succeeded(String address, String account) {
        Failures mine = failures.remove(address + " " + account);
        if (mine == null || expired(mine)) {
            return;
        }
        for (String key : new String[] {address, "@" + account}) {
            Failures f = failures.get(key);
            if (f != null) {
                int left = f.count() - mine.count();
                if (left <= 0) {
                    failures.remove(key);
                } else {
                    failures.put(key, new Failures(left, f.last()));
                }
            }
        }
    }

    /** How many recent failures {@code address} has, as any account. */
    public synchronized int failures(String address) {
        Failures f = failures.get(address);
        return f == null || expired(f) ? 0 : f.count();
    }

    /** What the throttle promises for {@code n} failures in a row from one address: the sum of their delays. */
    public Duration promisedFor(int n) {
        Duration sum = Duration.ZERO;
        for (int i = 1; i <= n; i++) {
            sum = sum.plus(delayFor(i));
        }
        return sum;
    }

    Duration delayFor(int count) {
        int doublings = Math.min(count - 1, 20);
        Duration d = first.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }

    private int add(String key) {
        Failures before = failures.get(key);
        int count = before == null || expired(before) ? 1 : before.count() + 1;
        failures.put(key, new Failures(count, clock.instant()));
        return count;
    }

    private boolean expired(Failures f) {
        return f.last().plus(FORGET_AFTER).isBefore(clock.instant());
    }
}
