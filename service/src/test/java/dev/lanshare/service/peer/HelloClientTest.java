package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery's asks of a machine beyond the local network, against a real service: one session kept for all of
 * them, none of them reported to the owner as someone opening the shares; a real use of the shares is.
 */
class HelloClientTest {
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
