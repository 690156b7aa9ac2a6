package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery's asks of a machine beyond the local network, against a real service: one session kept for all of
 * them, none of them reported to the owner as someone opening the shares; a real use of the shares is.
 */
class HelloClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void asksEveryFewSecondsUseOneSessionThatIsNoUseOfTheShares() throws Exception {
        TestHome home = new TestHome(tmp);
        Path docs = home.folder("Docs");
        home.account("ann").share("Docs", docs, true, "guests:read", "ann:read").start();
        try (home; HelloClient hello = new HelloClient()) {
            String key = home.service().fingerprint();
            for (int i = 0; i < 3; i++) {
                HelloClient.Answer a = hello.ask("127.0.0.1", home.port(), key, "{}\n");
                assertEquals(key, a.fingerprint());
            }
            assertEquals(1, hello.kept(), "one session for the three asks");
            assertEquals(0, home.service().sessions());
            assertEquals(List.of(), sessionLines(home), "introductions are no use of the shares");
            assertThrows(IOException.class, () -> hello.ask("127.0.0.1", home.port(), "SHA256:" + "A".repeat(43),
                    "{}\n"), "another key expected: not talked to");

            SftpClient ann = home.login("ann");
            ann.readDir("/Docs").forEach(e -> { });
            assertEquals(1, home.service().sessions());
            assertTrue(waitForLines(home, 1).get(0).contains("session-opened account=ann"), sessionLines(home)
                    .toString());
            ann.close();
            ann.getClientSession().close(false).await();
            assertTrue(waitForLines(home, 2).get(1).contains("session-closed account=ann"), sessionLines(home)
                    .toString());
            assertEquals(0, home.service().sessions());
        }
    }

    /** A guest session that opens introductions and sends nothing holds at most two of the service's threads. */
    @Test
    void aSessionHasAtMostTwoIntroductionsOpenAtOnce() throws Exception {
        TestHome home = new TestHome(tmp);
        home.share("Docs", home.folder("Docs"), true, "guests:read").start();
        try (home; SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier((s, a, k) -> true);
            client.start();
            try (ClientSession guest = client.connect("guest", "127.0.0.1", home.port()).verify(TIMEOUT)
                    .getSession()) {
                guest.setUserInteraction(new UserInteraction() {
                    @Override
                    public String[] interactive(ClientSession s, String n, String i, String l, String[] prompt,
                            boolean[] echo) {
                        return new String[prompt.length];
                    }

                    @Override
                    public String getUpdatedPassword(ClientSession s, String prompt, String lang) {
                        return null;
                    }
                });
                guest.auth().verify(TIMEOUT);
                CoreModuleProperties.REQUEST_SUBSYSTEM_REPLY.set(guest, true); // a refusal closes the channel
                ChannelSubsystem first = open(guest);
                ChannelSubsystem second = open(guest);
                assertTrue(refused(open(guest)), "a third waiting at once");
                assertTrue(refused(open(guest)), "nor a fourth");
                assertFalse(refused(first) || refused(second), "the first two wait for their line");
                second.close(false).await(TIMEOUT); // one done: room for another
                Thread.sleep(200);
                ChannelSubsystem fifth = open(guest);
                assertFalse(refused(fifth), "one closed, one more may wait");
                fifth.close(false).await(TIMEOUT);
                first.close(false).await(TIMEOUT);
                try (HelloClient hello = new HelloClient()) {
                    assertEquals(home.service().fingerprint(), hello.ask("127.0.0.1", home.port(),
                            home.service().fingerprint(), "{}\n").fingerprint(), "another session is answered");
                }
            }
        }
    }

    /** Whether the service closed {@code channel} (its subsystem refused) within a second. */
    private static boolean refused(ChannelSubsystem channel) {
        return channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(1))
                .contains(ClientChannelEvent.CLOSED);
    }

    private static ChannelSubsystem open(ClientSession session) throws IOException {
        ChannelSubsystem channel = session.createSubsystemChannel(HelloClient.SUBSYSTEM);
        try {
            channel.open().verify(TIMEOUT);
            return channel;
        } catch (IOException e) {
            channel.close(true);
            throw e;
        }
    }

    private static List<String> sessionLines(TestHome home) throws IOException {
        Path log = home.dirs().activityLog();
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(" session-")).toList()
                : List.of();
    }

    private static List<String> waitForLines(TestHome home, int count) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sessionLines(home).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return sessionLines(home);
    }
}
