package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's SSH libraries as Debian ships them (python3-paramiko 2.12, python3-asyncssh), run by Debian's own
 * {@code /usr/bin/python3}: clients that speak only AES-CTR with HMAC-SHA2 log in, list, read and write; weak MACs
 * are still refused. A missing package fails the test, naming it.
 */
class PythonClientsTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String CTR = "aes128-ctr,aes256-ctr";
    static final String SHA2 = "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,"
            + "hmac-sha2-512";

    @TempDir
    Path tmp;
    TestHome home;
    Path plans;

    record Run(int exit, String out) {
        String cipher() {
            return out.lines().filter(l -> l.startsWith("cipher=")).findFirst().orElse("none: " + out);
        }
    }

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        Files.writeString(plans.resolve("in.txt"), "drawing list");
        home.passwordAccount().share("Plans", plans, false, TestHome.PASSWORD_USER + ":write");
        home.start();
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    @Test
    void debiansParamikoWithItsDefaultsUsesAesCtr() throws Exception {
        Run r = run("paramiko_sftp.py", "default", "default");
        assertWorked(r, "from-paramiko.txt", "written by paramiko 2.");
        assertTrue(r.cipher().startsWith("cipher=aes128-ctr mac=hmac-sha2-"), r.out());
    }

    @Test
    void paramikoRestrictedToCtrAndSha2() throws Exception {
        Run r = run("paramiko_sftp.py", CTR, SHA2);
        assertWorked(r, "from-paramiko.txt", "written by paramiko");
        assertTrue(r.cipher().startsWith("cipher=aes128-ctr mac=hmac-sha2-256-etm@openssh.com"), r.out());
    }

    @Test
    void asyncsshRestrictedToCtrAndSha2() throws Exception {
        Run r = run("asyncssh_sftp.py", "aes256-ctr,aes128-ctr", SHA2);
        assertWorked(r, "from-asyncssh.txt", "written by asyncssh");
        assertTrue(r.cipher().startsWith("cipher=aes256-ctr mac=hmac-sha2-256-etm@openssh.com"), r.out());
    }

    /** asyncssh speaks AES-GCM and lists it before AES-CTR: offered both, it takes GCM. */
    @Test
    void asyncsshWithItsDefaultsUsesAesGcm() throws Exception {
        Run r = run("asyncssh_sftp.py", "default", "default");
        assertWorked(r, "from-asyncssh.txt", "written by asyncssh");
        assertTrue(r.cipher().startsWith("cipher=aes256-gcm@openssh.com"), r.out());
    }

    /** A client given only SHA-1 or MD5 MACs, or only CBC, finds nothing to agree on. */
    @Test
    void ctrWithWeakMacsOrCbcIsRefused() throws Exception {
        for (List<String> algs : List.of(List.of(CTR, "hmac-sha1,hmac-md5,hmac-sha1-96"),
                List.of("aes128-cbc,aes256-cbc,3des-cbc", SHA2))) {
            Run r = run("paramiko_sftp.py", algs.get(0), algs.get(1));
            assertNotEquals(0, r.exit(), r.out());
            assertTrue(r.out().contains("Incompatible ssh") || r.out().contains("no acceptable"), r.out());
        }
        assertEquals(List.of("in.txt"), listing());
    }

    private List<String> listing() throws IOException {
        try (var s = Files.list(plans)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertWorked(Run r, String written, String content) throws IOException {
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("listing=") && r.out().contains("Plans"), r.out());
        assertTrue(r.out().contains("read=drawing list"), r.out());
        assertTrue(Files.readString(plans.resolve(written)).startsWith(content), r.out());
    }

    private Run run(String script, String ciphers, String macs) throws Exception {
        assertTrue(Files.isExecutable(PYTHON), PYTHON + " is missing: install the Debian package python3");
        Path file = tmp.resolve(script);
        try (InputStream in = PythonClientsTest.class.getResourceAsStream("/clients/" + script)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(PYTHON.toString(), file.toString(), String.valueOf(home.port()),
                TestHome.PASSWORD_USER, TestHome.PASSWORD, "Plans", ciphers, macs).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish in 60 s: " + out);
        }
        assertNotEquals(3, p.exitValue(), out); // the script says which Debian package is missing
        return new Run(p.exitValue(), out);
    }
}
