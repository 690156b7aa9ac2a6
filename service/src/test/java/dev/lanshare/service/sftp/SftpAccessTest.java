package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.Clients;
import dev.lanshare.service.TestHome;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.sshd.common.SshException;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who sees which shares, and reading and writing through them, with MINA's client against a real server. */
class SftpAccessTest {
    @TempDir
    Path tmp;
    TestHome home;
    Clients clients;
    Path plans;
    Path handouts;
    Path secret;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        plans = home.folder("Plans");
        handouts = home.folder("Handouts");
        secret = home.folder("Secret");
        Files.writeString(handouts.resolve("welcome.txt"), "hello guests");
        Files.writeString(plans.resolve("a.dwg"), "drawing");
        home.account("ann").account("ben").passwordAccount()
                .share("Plans", plans, false, "ann:write", "ben:read")
                .share("Handouts", handouts, true, "guests", "accounts")
                .share("Secret", secret, false, "ann:write");
        home.start();
        clients = new Clients();
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        home.close();
    }

    private static List<String> names(SftpClient sftp, String dir) throws Exception {
        return StreamSupport.stream(sftp.readDir(dir).spliterator(), false).map(SftpClient.DirEntry::getFilename)
                .filter(n -> !n.equals(".") && !n.equals("..")).sorted().toList();
    }

    @Test
    void rootListsTheSharesEachAccountMayOpen() throws Exception {
        try (SftpClient ann = clients.withKey(home.port(), "ann", home.key("ann"));
             SftpClient ben = clients.withKey(home.port(), "ben", home.key("ben"));
             SftpClient guest = clients.withPassword(home.port(), "guest", "any password")) {
            assertEquals(List.of("Handouts", "Plans", "Secret"), names(ann, "/"));
            assertEquals(List.of("Handouts", "Plans"), names(ben, "/"));
            assertEquals(List.of("Handouts"), names(guest, "/"));
            assertEquals(List.of("welcome.txt"), names(guest, "/Handouts"));
        }
    }

    @Test
    void guestCannotOpenSharesThatAreNotOpenToGuests() throws Exception {
        try (SftpClient guest = clients.withPassword(home.port(), "guest", "anything")) {
            SftpException e = assertThrows(SftpException.class, () -> guest.stat("/Plans/a.dwg"));
            assertEquals(SftpConstants.SSH_FX_NO_SUCH_FILE, e.getStatus());
            assertThrows(java.io.UncheckedIOException.class, () -> names(guest, "/Secret"));
        }
    }

    @Test
    void getAndPutFiles() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(42).nextBytes(big);
        try (SftpClient ann = clients.withKey(home.port(), "ann", home.key("ann"))) {
            try (OutputStream out = ann.write("/Plans/big.bin")) {
                out.write(big);
            }
            assertArrayEquals(big, Files.readAllBytes(plans.resolve("big.bin")));
            try (InputStream in = ann.read("/Plans/a.dwg")) {
                assertEquals("drawing", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            ann.mkdir("/Plans/sub");
            ann.rename("/Plans/big.bin", "/Plans/sub/big.bin");
            assertTrue(Files.exists(plans.resolve("sub/big.bin")));
            ann.remove("/Plans/sub/big.bin");
            ann.rmdir("/Plans/sub");
            assertEquals(List.of("a.dwg"), names(ann, "/Plans"));
        }
    }

    @Test
    void readerReadsButCannotWrite() throws Exception {
        try (SftpClient ben = clients.withKey(home.port(), "ben", home.key("ben"))) {
            try (InputStream in = ben.read("/Plans/a.dwg")) {
                assertEquals("drawing", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            SftpException e = assertThrows(SftpException.class, () -> {
                try (OutputStream out = ben.write("/Plans/new.txt")) {
                    out.write(1);
                }
            });
            assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, e.getStatus());
            assertTrue(e.getMessage().contains("you may only read share 'Plans'"), e.getMessage());
            assertTrue(Files.notExists(plans.resolve("new.txt")));
        }
    }

    @Test
    void passwordsWork_andWrongOnesAreRefused() throws Exception {
        try (SftpClient carl = clients.withPassword(home.port(), TestHome.PASSWORD_USER, TestHome.PASSWORD)) {
            assertEquals(List.of("Handouts"), names(carl, "/"));
        }
        assertThrows(SshException.class,
                () -> clients.withPassword(home.port(), TestHome.PASSWORD_USER, "wrong").close());
        assertThrows(SshException.class, () -> clients.withPassword(home.port(), "nobody", "x").close());
    }

    @Test
    void topLevelCannotBeChanged() throws Exception {
        try (SftpClient ann = clients.withKey(home.port(), "ann", home.key("ann"))) {
            SftpException e = assertThrows(SftpException.class, () -> ann.mkdir("/NewShare"));
            assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, e.getStatus());
            assertThrows(SftpException.class, () -> ann.rmdir("/Plans"));
            assertThrows(SftpException.class, () -> ann.rename("/Plans", "/Plans2"));
            assertTrue(Files.isDirectory(plans));
        }
    }

    @Test
    void activityIsLogged() throws Exception {
        try (SftpClient ann = clients.withKey(home.port(), "ann", home.key("ann"))) {
            try (InputStream in = ann.read("/Plans/a.dwg")) {
                in.readAllBytes();
            }
            try (OutputStream out = ann.write("/Plans/b.dwg")) {
                out.write("x".getBytes(StandardCharsets.UTF_8));
            }
            ann.rename("/Plans/b.dwg", "/Plans/c.dwg");
            ann.remove("/Plans/c.dwg");
        }
        Path log = home.dirs().activityLog();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Files.readString(log).contains("session-closed") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String text = Files.readString(log);
        for (String expected : List.of("session-opened account=ann address=127.0.0.1",
                "read account=ann path=/Plans/a.dwg bytes=7", "write account=ann path=/Plans/b.dwg bytes=1",
                "rename account=ann from=/Plans/b.dwg to=/Plans/c.dwg", "remove account=ann path=/Plans/c.dwg",
                "session-closed account=ann")) {
            assertTrue(text.contains(expected), "missing '" + expected + "' in:\n" + text);
        }
    }
}
