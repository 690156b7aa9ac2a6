package dev.lanshare.service.sftp;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs refused connections (or channels) without flooding the log: the first refusal of an address, then at most
 * one line a minute for it with how many were refused meanwhile (a client that reconnects at once can be refused
 * thousands of times a minute).
 */
final class RefusalLog {
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int MAX_ADDRESSES = 1_000;

    private record Seen(long loggedAt, int since) {
    }

    private final Logger log;
    private final String what;
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    RefusalLog(Logger log) {
        this(log, "connection");
    }

    /** @param what what is refused: "connection", "channel" */
    RefusalLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Logs a refusal unless this address was logged within the minute; says whether it logged. */
    boolean refused(String address, String why) {
        int more;
        synchronized (this) {
            long now = System.nanoTime();
            Seen s = seen.get(address);
            if (s != null && now - s.loggedAt() < MINUTE_NANOS) {
                seen.put(address, new Seen(s.loggedAt(), s.since() + 1));
                return false;
            }
            more = s == null ? 0 : s.since();
            seen.put(address, new Seen(now, 0));
        }
        log.warn("refused a {} from {}: {}{}", what, address, why,
                more == 0 ? "" : " (and " + more + " more from it in the last minute)");
        return true;
    }
}
