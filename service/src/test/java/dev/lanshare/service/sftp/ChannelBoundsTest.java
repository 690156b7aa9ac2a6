package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.session.Session;
import org.junit.jupiter.api.Test;

/**
 * The three bounds together, with small numbers (ChannelLimitTest checks the real ones on a running service; the
 * bound of the whole server would take 1,024 channels from five addresses there).
 */
class ChannelBoundsTest {
    private final ChannelBounds bounds = new ChannelBounds(3, 4, 6);

    @Test
    void eachBoundRefusesTheOneBeyondItAndAGivenBackChannelMakesRoom() {
        Session a1 = session();
        Session a2 = session();
        ChannelBounds.Taken first = bounds.take(a1, "A");
        assertNotNull(first.release());
        bounds.take(a1, "A");
        bounds.take(a1, "A");
        assertEquals("the session has 3 channels open already", bounds.take(a1, "A").refused());
        assertNotNull(bounds.take(a2, "A").release());
        assertEquals("4 channels from A are open already", bounds.take(a2, "A").refused());

        Session b = session();
        assertNotNull(bounds.take(b, "B").release());
        ChannelBounds.Taken sixth = bounds.take(b, "B");
        assertNotNull(sixth.release());
        assertEquals("the server has 6 channels open, its most", bounds.take(session(), "C").refused());

        first.release().run();
        first.release().run(); // given back twice: counted once
        assertEquals(3, bounds.open("A"));
        assertNull(bounds.take(session(), "C").refused(), "room for one");
        assertEquals("the server has 6 channels open, its most", bounds.take(b, "B").refused());
        sixth.release().run();
        assertNull(bounds.take(b, "B").refused());
    }

    @Test
    void aChannelRefusedByTheServerBoundIsNotCountedForItsSession() {
        ChannelBounds two = new ChannelBounds(2, 10, 2);
        Session s = session();
        assertNull(two.take(s, "A").refused());
        ChannelBounds.Taken other = two.take(session(), "B");
        assertEquals("the server has 2 channels open, its most", two.take(s, "A").refused());
        assertEquals("the server has 2 channels open, its most", two.take(s, "A").refused());
        other.release().run();
        assertNull(two.take(s, "A").refused(), "the session's second channel: the refused ones did not count");
        assertEquals("the session has 2 channels open already", two.take(s, "A").refused());
        assertEquals(2, two.open("A"));
    }

    /** A session as far as the bounds see one: its attributes. */
    private static Session session() {
        Map<Object, Object> attributes = new HashMap<>();
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "computeAttributeIfAbsent" -> attributes.computeIfAbsent(args[0],
                            k -> ((Function<Object, Object>) args[1]).apply(k));
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
