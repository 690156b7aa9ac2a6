package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.Clients;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.search.SearchProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that opens channel after channel (each SFTP channel holds a thread of the service): the one beyond
 * {@link ChannelBounds#PER_SESSION} on one session, or beyond {@link ChannelBounds#PER_ADDRESS} on all sessions from
 * one address, is refused, and the sessions and their channels go on.
 */
class ChannelLimitTest {
    /** Channels a session opens in the test of the bound per address, well within the bound per session. */
    private static final int EACH = 100;
    @TempDir
    Path tmp;

    @Test
    void theChannelBeyondTheLimitIsRefusedAndTheSessionGoesOn() throws Exception {
        TestHome home = new TestHome(tmp);
        Path plans = home.folder("Plans");
        Files.writeString(plans.resolve("site.dwg"), "plan");
        home.account("ann").share("Plans", plans, true, "ann:read").start();
        try (home) {
            SftpClient first = home.login("ann");
            ClientSession session = first.getClientSession();
            List<SftpClient> open = new ArrayList<>(List.of(first));
            while (open.size() < ChannelBounds.PER_SESSION) {
                open.add(SftpClientFactory.instance().createSftpClient(session));
            }
            assertThrows(IOException.class, () -> SftpClientFactory.instance().createSftpClient(session),
                    "one channel more than " + ChannelBounds.PER_SESSION);
            assertTrue(session.isOpen(), "the session goes on");
            assertEquals("plan", new String(first.read("/Plans/site.dwg").readAllBytes()), "and its channels work");
            open.remove(open.size() - 1).close();
            SftpClient again = createWithin(session, 5_000);
            assertEquals(1, count(again.readDir("/Plans")), "one closed, one more may open");
        }
    }

    /**
     * Sessions from one address together: the channel beyond {@link ChannelBounds#PER_ADDRESS} is refused, whichever
     * session asks; another address still gets channels. Without this bound one machine opening 128 sessions of 128
     * channels made the service hold 16,300 threads.
     */
    @Test
    void oneAddressHasAtMostItsShareOfChannelsOpenAtOnce() throws Exception {
        TestHome home = new TestHome(tmp);
        Path plans = home.folder("Plans");
        Files.writeString(plans.resolve("site.dwg"), "plan");
        home.account("ann").share("Plans", plans, true, "ann:read").start();
        try (home; Clients other = new Clients()) {
            List<SftpClient> open = new ArrayList<>();
            List<ClientSession> sessions = new ArrayList<>();
            while (open.size() < ChannelBounds.PER_ADDRESS) {
                SftpClient first = home.login("ann");
                ClientSession session = first.getClientSession();
                sessions.add(session);
                open.add(first);
                for (int i = 1; i < EACH && open.size() < ChannelBounds.PER_ADDRESS; i++) {
                    open.add(SftpClientFactory.instance().createSftpClient(session));
                }
            }
            ClientSession last = sessions.get(sessions.size() - 1);
            assertThrows(IOException.class, () -> SftpClientFactory.instance().createSftpClient(last),
                    "one channel more than " + ChannelBounds.PER_ADDRESS + " from 127.0.0.1, on a session with "
                            + ChannelBounds.PER_ADDRESS % EACH + " channels");
            assertThrows(IOException.class, () -> home.login("ann"), "nor on a new session");
            SftpClient elsewhere = other.withKey(home.port(), "ann", home.key("ann"), "127.0.0.2");
            assertEquals("plan", new String(elsewhere.read("/Plans/site.dwg").readAllBytes()),
                    "another address has its own channels");
            assertTrue(sessions.stream().allMatch(ClientSession::isOpen), "the sessions go on");
            assertEquals("plan", new String(open.get(0).read("/Plans/site.dwg").readAllBytes()),
                    "and their channels work");
            open.remove(open.size() - 1).close();
            SftpClient again = createWithin(last, 5_000);
            assertEquals(1, count(again.readDir("/Plans")), "one closed, one more may open");
            assertThrows(IOException.class, () -> SftpClientFactory.instance().createSftpClient(last), "and no more");
            sessions.get(0).close(false).await(Duration.ofSeconds(10));
            ClientSession next = createWithin(() -> home.login("ann"), 5_000).getClientSession();
            for (int i = 1; i < EACH; i++) {
                open.add(createWithin(next, 5_000));
            }
            assertEquals("plan", new String(open.get(open.size() - 1).read("/Plans/site.dwg").readAllBytes()),
                    "a closed session's channels are given back");
        }
    }

    /** The search subsystem's own bound: two channels at once per session (each holds a thread answering it). */
    @Test
    void aSessionHasAtMostTwoSearchChannelsOpenAtOnce() throws Exception {
        TestHome home = new TestHome(tmp);
        home.account("ann").share("Plans", home.folder("Plans"), true, "ann:read").start();
        try (home) {
            ClientSession session = home.login("ann").getClientSession();
            CoreModuleProperties.REQUEST_SUBSYSTEM_REPLY.set(session, true); // a refusal closes the channel
            ChannelSubsystem first = search(session);
            ChannelSubsystem second = search(session);
            assertTrue(refused(search(session)), "a third at once");
            assertFalse(refused(first) || refused(second));
            first.close(false).await(Duration.ofSeconds(10));
            Thread.sleep(200);
            assertFalse(refused(search(session)), "one closed, one more may open");
        }
    }

    private static ChannelSubsystem search(ClientSession session) throws IOException {
        ChannelSubsystem channel = session.createSubsystemChannel(SearchProtocol.SUBSYSTEM);
        channel.open().verify(Duration.ofSeconds(10));
        return channel;
    }

    private static boolean refused(ChannelSubsystem channel) {
        return channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(1))
                .contains(ClientChannelEvent.CLOSED);
    }

    private static SftpClient createWithin(ClientSession session, long millis) throws Exception {
        return createWithin(() -> SftpClientFactory.instance().createSftpClient(session), millis);
    }

    private interface Open {
        SftpClient open() throws IOException;
    }

    private static SftpClient createWithin(Open open, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try {
                return open.open();
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // the closed channel's close reaches the service
            }
        }
    }

    private static int count(Iterable<SftpClient.DirEntry> entries) {
        int n = 0;
        for (SftpClient.DirEntry e : entries) {
            n += e.getFilename().startsWith(".") ? 0 : 1;
        }
        return n;
    }
}
