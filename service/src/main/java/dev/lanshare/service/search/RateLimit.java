package dev.lanshare.service.search;

import java.util.function.LongSupplier;

/** A token bucket: {@code perSecond} queries a second, with bursts up to the same number. Thread-safe. */
public final class RateLimit {
    private final double perSecond;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    public RateLimit(double perSecond, LongSupplier nanos) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("perSecond (" + perSecond + ") must be positive");
        }
        this.perSecond = perSecond;
        this.nanos = nanos;
        this.tokens = perSecond;
        this.last = nanos.getAsLong();
    }

    /** Takes one token; false when there is none now. */
    public synchronized boolean tryTake() {
        long now = nanos.getAsLong();
        tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
