package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.OpenSsh;
import dev.lanshare.service.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenSSH sftp and ssh clients against a real server: what works, and what is refused. */
class OpenSshClientTest {
    @TempDir
    Path tmp;
    TestHome home;
    OpenSsh openssh;
    Path plans;
    Path archive;
    Path local;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        openssh = OpenSsh.withNewKey(Files.createDirectories(tmp.resolve("keys")));
        plans = home.folder("Plans");
        archive = home.folder("Archive");
        local = home.folder("local");
        Files.writeString(archive.resolve("old.dwg"), "archived");
        Files.createDirectories(archive.resolve("dir"));
        Files.writeString(local.resolve("upload.dwg"), "uploaded, and longer than what it replaces");
        home.account("ann", openssh.publicKeyLine())
                .share("Plans", plans, false, "ann:write").share("Archive", archive, true, "ann:read");
        home.start();
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    @Test
    void listGetAndPutWithDefaultSettings() throws Exception {
        OpenSsh.Result r = openssh.sftp(home.port(), "ann", String.join("\n",
                "ls -1 /",
                "get /Archive/old.dwg " + local.resolve("got.dwg"),
                "put " + local.resolve("upload.dwg") + " /Plans/upload.dwg",
                "ls -l /Plans", ""));
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("Archive") && r.out().contains("Plans"), r.out());
        assertEquals("archived", Files.readString(local.resolve("got.dwg")));
        assertEquals(Files.readString(local.resolve("upload.dwg")), Files.readString(plans.resolve("upload.dwg")));
        assertTrue(r.out().contains("upload.dwg"), r.out());
    }

    /**
     * A file written is not flushed to the disk when it is closed (as with OpenSSH's sftp-server); a client that
     * wants it flushed asks ({@code sftp -f}), and the server does it.
     */
    @Test
    void aClientCanAskForAnUploadToBeFlushedToTheDisk() throws Exception {
        OpenSsh.Result r = openssh.sftp(home.port(), "ann",
                "put " + local.resolve("upload.dwg") + " /Plans/flushed.dwg\n", "-f", "-vvv");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("Sent message fsync@openssh.com"), r.err());
        assertFalse(r.err().contains("Couldn't sync"), r.err());
        assertEquals(Files.readString(local.resolve("upload.dwg")), Files.readString(plans.resolve("flushed.dwg")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"put %s /Archive/new.dwg", "put %s /Archive/old.dwg", "mkdir /Archive/new",
            "rmdir /Archive/dir", "rm /Archive/old.dwg", "rename /Archive/old.dwg /Archive/renamed.dwg",
            "rename /Archive/old.dwg /Plans/moved.dwg", "chmod 777 /Archive/old.dwg", "ln /Archive/old.dwg /Archive/hard.dwg",
            "ln /Archive/old.dwg /Plans/hard.dwg", "ln -s /Archive/old.dwg /Archive/soft.dwg",
            "reput %s /Archive/old.dwg", "cp /Archive/old.dwg /Archive/copy.dwg",
            "cp /Archive/old.dwg /Archive/dir/old.dwg"})
    void everyChangeToAReadOnlyShareIsRefused(String command) throws Exception {
        List<String> before = TestHome.snapshot(archive);
        OpenSsh.Result r = openssh.sftp(home.port(), "ann",
                String.format(command, local.resolve("upload.dwg")) + "\n");
        assertNotEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("Permission denied") || r.err().contains("Failure"), r.all());
        assertEquals(before, TestHome.snapshot(archive));
        try (var list = Files.list(plans)) {
            assertEquals(0, list.count(), "nothing arrived in the writable share either");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ciphers=aes128-cbc", "KexAlgorithms=diffie-hellman-group14-sha1",
            "HostKeyAlgorithms=ssh-rsa", "HostKeyAlgorithms=ssh-dss", "Ciphers=3des-cbc", "KexAlgorithms=diffie-hellman-group1-sha1",
            "Ciphers=aes128-ctr"})
    void oldAlgorithmsAreRefused(String option) throws Exception {
        OpenSsh.Result r = openssh.ssh(home.port(), "ann", List.of("-o", option), "true");
        assertEquals(255, r.exit(), r.all());
        assertTrue(r.err().contains("no matching"), r.all());
    }

    /**
     * The server offers only AES-GCM, whose authentication is built in, so no separate MAC is ever used: a client
     * that allows only SHA-1 or MD5 MACs either gets GCM with its implicit MAC or, if it also insists on a cipher
     * that needs a MAC, no connection.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hmac-sha1", "hmac-md5", "hmac-sha1-96"})
    void weakMacsAreNeverUsed(String mac) throws Exception {
        OpenSsh.Result withGcm = openssh.sftp(home.port(), "ann", "ls /\n", "-o", "MACs=" + mac, "-o",
                "LogLevel=DEBUG");
        assertTrue(withGcm.err().contains("MAC: <implicit>"), withGcm.err());
        assertTrue(withGcm.err().lines().filter(l -> l.contains("kex: ") && l.contains("cipher:"))
                .noneMatch(l -> l.contains("hmac-")), withGcm.err());
        OpenSsh.Result withCtr = openssh.ssh(home.port(), "ann", List.of("-o", "MACs=" + mac, "-o",
                "Ciphers=aes128-ctr,aes256-ctr"), "true");
        assertEquals(255, withCtr.exit(), withCtr.all());
        assertTrue(withCtr.err().contains("no matching"), withCtr.all());
    }

    /** OpenSSH's client lists AES-CTR before AES-GCM; it is not offered CTR, so with its defaults it gets GCM. */
    @Test
    void defaultOptionsNegotiateAesGcm() throws Exception {
        OpenSsh.Result r = openssh.sftp(home.port(), "ann", "ls /\n", "-v");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("kex: client->server cipher: aes128-gcm@openssh.com MAC: <implicit>"), r.err());
        assertTrue(r.err().contains("kex: server->client cipher: aes128-gcm@openssh.com MAC: <implicit>"), r.err());
    }

    /** {@code cp} is done by the server (copy-data), {@code df} shows the share's disk (statvfs@openssh.com). */
    @Test
    void cpAndDfWork() throws Exception {
        Files.writeString(plans.resolve("a.dwg"), "drawing");
        OpenSsh.Result r = openssh.sftp(home.port(), "ann", String.join("\n",
                "cp /Plans/a.dwg /Plans/b.dwg", "cp /Archive/old.dwg /Plans/from-archive.dwg", "df /Plans",
                "df -h /Archive", "df -i /Plans", "df /", ""));
        assertEquals(0, r.exit(), r.all());
        assertEquals("drawing", Files.readString(plans.resolve("b.dwg")));
        assertEquals("archived", Files.readString(plans.resolve("from-archive.dwg")));
        assertTrue(r.out().contains("Size") && r.out().contains("Avail") && r.out().contains("Inodes"), r.out());
        long freeKib = Files.getFileStore(plans).getUsableSpace() / 1024;
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+%")
                && Math.abs(Long.parseLong(l.trim().split("\\s+")[2]) - freeKib) < 100_000), r.out());
        assertFalse(r.err().contains("not support"), r.all());
    }

    /** An RSA key signed with SHA-1 ({@code ssh-rsa}) is refused; the same key with RSA-SHA2 logs in. */
    @Test
    void rsaSha1SignaturesAreRefused() throws Exception {
        OpenSsh rsa = OpenSsh.withNewKey(Files.createDirectories(tmp.resolve("rsa")), "rsa");
        home.change(s -> s.withAccount(new dev.lanshare.config.Account("rob", java.util.Optional.empty(),
                List.of(uncheckedKeyLine(rsa)))));
        OpenSsh.Result sha1 = rsa.ssh(home.port(), "rob", List.of("-o", "PubkeyAcceptedAlgorithms=ssh-rsa"), "true");
        assertEquals(255, sha1.exit(), sha1.all());
        assertTrue(sha1.err().contains("Permission denied"), sha1.all());
        OpenSsh.Result sha2 = rsa.sftp(home.port(), "rob", "ls /\n");
        assertEquals(0, sha2.exit(), sha2.all());
    }

    private static String uncheckedKeyLine(OpenSsh key) {
        try {
            return key.publicKeyLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void strictKeyExchangeIsNegotiated() throws Exception {
        OpenSsh.Result r = openssh.sftp(home.port(), "ann", "ls /\n", "-o", "LogLevel=DEBUG3");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("will use strict KEX ordering"), r.err());
        assertTrue(r.err().contains("kex: host key algorithm: ssh-ed25519"), r.err());
    }

    @Test
    void noShellNoExecNoForwarding() throws Exception {
        OpenSsh.Result exec = openssh.ssh(home.port(), "ann", List.of(), "cat", "/etc/hostname");
        assertNotEquals(0, exec.exit());
        assertTrue(exec.err().contains("exec request failed"), exec.all());
        OpenSsh.Result forward = openssh.ssh(home.port(), "ann", List.of("-o", "ExitOnForwardFailure=yes",
                "-W", "127.0.0.1:" + home.port()));
        assertNotEquals(0, forward.exit());
        assertTrue(forward.err().contains("open failed") || forward.err().contains("channel"), forward.all());
    }
}
