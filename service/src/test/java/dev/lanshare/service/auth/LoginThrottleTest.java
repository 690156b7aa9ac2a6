package dev.lanshare.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanshare.service.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
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
        clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        assertEquals(0, t.failures("b"));
        assertEquals(Duration.ofMillis(500), t.failed("b"));
    }
}
