package dev.lanshare.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void eachFailureFromAnAddressDoublesTheDelayUpToTheCap() {
        LoginThrottle t = new LoginThrottle(new FakeClock());
        assertEquals(Duration.ofMillis(500), t.failed("10.0.0.1"));
        assertEquals(Duration.ofSeconds(1), t.failed("10.0.0.1"));
        assertEquals(Duration.ofSeconds(2), t.failed("10.0.0.1"));
        assertEquals(Duration.ofMillis(500), t.failed("10.0.0.2"), "other addresses are not slowed");
        for (int i = 0; i < 20; i++) {
            t.failed("10.0.0.1");
        }
        assertEquals(LoginThrottle.MAX, t.failed("10.0.0.1"));
    }

    @Test
    void successOrQuietTimeForgets() {
        FakeClock clock = new FakeClock();
        LoginThrottle t = new LoginThrottle(clock);
        t.failed("a");
        t.failed("a");
        t.succeeded("a");
        assertEquals(0, t.failures("a"));
        t.failed("b");
        t.failed("b");
        clock.now = clock.now.plus(LoginThrottle.FORGET_AFTER).plusSeconds(1);
        assertEquals(0, t.failures("b"));
        assertEquals(Duration.ofMillis(500), t.failed("b"));
    }
}
