package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A client that opens channel after channel on one session (each SFTP channel holds a thread of the service): the
 * one beyond {@link SftpServer#MAX_CHANNELS} is refused, and the session and its channels go on.
 */
class ChannelLimitTest {
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
            while (open.size() < SftpServer.MAX_CHANNELS) {
                open.add(SftpClientFactory.instance().createSftpClient(session));
            }
            assertThrows(IOException.class, () -> SftpClientFactory.instance().createSftpClient(session),
                    "one channel more than " + SftpServer.MAX_CHANNELS);
            assertTrue(session.isOpen(), "the session goes on");
            assertEquals("plan", new String(first.read("/Plans/site.dwg").readAllBytes()), "and its channels work");
            open.remove(open.size() - 1).close();
            SftpClient again = createWithin(session, 5_000);
            assertEquals(1, count(again.readDir("/Plans")), "one closed, one more may open");
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
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try {
                return SftpClientFactory.instance().createSftpClient(session);
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
