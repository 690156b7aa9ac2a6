package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanshare.config.AppDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A colleague that goes away while this machine logs in (its service killed between the key exchange and the
 * login's answer, as happens when a copy reconnects just as it stops): a real SSH server that drops the connection
 * when asked for the password. The copy said "did not let ben in (Session is being closed)", as if the account had
 * been refused.
 */
class LoginCutOffTest {
    @TempDir
    Path tmp;

    @Test
    void aConnectionDroppedDuringTheLoginIsALostConnectionNotARefusal() throws Exception {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(tmp.resolve("host_key")));
        sshd.setPasswordAuthenticator((user, password, session) -> {
            session.close(true);
            return false;
        });
        sshd.start();
        AppDirs dirs = AppDirs.under(tmp.resolve("home"));
        Files.createDirectories(dirs.config());
        Files.createDirectories(dirs.state());
        try (PeerSessions sessions = new PeerSessions(dirs)) {
            PeerTarget peer = new PeerTarget("annes-mac", "127.0.0.1", sshd.getPort(), "127.0.0.1:" + sshd.getPort(),
                    Optional.empty(), false);
            PeerException e = assertThrows(PeerException.class, () -> sessions.connect(peer,
                    new PeerClient.Credentials("ben", "secret"), Duration.ofSeconds(10)));
            assertEquals("annes-mac closed the connection while ben was logging in; run the same command again",
                    e.getMessage());
            PeerException.Lost lost = PeerErrors.lost(e, false, "annes-mac", "/Plans/site");
            assertNotNull(lost, "a copy says it lost the connection");
            assertEquals("lost the connection to annes-mac while copying /Plans/site; run the same command again to "
                    + "continue", lost.getMessage());
        } finally {
            sshd.stop(true);
        }
    }
}
