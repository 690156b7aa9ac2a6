package dev.lanshare.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanshare.service.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    @Test
    void eachFailureFromAnAddressDoublesTheDelayUpToTheCap() {
        LoginThrottle t = new LoginThrottle(new FakeClock());
        assertEquals(Duration.ofMillis(500), t.failed("10.0.0.1", "ann"));
        assertEquals(Duration.ofSeconds(1), t.failed("10.0.0.1", "ben"), "counted per address, any account");
        assertEquals(Duration.ofSeconds(2), t.failed("10.0.0.1", "carl"));
        assertEquals(Duration.ofMillis(500), t.failed("10.0.0.2", "dora"), "other addresses are not slowed");
        for (int i = 0; i < 20; i++) {
            t.failed("10.0.0.1", "x" + i);
        }
        assertEquals(LoginThrottle.MAX, t.failed("10.0.0.1", "ann"));
    }

    @Test
    void failuresAgainstOneAccountAreCountedFromEveryAddress() {
        LoginThrottle t = new LoginThrottle(new FakeClock());
        for (int i = 1; i <= 5; i++) {
            t.failed("10.0.0." + i, "ann");
        }
        assertEquals(Duration.ofSeconds(16), t.failed("10.0.0.6", "ann"), "the 6th guess at ann, from a new address");
    }

    @Test
    void aSuccessClearsOnlyThatAccountsFailuresFromThatAddress() {
        LoginThrottle t = new LoginThrottle(new FakeClock());
        for (String account : new String[] {"ann", "bob", "cid", "dan"}) {
            t.failed("10.0.0.1", account);
        }
        t.failed("10.0.0.1", "eve");
        t.succeeded("10.0.0.1", "eve"); // the guesser logs in as an account of its own
        assertEquals(4, t.failures("10.0.0.1"));
        assertEquals(Duration.ofSeconds(8), t.failed("10.0.0.1", "fay"), "the 5th: not reset by eve's success");
        t.succeeded("10.0.0.1", "ann");
        assertEquals(4, t.failures("10.0.0.1"), "ann's one failure from there is forgotten");
    }

    @Test
    void quietTimeForgets() {
        FakeClock clock = new FakeClock();
        LoginThrottle t = new LoginThrottle(clock);
        t.failed("b", "ann");
        t.failed("b", "ann");
        clock.advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        assertEquals(0, t.failures("b"));
        assertEquals(Duration.ofMillis(500), t.failed("b", "ann"));
    }

    @Test
    void promisedTimeIsTheSumOfTheDelays() {
        LoginThrottle t = new LoginThrottle(new FakeClock());
        assertEquals(Duration.ofMillis(500 + 1000 + 2000 + 4000 + 8000 + 16000 + 14 * 30_000), t.promisedFor(20));
        LoginThrottle quick = new LoginThrottle(new FakeClock(), Duration.ofMillis(10), Duration.ofMillis(40));
        assertEquals(Duration.ofMillis(10 + 20 + 40 + 40), quick.promisedFor(4));
    }
}
