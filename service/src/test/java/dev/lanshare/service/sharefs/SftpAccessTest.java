package dev.lanshare.service.sharefs;

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

    /**
     * A removed account's session is closed, and until then opens nothing, not even what every account may open
     * (before, its open session went on reading the shares open to "accounts", even ones shared after the removal).
     */
    @Test
    void aRemovedAccountsSessionEnds() throws Exception {
        try (SftpClient ben = home.login("ben"); SftpClient ann = home.login("ann")) {
            assertEquals("hello guests", new String(ben.read("/Handouts/welcome.txt").readAllBytes()));
            home.change(s -> dev.lanshare.config.SettingsEdits.removeAccount(s, "ben"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ben.isOpen() && ben.getClientSession().isOpen()) {
                assertTrue(System.nanoTime() < deadline, "ben's session still open 10 s after the removal");
                Thread.sleep(20);
            }
            assertThrows(Exception.class, () -> ben.read("/Handouts/welcome.txt").readAllBytes());
            assertEquals(List.of("Handouts", "Plans", "Secret"), names(ann, "/"), "other accounts go on");
        }
    }

    @Test
    void rootListsTheSharesEachAccountMayOpen() throws Exception {
        try (SftpClient ann = home.login("ann");
             SftpClient ben = home.login("ben");
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
        try (SftpClient ann = home.login("ann")) {
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
    void foldersLinksCopiesAndAttributesDeepInAWritableShare() throws Exception {
        // each of these is done from the opened folder, not by path (see OpenedFolders): the same results as by path
        Files.createDirectories(plans.resolve("a"));
        Files.writeString(plans.resolve("a/f.txt"), "first");
        try (SftpClient ann = home.login("ann")) {
            ann.mkdir("/Plans/a/b");
            ann.mkdir("/Plans/a/b/c");
            assertTrue(Files.isDirectory(plans.resolve("a/b/c")));
            assertThrows(SftpException.class, () -> ann.mkdir("/Plans/a/b"));
            assertThrows(SftpException.class, () -> ann.mkdir("/Plans/a/f.txt"));
            ann.symLink("/Plans/a/b/link", "/Plans/a/f.txt");
            assertEquals(Path.of("../f.txt"), Files.readSymbolicLink(plans.resolve("a/b/link")));
            assertTrue(ann.lstat("/Plans/a/b/link").isSymbolicLink());
            assertEquals(5, ann.stat("/Plans/a/b/link").getSize());
            assertThrows(SftpException.class, () -> ann.symLink("/Plans/a/b/link", "/Plans/a/f.txt"));

            var copy = ann.getExtension(org.apache.sshd.sftp.client.extensions.CopyFileExtension.class);
            copy.copyFile("/Plans/a/f.txt", "/Plans/a/b/c/g.txt", false);
            assertEquals("first", Files.readString(plans.resolve("a/b/c/g.txt")));
            Files.writeString(plans.resolve("a/f.txt"), "second, longer");
            assertThrows(SftpException.class, () -> copy.copyFile("/Plans/a/f.txt", "/Plans/a/b/c/g.txt", false));
            assertEquals("first", Files.readString(plans.resolve("a/b/c/g.txt")));
            copy.copyFile("/Plans/a/f.txt", "/Plans/a/b/c/g.txt", true);
            assertEquals("second, longer", Files.readString(plans.resolve("a/b/c/g.txt")));
            copy.copyFile("/Plans/a/b/c/g.txt", "/Plans/a/b/c/g.txt", true);
            assertEquals("second, longer", Files.readString(plans.resolve("a/b/c/g.txt")), "a copy onto itself");
            copy.copyFile("/Plans/a/b/link", "/Plans/a/b/c/h.txt", false);
            assertEquals("second, longer", Files.readString(plans.resolve("a/b/c/h.txt")), "a link is followed");
            copy.copyFile("/Plans/a/b", "/Plans/a/b2", false);
            assertTrue(Files.isDirectory(plans.resolve("a/b2")));

            ann.setStat("/Plans/a/b/c/g.txt", new SftpClient.Attributes().perms(0640).modifyTime(1_000_000));
            Path g = plans.resolve("a/b/c/g.txt");
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(g)));
            assertEquals(1_000_000L, Files.getLastModifiedTime(g).to(java.util.concurrent.TimeUnit.SECONDS));
            SftpClient.Attributes seen = ann.stat("/Plans/a/b/c/g.txt");
            assertEquals(0640, seen.getPermissions() & 0777);
            // setting the owner a file already has is no change, and allowed
            ann.setStat("/Plans/a/b/c/g.txt", new SftpClient.Attributes().owner(seen.getUserId(), seen.getGroupId()));
        }
        try (var all = Files.walk(plans)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith(".lanshare-new-")),
                    "nothing passing is left in the share");
        }
    }

    @Test
    void readerReadsButCannotWrite() throws Exception {
        try (SftpClient ben = home.login("ben")) {
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
        try (SftpClient ann = home.login("ann")) {
            SftpException e = assertThrows(SftpException.class, () -> ann.mkdir("/NewShare"));
            assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, e.getStatus());
            assertThrows(SftpException.class, () -> ann.rmdir("/Plans"));
            assertThrows(SftpException.class, () -> ann.rename("/Plans", "/Plans2"));
            assertTrue(Files.isDirectory(plans));
        }
    }

    @Test
    void activityIsLogged() throws Exception {
        try (SftpClient ann = home.login("ann")) {
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
