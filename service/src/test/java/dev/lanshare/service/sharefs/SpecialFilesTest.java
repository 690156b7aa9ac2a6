package dev.lanshare.service.sharefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipes, sockets and devices left in a shared folder (by the owner or a program of theirs; SFTP cannot make them)
 * are not opened: a pipe's open waits for its other end on the server's I/O thread, which stopped the service for
 * everyone, and a device node would serve the device.
 */
class SpecialFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aPipeOrADeviceInAShareIsRefusedAtOnceAndTheServiceGoesOn() throws Exception {
        TestHome home = new TestHome(tmp);
        Path plans = home.folder("Plans");
        Files.writeString(plans.resolve("site.dwg"), "plan");
        run("mkfifo", plans.resolve("pipe").toString());
        run("mknod", plans.resolve("zero").toString(), "c", "1", "5"); // as /dev/zero (the tests run as root)
        home.account("ann").share("Plans", plans, false, "ann:write").start();
        try (home) {
            SftpClient ann = home.login("ann");
            for (String name : new String[] {"pipe", "zero"}) {
                IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
                        () -> {
                            try (InputStream in = ann.read("/Plans/" + name)) {
                                in.readNBytes(1024);
                            }
                        }), "reading " + name);
                assertTrue(e.getMessage().contains("not a file or folder"), e.getMessage());
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class,
                        () -> ann.open("/Plans/" + name, EnumSet.of(SftpClient.OpenMode.Write,
                                SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)).close()), "writing " + name);
            }
            SftpClient other = home.login("ann");
            assertEquals("plan", new String(other.read("/Plans/site.dwg").readAllBytes()), "the service goes on");
            try (OutputStream out = other.write("/Plans/new.dwg")) {
                out.write("new".getBytes());
            }
            assertEquals("new", Files.readString(plans.resolve("new.dwg")), "a new file is made as before");
            try (OutputStream out = other.write("/Plans/site.dwg")) {
                out.write("v2".getBytes());
            }
            assertEquals("v2", Files.readString(plans.resolve("site.dwg")), "and an existing one replaced");
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + " (needs root for a device node): " + out);
    }
}
