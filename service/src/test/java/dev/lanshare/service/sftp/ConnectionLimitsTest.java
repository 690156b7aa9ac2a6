package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.sftp.ConnectionLimits.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    private final ConnectionLimits<Object> limits = new ConnectionLimits<>();

    @Test
    void aBurstFromOneAddressLogsInAFewAtATimeAndTheRestWait() {
        Object[] c = new Object[ConnectionLimits.UNAUTHENTICATED_PER_ADDRESS];
        for (int i = 0; i < c.length; i++) {
            c[i] = new Object();
            Verdict v = limits.admit("10.0.0.1", c[i]).verdict();
            assertEquals(i < ConnectionLimits.LOGGING_IN_PER_ADDRESS ? Verdict.LOG_IN : Verdict.WAIT, v, "#" + i);
        }
        ConnectionLimits.Admission over = limits.admit("10.0.0.1", new Object());
        assertEquals(Verdict.REFUSE, over.verdict());
        assertTrue(over.why().contains("10.0.0.1"), over.why());
        assertEquals(Verdict.LOG_IN, limits.admit("10.0.0.2", new Object()).verdict(), "another address");

        assertEquals(Optional.of(c[10]), limits.loggedIn("10.0.0.1", c[0]), "the first waiting one's turn");
        assertEquals(Optional.of(c[11]), limits.closed("10.0.0.1", c[1]));
        assertEquals(Optional.empty(), limits.closed("10.0.0.1", c[20]), "a waiting one leaves: no turn freed");
        assertEquals(Optional.empty(), limits.closed("10.0.0.1", c[0]), "a logged-in one leaves");
        assertEquals(ConnectionLimits.UNAUTHENTICATED_PER_ADDRESS - 3 + 1, limits.total());
    }

    @Test
    void perAddressAndTotalCapsCountLoggedInConnections() {
        for (int i = 0; i < ConnectionLimits.PER_ADDRESS; i++) {
            Object c = new Object();
            assertEquals(Verdict.LOG_IN, limits.admit("10.0.0.1", c).verdict());
            limits.loggedIn("10.0.0.1", c);
        }
        assertEquals(Verdict.REFUSE, limits.admit("10.0.0.1", new Object()).verdict());
        for (int i = 0; i < ConnectionLimits.TOTAL - ConnectionLimits.PER_ADDRESS; i++) {
            Object c = new Object();
            assertEquals(Verdict.LOG_IN, limits.admit("10.0.1." + i, c).verdict());
            limits.loggedIn("10.0.1." + i, c);
        }
        ConnectionLimits.Admission full = limits.admit("10.0.2.1", new Object());
        assertEquals(Verdict.REFUSE, full.verdict());
        assertTrue(full.why().contains(String.valueOf(ConnectionLimits.TOTAL)), full.why());
    }
}
