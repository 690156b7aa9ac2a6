package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unicast DNS-SD settings file: what it accepts, and the errors that say what to change. */
class WideAreaSetupTest {
    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==";

    @Test
    void noFileMeansOff(@TempDir Path dir) throws IOException {
        assertTrue(WideArea.Setup.load(dir).isEmpty());
    }

    @Test
    void readsDomainServerAndKey(@TempDir Path dir) throws IOException {
        write(dir, "domain=office.example\nserver=127.0.0.1:5353\nkey-name=k1\nkey-secret=" + SECRET + "\n", "rw-------");
        WideArea.Setup s = WideArea.Setup.load(dir).orElseThrow();
        assertEquals("office.example.", s.domain().toString());
        assertEquals(5353, s.server().getPort());
        assertEquals("k1", s.keyName());
        assertTrue(s.key() != null);
    }

    @Test
    void clearErrors(@TempDir Path dir) throws IOException {
        assertEquals("'domain' is missing", error(dir, "server=127.0.0.1\n", "rw-------"));
        assertEquals("the port must be 1-65535", error(dir, "domain=a.example.\nserver=127.0.0.1:99999\n", "rw-------"));
        assertEquals("is not one of", error(dir, "domain=a.example.\nkey-name=k\nkey-algorithm=rot13\nkey-secret="
                + SECRET + "\n", "rw-------"));
        assertEquals("must be the base64 secret", error(dir, "domain=a.example.\nkey-name=k\nkey-secret=%%%\n",
                "rw-------"));
        assertEquals("others may read it: chmod 600", error(dir, "domain=a.example.\nkey-name=k\nkey-secret="
                + SECRET + "\n", "rw-r--r--"));
    }

    @Test
    void setFromATsigKeygenKeyFile(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("office.key");
        Files.writeString(key, "key \"lanshare-office\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\";\n};\n");
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path f = Discovery.setWideArea(conf, "office.example.", "127.0.0.1:5300", key);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        WideArea.Setup s = WideArea.Setup.load(conf).orElseThrow();
        assertEquals("lanshare-office", s.keyName());
        assertEquals(5300, s.server().getPort());
        String saved = Files.readString(f);
        Files.writeString(key, "not a key");
        IOException e = assertThrows(IOException.class, () -> Discovery.setWideArea(conf, "x.", null, key));
        assertTrue(e.getMessage().contains("is not a TSIG key"), e.getMessage());
        e = assertThrows(IOException.class, () -> Discovery.setWideArea(conf, "a..b", null, null));
        assertTrue(e.getMessage().startsWith("domain 'a..b' is not a DNS name"), e.getMessage());
        assertEquals(saved, Files.readString(f), "a refused change leaves the file as it was");
        Discovery.setWideArea(conf, null, null, null);
        assertTrue(WideArea.Setup.load(conf).isEmpty());
    }

    private static String error(Path dir, String text, String mode) throws IOException {
        write(dir, text, mode);
        IOException e = assertThrows(IOException.class, () -> WideArea.Setup.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(WideArea.FILE) + ": "), e.getMessage());
        for (String expected : new String[] {"'domain' is missing", "the port must be 1-65535", "is not one of",
                "must be the base64 secret", "others may read it: chmod 600"}) {
            if (e.getMessage().contains(expected)) {
                return expected;
            }
        }
        return e.getMessage();
    }

    private static void write(Path dir, String text, String mode) throws IOException {
        Path f = dir.resolve(WideArea.FILE);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    }
}
