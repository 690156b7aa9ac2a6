package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.CommandConsole;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.Tools;
import dev.lanshare.service.cli.Main;
import dev.lanshare.service.keys.HostKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer commands (ls, get, put, trust) against a real lanshare service on loopback. */
class PeerCommandsTest {
    @TempDir
    Path tmp;
    TestHome server;
    Path clientHome;
    Path plans;
    Path archive;
    Path here;
    String peer;
    CommandConsole console;

    @BeforeEach
    void start() throws Exception {
        server = new TestHome(tmp.resolve("server"));
        clientHome = tmp.resolve("client");
        String clientKey = HostKey.loadOrCreate(AppDirs.under(clientHome).config().resolve("client_key"))
                .publicKeyLine();
        plans = server.folder("Plans");
        archive = server.folder("Archive");
        here = Files.createDirectories(tmp.resolve("here"));
        Files.writeString(archive.resolve("guide.txt"), "for guests");
        server.account("ben", clientKey).share("Plans", plans, false, "ben:write")
                .share("Archive", archive, true, "guests", "ben");
        server.start();
        peer = "127.0.0.1:" + server.port();
        console = new CommandConsole(clientHome);
        console.firstContact(peer);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
        server.close();
    }

    private int run(String... args) {
        return console.run(args);
    }

    private String said() {
        return console.said();
    }

    @Test
    void guestsListWhatIsOpenToGuests() {
        assertEquals(0, run("ls", peer), said());
        assertTrue(said().contains("Archive/") && !said().contains("Plans"), said());
        assertEquals(0, run("ls", peer + "/Archive", "--json"), said());
        assertTrue(said().contains("\"name\" : \"guide.txt\""), said());
    }

    @Test
    void aTreeOf500FilesGoesThereAndBackWithContentAndTimes() throws Exception {
        Path tree = Files.createDirectories(here.resolve("tree"));
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            Path f = tree.resolve("d" + (i % 7)).resolve("e" + (i % 3)).resolve("f" + i + ".dwg");
            Files.createDirectories(f.getParent());
            byte[] data = new byte[random.nextInt(3000)];
            random.nextBytes(data);
            Files.write(f, data);
            Files.setLastModifiedTime(f, FileTime.fromMillis(1_600_000_000_000L + i * 1000L));
        }
        assertEquals(0, run("put", tree.toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        assertEquals(files(tree), files(plans.resolve("tree")));

        Path back = Files.createDirectories(tmp.resolve("back"));
        assertEquals(0, run("get", peer + "/Plans/tree", back.toString(), "-u", "ben", "--verify"), said());
        assertTrue(said().contains("Copied 500 files"), said());
        assertEquals(files(tree), files(back.resolve("tree")));
        assertEquals(0, run("get", peer + "/Plans/tree", back.toString(), "-u", "ben"), said());
        assertTrue(said().strip().matches("Already here: 500 files, [0-9.]+ KiB; nothing to copy\\."),
                "the same copy again: " + said());
        try (var walk = Files.walk(tmp)) {
            assertFalse(walk.anyMatch(p -> p.toString().endsWith(Transfers.PART)), "no part files left");
        }
    }

    /**
     * Names of 242 to 255 bytes (the most a name may have) go both ways, small ones in one request and a large one
     * through its part file: NAME.lanshare-part would pass 255 bytes, so such a part is named shorter.
     */
    @Test
    void theLongestNamesGoThereAndBack() throws Exception {
        Path tree = Files.createDirectories(here.resolve("long"));
        String[] names = {"a".repeat(241) + ".dwg", "\u00e9".repeat(125) + ".dwg", "b".repeat(251) + ".dwg"};
        for (String name : names) {
            Files.writeString(tree.resolve(name), name);
        }
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(3).nextBytes(big);
        Files.write(tree.resolve("c".repeat(255)), big); // more than one request: through its part
        try (var list = Files.list(tree)) {
            for (Path f : list.toList()) {
                Files.setLastModifiedTime(f, FileTime.fromMillis(1_600_000_000_000L));
            }
        }
        assertEquals(0, run("put", tree.toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        assertEquals(filesIn(tree), filesIn(plans.resolve("long")));
        Path back = Files.createDirectories(tmp.resolve("back"));
        assertEquals(0, run("get", peer + "/Plans/long", back.toString(), "-u", "ben", "-q"), said());
        assertEquals(filesIn(tree), filesIn(back.resolve("long")));
        assertEquals(PutFile.MAX_NAME_BYTES, PutFile.part("x".repeat(255)).length(), PutFile.part("x".repeat(255)));
        assertEquals("/S/" + "x".repeat(241) + Transfers.PART, PutFile.part("/S/" + "x".repeat(241)));
    }

    /**
     * {@code lanshare login}: the password is checked by the colleague before it is kept; from then on the other
     * commands use the account instead of the guest; {@code --forget} makes this machine a guest again.
     */
    @Test
    void loginChecksThePasswordRemembersItAndForgets() throws Exception {
        try (TestHome dora = new TestHome(tmp.resolve("dora"))) {
            Path books = dora.folder("Books");
            Files.writeString(books.resolve("catalogue.txt"), "for carl");
            dora.passwordAccount().share("Books", books, false, TestHome.PASSWORD_USER + ":write")
                    .share("Public", dora.folder("Public"), true, "guests").start();
            String doras = "127.0.0.1:" + dora.port();
            Path remembered = AppDirs.under(clientHome).peerPasswords();
            assertEquals(0, run("ls", doras), said());
            assertTrue(said().contains("Public/") && !said().contains("Books"), "a guest sees Public: " + said());

            assertEquals(1, login("wrong\n", "login", doras, "-u", TestHome.PASSWORD_USER, "--password-stdin"));
            assertFalse(Files.exists(remembered) && Files.readString(remembered).contains(TestHome.PASSWORD_USER),
                    "a refused password is not kept");
            assertEquals(1, login("", "login", doras), "no account named and nobody to ask: " + said());
            assertTrue(said().contains("lanshare login " + doras + " -u ACCOUNT"), said());

            assertEquals(0, login(TestHome.PASSWORD + "\n", "login", doras, "-u", TestHome.PASSWORD_USER,
                    "--password-stdin"), said());
            assertTrue(said().contains("Logged in to " + doras + " as carl"), said());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(remembered)));
            assertEquals(0, run("ls", doras + "/Books"), said());
            assertTrue(said().contains("catalogue.txt"), "as carl without a password now: " + said());

            assertEquals(0, run("login", doras, "--forget"), said());
            assertTrue(said().startsWith("Forgot the account remembered for " + doras), said());
            assertEquals(0, run("ls", doras), said());
            assertFalse(said().contains("Books"), "a guest again: " + said());
            assertEquals(0, run("login", doras, "--forget"), said());
            assertTrue(said().startsWith("No account was remembered"), said());
        }
    }

    private int login(String stdin, String... args) {
        java.io.InputStream old = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(old);
        }
    }

    /** DEST/ names a folder to copy into, made when missing, as for cp and put (it made a file named DEST). */
    @Test
    void aDestinationWithATrailingSlashIsAFolderMadeWhenMissing() throws Exception {
        assertEquals(0, run("get", peer + "/Archive/guide.txt", here.resolve("new/deeper") + "/", "-q"), said());
        assertEquals("for guests", Files.readString(here.resolve("new/deeper/guide.txt")));
        // a copy that fails leaves no folder made for it behind
        assertEquals(1, run("get", peer + "/Archive/missing.txt", here.resolve("other/deeper") + "/", "-q"));
        assertTrue(said().contains("not found"), said());
        assertFalse(Files.exists(here.resolve("other")), "made for a copy that failed");
        // without the slash DEST is the file's new name, as before
        assertEquals(0, run("get", peer + "/Archive/guide.txt", here.resolve("named.txt").toString(), "-q"), said());
        assertEquals("for guests", Files.readString(here.resolve("named.txt")));
    }

    /** An address that names no peer or goes above the shares is a usage error (it was "unexpected error"). */
    @Test
    void aWrongAddressIsAUsageErrorInPlainWords() {
        assertEquals(2, run("ls", "/Plans"));
        assertEquals("lanshare: '/Plans' names no peer; write PEER[/SHARE[/PATH]]", said().strip());
        assertEquals(2, run("get", peer + "/Archive/../../etc/passwd", here.toString(), "-q"));
        assertEquals("lanshare: '" + peer + "/Archive/../../etc/passwd' goes above the colleague's shares ('..')",
                said().strip());
        assertEquals(0, run("ls", peer + "/Archive/../Archive/."), said());
        assertTrue(said().contains("guide.txt"), said());
    }

    /**
     * A colleague's file named with escape sequences is listed with them shown as '?' (they reached the terminal,
     * which took them as commands: its title set, its colours changed); the command as users run it, in a process.
     */
    @Test
    void controlCharactersInAColleaguesNamesDoNotReachTheTerminal() throws Exception {
        String name = "evil\u001b]0;pwned\u0007\u001b[31mred\u009b2J.txt";
        Files.writeString(archive.resolve(name), "x");
        Process ls = inItsOwnProcess("ls", peer + "/Archive");
        assertEquals(0, ls.waitFor());
        byte[] said = Files.readAllBytes(tmp.resolve("copy.log"));
        String text = new String(said, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("evil?]0;pwned??[31mred?2J.txt"), text);
        for (byte b : said) {
            assertTrue(b >= 0x20 || b == '\n' || b == '\r' || b == '\t', "a control character reached the output: " + b);
        }
        assertFalse(text.contains("\u009b"), text);
        // a line end in a name would start what looks like another entry
        Files.writeString(archive.resolve("two\nfake.txt"), "x");
        assertEquals(0, run("ls", peer + "/Archive"), said());
        assertTrue(said().contains("two?fake.txt") && !said().lines().anyMatch(l -> l.startsWith("fake.txt")), said());
    }

    /** `peers add` of a machine that is not there says so in the other commands' words (it gave MINA's). */
    @Test
    void addingAPeerThatIsNotThereSaysSoPlainly() throws Exception {
        try (CommandConsole own = new CommandConsole(server.dirs().config()); // its service's home
                java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = closed.getLocalPort();
            closed.close(); // nothing listens there now
            assertEquals(1, own.run("peers", "add", "127.0.0.1:" + port));
            // (the service runs in this JVM: its log lines are among what is said)
            assertTrue(own.said().lines().anyMatch(("lanshare: 127.0.0.1:" + port + " cannot be reached (Connection "
                    + "refused)")::equals), own::said);
            assertEquals(1, own.run("peers", "add", "127.0.0.1:99999"));
            assertTrue(own.said().lines().anyMatch(("lanshare: peer '127.0.0.1:99999': port 99999 must be between 1 and "
                    + "65535")::equals), own::said);
        }
    }

    @Test
    void aReadOnlyShareRefusesPutWithAClearMessage() throws Exception {
        Path f = Files.writeString(here.resolve("new.dwg"), "x");
        List<String> before = TestHome.snapshot(archive);
        assertEquals(1, run("put", f.toString(), peer + "/Archive", "-u", "ben", "-q"));
        assertTrue(said().contains("permission denied") && said().contains("read-only"), said());
        assertEquals(1, said().lines().count(), said());
        assertEquals(before, TestHome.snapshot(archive));
    }

    /**
     * A colleague given as HOST:PORT announces no fingerprint: its key is taken as it is at the first connection
     * (it was, without a word), and said then on standard error with how to check it; later connections say nothing.
     */
    @Test
    void theFirstConnectionToAnAddressSaysTheKeyItRemembers() throws Exception {
        assertEquals(0, run("trust", peer, "--reset"), said());
        assertEquals(0, run("ls", peer + "/Archive"), said());
        assertEquals("lanshare: first connection to " + peer + ": its host key " + server.service().fingerprint()
                + " is remembered now; check it against what 'lanshare status' shows on that machine",
                console.err().strip());
        assertTrue(console.out().contains("guide.txt"), said());
        assertEquals(0, run("ls", peer + "/Archive"), said());
        assertEquals("", console.err(), "said once");
        assertEquals(0, run("trust", peer, "--reset"), said());
        assertEquals(0, run("get", peer + "/Archive/guide.txt", here.toString(), "-q"), said());
        assertTrue(console.err().startsWith("lanshare: first connection to " + peer), said());
    }

    @Test
    void aChangedHostKeyStopsTheConnectionUntilTrustIsReset() throws Exception {
        assertEquals(0, run("ls", peer + "/Archive"), said());
        int port = server.port();
        server.close();
        Files.delete(server.dirs().hostKey());
        server.settings(s -> s.withPort(port));
        dev.lanshare.config.SettingsFile.save(server.dirs().settingsFile(), server.settingsForTest());
        var again = dev.lanshare.service.Service.start(new dev.lanshare.service.Service.Options(server.dirs(),
                java.net.InetAddress.getLoopbackAddress(), port));
        try {
            assertEquals(1, run("get", peer + "/Archive/guide.txt", here.toString()));
            assertTrue(said().contains("host key of " + peer + " has CHANGED"), said());
            assertTrue(said().contains(again.fingerprint()), said());
            assertFalse(Files.exists(here.resolve("guide.txt")), "nothing was transferred");
            assertEquals(0, run("trust", peer, "--reset"), said());
            assertEquals(0, run("get", peer + "/Archive/guide.txt", here.toString(), "-q"), said());
            assertEquals("for guests", Files.readString(here.resolve("guide.txt")));
        } finally {
            again.close();
        }
    }

    @Test
    void anInterruptedDownloadResumesWhereItStopped() throws Exception {
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(1).nextBytes(data);
        Files.write(plans.resolve("big.bin"), data);
        // a copy in its own process, slowed down, killed half-way
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "get",
                peer + "/Plans/big.bin", here.toString(), "-u", "ben", "--limit", "1M", "--home",
                clientHome.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("get.log").toFile())
                .start();
        Path part = here.resolve("big.bin" + Transfers.PART);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(part) && Files.size(part) > 2 * 1024 * 1024)) {
            assertTrue(p.isAlive(), Files.readString(tmp.resolve("get.log")));
            assertTrue(System.nanoTime() < deadline, "the copy got going");
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(); // SIGKILL
        long kept = Files.size(part);
        assertTrue(kept < data.length, "killed half-way: " + kept);

        assertEquals(0, run("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben"), said());
        assertTrue(said().contains("Resuming:"), said());
        assertArrayEquals(data, Files.readAllBytes(here.resolve("big.bin")));
        assertFalse(Files.exists(part));
        long readSecondTime = lastRead("/Plans/big.bin");
        console.close(); // the note below goes to the test's own output
        System.out.printf("resume: first run kept %d bytes; second run read %d of %d bytes%n", kept,
                readSecondTime, data.length);
        assertTrue(readSecondTime <= data.length - kept, "second run read only the rest: " + readSecondTime);
    }

    /**
     * Two copies of one file into one place at once (two {@code get}, then two {@code put}): they wrote one part
     * file, and both failed. Now the second is refused at once with one line, and the first ends byte-identical.
     */
    @Test
    void aSecondCopyIntoTheSamePlaceIsRefusedAndTheFirstFinishes() throws Exception {
        byte[] data = new byte[4 * 1024 * 1024];
        new Random(11).nextBytes(data);
        Files.write(plans.resolve("big.bin"), data);
        Process first = inItsOwnProcess("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben", "--limit",
                "1M", "-q");
        waitForPart(here.resolve("big.bin" + Transfers.PART), first);
        assertEquals(1, run("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben", "-q"));
        assertEquals("lanshare: /Plans/big.bin on " + peer + ": another copy into " + here.resolve("big.bin")
                + " is under way; run this again once it has finished", said().strip());
        assertEquals(0, first.waitFor(), Files.readString(tmp.resolve("copy.log")));
        assertArrayEquals(data, Files.readAllBytes(here.resolve("big.bin")));

        Path local = Files.write(here.resolve("up.bin"), data);
        first = inItsOwnProcess("put", local.toString(), peer + "/Plans", "-u", "ben", "--limit", "1M", "-q");
        waitForPart(plans.resolve("up.bin" + Transfers.PART), first);
        assertEquals(1, run("put", local.toString(), peer + "/Plans", "-u", "ben", "-q"));
        assertEquals("lanshare: /Plans on " + peer + ": another copy into /Plans/up.bin is under way; run this "
                + "again once it has finished", said().strip());
        assertEquals(0, first.waitFor(), Files.readString(tmp.resolve("copy.log")));
        assertArrayEquals(data, Files.readAllBytes(plans.resolve("up.bin")));
        try (var walk = Files.walk(tmp)) {
            assertFalse(walk.anyMatch(f -> f.toString().endsWith(Transfers.PART)), "no part file is left");
        }
    }

    /**
     * Permission bits go both ways as OpenSSH's sftp makes files: an executable arrives executable (it arrived 644),
     * a private file stays private, a read-only one can be read and written by its owner here, and no set-user-id
     * bit comes along. Alone and in a folder, small files (one request each) and large ones (through the part).
     */
    @Test
    void permissionBitsGoBothWaysWithoutSetUserId() throws Exception {
        Path tree = Files.createDirectories(here.resolve("bits"));
        Map<String, String> sent = new java.util.LinkedHashMap<>();
        sent.put("run.sh", "rwxr-xr-x");
        sent.put("big-run", "rwx------");
        sent.put("private.txt", "rw-------");
        sent.put("plain.txt", "rw-r--r--");
        for (String name : sent.keySet()) {
            Files.write(tree.resolve(name), new byte[name.startsWith("big") ? 600 * 1024 : 10]);
            Files.setPosixFilePermissions(tree.resolve(name), PosixFilePermissions.fromString(sent.get(name)));
        }
        assertEquals(0, run("put", tree.toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        assertEquals(0, run("put", tree.resolve("run.sh").toString(), peer + "/Plans/alone.sh", "-u", "ben", "-q"),
                said());
        for (String name : sent.keySet()) {
            assertEquals(sent.get(name), bits(plans.resolve("bits").resolve(name)), name);
        }
        assertEquals("rwxr-xr-x", bits(plans.resolve("alone.sh")));

        Path bits = Files.createDirectories(plans.resolve("more"));
        Files.write(bits.resolve("setuid"), new byte[3]);
        Files.write(bits.resolve("read-only"), new byte[3]);
        Files.setPosixFilePermissions(bits.resolve("read-only"), PosixFilePermissions.fromString("r--r--r--"));
        Path back = Files.createDirectories(tmp.resolve("back"));
        assertEquals(0, run("get", peer + "/Plans/bits", back.toString(), "-u", "ben", "-q"), said());
        assertEquals(0, run("get", peer + "/Plans/more", back.toString(), "-u", "ben", "-q"), said());
        assertEquals(0, run("get", peer + "/Plans/alone.sh", back.toString(), "-u", "ben", "-q"), said());
        chmod("4755", bits.resolve("setuid"));
        assertEquals(0, run("get", peer + "/Plans/more/setuid", back.toString(), "-u", "ben", "-q"), said());
        int umask = umask();
        for (String name : sent.keySet()) {
            assertEquals(masked(sent.get(name), umask), bits(back.resolve("bits").resolve(name)), name);
        }
        assertEquals(masked("rwxr-xr-x", umask), bits(back.resolve("alone.sh")));
        assertEquals(masked("rwxr-xr-x", umask), bits(back.resolve("setuid")), "no set-user-id bit");
        assertEquals(masked("rw-r--r--", umask), bits(back.resolve("more/read-only")), "its owner may change it");
    }

    private static String bits(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static void chmod(String mode, Path file) throws Exception {
        Process p = new ProcessBuilder("chmod", mode, file.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
    }

    /** This process's umask, as the bits a file made with all of them lacks. */
    private int umask() throws Exception {
        Path probe = tmp.resolve("umask-probe");
        Files.createFile(probe, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> made = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        int mask = 0;
        for (java.nio.file.attribute.PosixFilePermission p : java.nio.file.attribute.PosixFilePermission.values()) {
            if (!made.contains(p)) {
                mask |= 0400 >> p.ordinal();
            }
        }
        return mask;
    }

    private static String masked(String bits, int umask) {
        StringBuilder b = new StringBuilder(bits);
        for (int i = 0; i < 9; i++) {
            if ((umask & 0400 >> i) != 0) {
                b.setCharAt(i, '-');
            }
        }
        return b.toString();
    }

    /** A {@code lanshare} command in a process of its own, with this test's home; its output in copy.log. */
    private Process inItsOwnProcess(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--home", clientHome.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("copy.log").toFile()).start();
    }

    /** Waits until {@code copying} has written a MiB to {@code part}. */
    private void waitForPart(Path part, Process copying) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(part) && Files.size(part) > 1024 * 1024)) {
            assertTrue(copying.isAlive(), Files.readString(tmp.resolve("copy.log")));
            assertTrue(System.nanoTime() < deadline, "the copy got going");
            Thread.sleep(20);
        }
    }

    /**
     * A folder going up: a link to a file goes as the file it leads to, a link to a folder is made as a folder (not
     * walked), a link to nothing is left out.
     */
    @Test
    void aFolderGoesUpWithWhatItsLinksLeadTo() throws Exception {
        Path tree = Files.createDirectories(here.resolve("linked/inner"));
        Files.writeString(tree.resolve("real.txt"), "real");
        Files.createSymbolicLink(tree.getParent().resolve("link.txt"), tree.resolve("real.txt"));
        Files.createSymbolicLink(tree.getParent().resolve("folder-link"), tree);
        Files.createSymbolicLink(tree.getParent().resolve("dangling"), tree.resolve("missing"));
        assertEquals(0, run("put", tree.getParent().toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        Path up = plans.resolve("linked");
        assertEquals("real", Files.readString(up.resolve("inner/real.txt")));
        assertEquals("real", Files.readString(up.resolve("link.txt")));
        assertFalse(Files.isSymbolicLink(up.resolve("link.txt")));
        assertTrue(Files.isDirectory(up.resolve("folder-link")));
        try (var listed = Files.list(up.resolve("folder-link"))) {
            assertEquals(0, listed.count(), "a linked folder is made, not walked");
        }
        assertFalse(Files.exists(up.resolve("dangling"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * A folder copied into a folder that already holds some of it: a file with the peer's size and time is left as
     * it is, a part file is finished, a missing file comes, in the top folder and below it.
     */
    @Test
    void aFolderCopiedAgainLeavesWhatIsThereAndFinishesPartFiles() throws Exception {
        Path set = Files.createDirectories(plans.resolve("set/sub"));
        Random random = new Random(5);
        byte[] a = new byte[3000];
        byte[] b = new byte[5000];
        byte[] c = new byte[7000];
        random.nextBytes(a);
        random.nextBytes(b);
        random.nextBytes(c);
        FileTime time = FileTime.fromMillis(1_700_000_000_000L);
        Files.write(set.getParent().resolve("a.dwg"), a);
        Files.write(set.getParent().resolve("b.dwg"), b);
        Files.write(set.resolve("c.dwg"), c);
        for (Path f : List.of(set.resolveSibling("a.dwg"), set.resolveSibling("b.dwg"), set.resolve("c.dwg"))) {
            Files.setLastModifiedTime(f, time);
        }
        Path into = Files.createDirectories(here.resolve("set/sub"));
        byte[] kept = new byte[a.length]; // same size and time as the peer's: taken as copied already
        Files.write(into.getParent().resolve("a.dwg"), kept);
        Files.setLastModifiedTime(into.getParent().resolve("a.dwg"), time);
        Files.write(into.resolve("c.dwg" + Transfers.PART), java.util.Arrays.copyOf(c, 1000));

        assertEquals(0, run("get", peer + "/Plans/set", here.toString(), "-u", "ben"), said());
        assertTrue(said().contains("Resuming:"), said());
        assertArrayEquals(kept, Files.readAllBytes(into.getParent().resolve("a.dwg")), "left as it was");
        assertArrayEquals(b, Files.readAllBytes(into.getParent().resolve("b.dwg")));
        assertArrayEquals(c, Files.readAllBytes(into.resolve("c.dwg")));
        assertEquals(time, Files.getLastModifiedTime(into.resolve("c.dwg")));
        assertFalse(Files.exists(into.resolve("c.dwg" + Transfers.PART)));
    }

    /**
     * A folder goes several files at a time; killed half-way, it leaves whole files and part files; run again, it
     * copies only what is missing and every file ends byte-identical.
     */
    @Test
    void anInterruptedFolderCopyWithSeveralFilesInFlightResumesWithEveryFileWhole() throws Exception {
        Path set = Files.createDirectories(plans.resolve("drawings/sheets"));
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[(i % 4 + 1) * 128 * 1024];
            new Random(100 + i).nextBytes(data);
            contents.add(data);
            Files.write((i % 2 == 0 ? set : set.getParent()).resolve("sheet-" + i + ".dwg"), data);
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "get",
                peer + "/Plans/drawings", here.toString(), "-u", "ben", "--limit", "2M", "--home",
                clientHome.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("get.log").toFile())
                .start();
        Path into = here.resolve("drawings");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bytesUnder(into) < 4 * 1024 * 1024) {
            assertTrue(p.isAlive(), Files.readString(tmp.resolve("get.log")));
            assertTrue(System.nanoTime() < deadline, "the copy got going");
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(); // SIGKILL, with several files in flight
        long parts;
        try (var walk = Files.walk(into)) {
            parts = walk.filter(f -> f.toString().endsWith(Transfers.PART)).count();
        }
        assertTrue(parts >= 1, "killed mid-file: part files are left");

        assertEquals(0, run("get", peer + "/Plans/drawings", here.toString(), "-u", "ben"), said());
        assertTrue(said().contains("Resuming:"), said());
        for (int i = 0; i < 40; i++) {
            Path got = into.resolve((i % 2 == 0 ? "sheets/" : "") + "sheet-" + i + ".dwg");
            assertArrayEquals(contents.get(i), Files.readAllBytes(got), got.toString());
        }
        try (var walk = Files.walk(into)) {
            assertEquals(List.of(), walk.filter(f -> f.toString().endsWith(Transfers.PART)).toList());
        }
    }

    private static long bytesUnder(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** A peer that stops while a folder is on its way: the usual one-line error, and what arrived is kept. */
    @Test
    void aPeerThatStopsMidFolderGivesOneClearErrorAndKeepsWhatArrived() throws Exception {
        Path set = Files.createDirectories(plans.resolve("set"));
        for (int i = 0; i < 30; i++) {
            byte[] data = new byte[512 * 1024];
            new Random(200 + i).nextBytes(data);
            Files.write(set.resolve("part-" + i + ".bin"), data);
        }
        Path into = here.resolve("set");
        Thread stopper = new Thread(() -> {
            try {
                while (bytesUnder(into) < 3 * 1024 * 1024) {
                    Thread.sleep(20);
                }
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        int exit = run("get", peer + "/Plans/set", here.toString(), "-u", "ben", "--limit", "2M", "-q");
        stopper.join(30_000);
        assertEquals(1, exit, said());
        // the stopping server runs in this JVM and logs to the same console: its lines are not the command's
        List<String> lines = said().lines().filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
        assertTrue(lines.size() == 1 && lines.get(0).equals("lanshare: lost the connection to " + peer
                + " while copying /Plans/set; run the same command again to continue"), said());
        assertTrue(bytesUnder(into) >= 3 * 1024 * 1024, "what arrived is kept");
    }

    @Test
    void aPeerThatGoesAwayMidCopyLeavesThePartForLater() throws Exception {
        byte[] data = new byte[4 * 1024 * 1024];
        new Random(2).nextBytes(data);
        Files.write(plans.resolve("big.bin"), data);
        Path part = here.resolve("big.bin" + Transfers.PART);
        Thread stopper = new Thread(() -> {
            try {
                while (!(Files.exists(part) && Files.size(part) > 1024 * 1024)) {
                    Thread.sleep(20);
                }
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        int exit = run("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben", "--limit", "1M", "-q");
        stopper.join(30_000);
        assertEquals(1, exit, said());
        assertEquals("lanshare: lost the connection to " + peer + " while copying /Plans/big.bin; run the same "
                + "command again to continue", said().strip());
        assertTrue(Files.exists(part) && Files.size(part) < data.length, "the part file is kept for resuming");
        assertFalse(Files.exists(here.resolve("big.bin")));
    }

    @Test
    void anInterruptedUploadResumesOnThePeersSide() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(3).nextBytes(data);
        Path local = Files.write(here.resolve("model.bin"), data);
        // what a cut-off upload leaves on the peer: the first part, under the part name
        Files.write(plans.resolve("model.bin" + Transfers.PART), java.util.Arrays.copyOf(data, 1024 * 1024));
        assertEquals(0, run("put", local.toString(), peer + "/Plans", "-u", "ben", "--verify"), said());
        assertTrue(said().startsWith("Resuming: 1.0 MiB of 3.0 MiB copied already.\n"), "as a get says it: " + said());
        assertArrayEquals(data, Files.readAllBytes(plans.resolve("model.bin")));
        assertFalse(Files.exists(plans.resolve("model.bin" + Transfers.PART)));
        String log = Files.readString(server.dirs().activityLog());
        assertTrue(log.contains("write account=ben path=/Plans/model.bin.lanshare-part bytes=" + (2 * 1024 * 1024)),
                "only the missing 2 MiB were sent:\n" + log);
        assertTrue(log.contains("rename account=ben from=/Plans/model.bin.lanshare-part to=/Plans/model.bin"), log);
    }

    /**
     * A folder put cut off and run again says what it resumes, as a get of a folder does (it said nothing), and sends
     * only what is missing: the parts in folders there are found by listing each folder once.
     */
    @Test
    void anInterruptedFolderUploadSaysWhatItResumes() throws Exception {
        Path set = Files.createDirectories(here.resolve("set/sub"));
        byte[] a = new byte[3 * 1024 * 1024];
        byte[] b = new byte[2 * 1024 * 1024];
        new Random(4).nextBytes(a);
        new Random(5).nextBytes(b);
        Files.write(here.resolve("set/a.bin"), a);
        Files.write(set.resolve("b.bin"), b);
        Files.write(here.resolve("set/small.txt"), new byte[100]);
        Files.write(here.resolve("set/new.bin"), new byte[1024 * 1024]);
        // what a cut-off folder upload leaves on the peer: some files' first bytes, under their part names
        Path there = Files.createDirectories(plans.resolve("set/sub"));
        Files.write(plans.resolve("set/a.bin" + Transfers.PART), java.util.Arrays.copyOf(a, 1024 * 1024));
        Files.write(there.resolve("b.bin" + Transfers.PART), java.util.Arrays.copyOf(b, 512 * 1024));
        assertEquals(0, run("put", here.resolve("set").toString(), peer + "/Plans", "-u", "ben"), said());
        assertTrue(said().startsWith("Resuming: 1.5 MiB of 6.0 MiB copied already.\n"), "as a get says it: "
                + said());
        assertArrayEquals(a, Files.readAllBytes(plans.resolve("set/a.bin")));
        assertArrayEquals(b, Files.readAllBytes(there.resolve("b.bin")));
        String log = Files.readString(server.dirs().activityLog());
        assertTrue(log.contains("write account=ben path=/Plans/set/a.bin.lanshare-part bytes=" + (2 * 1024 * 1024)),
                "only the missing bytes were sent:\n" + log);
        assertTrue(log.contains("write account=ben path=/Plans/set/sub/b.bin.lanshare-part bytes=" + (1536 * 1024)),
                log);
    }

    /**
     * A folder put run again sent every file again, also those that had arrived whole (a get skips them): a drawing
     * set cut off near its end went up again from its first file. Files there with the size and time of these are
     * now taken as whole, as a get takes them, and only the rest is sent.
     */
    @Test
    void aFolderUploadRunAgainSendsNoFileThatArrivedWhole() throws Exception {
        Path set = Files.createDirectories(here.resolve("set/sub"));
        byte[] a = new byte[3 * 1024 * 1024];
        new Random(6).nextBytes(a);
        Files.write(here.resolve("set/a.bin"), a);
        Files.write(set.resolve("b.bin"), new byte[2 * 1024 * 1024]);
        Files.write(here.resolve("set/small.txt"), new byte[100]);
        assertEquals(0, run("put", here.resolve("set").toString(), peer + "/Plans", "-u", "ben"), said());
        Files.delete(plans.resolve("set/sub/b.bin")); // as if the copy had been cut off before it
        long logged = Files.size(server.dirs().activityLog());

        assertEquals(0, run("put", here.resolve("set").toString(), peer + "/Plans", "-u", "ben"), said());
        assertTrue(said().startsWith("Resuming: 3.0 MiB of 5.0 MiB copied already.\n"), said());
        assertArrayEquals(a, Files.readAllBytes(plans.resolve("set/a.bin")));
        assertEquals(2 * 1024 * 1024, Files.size(plans.resolve("set/sub/b.bin")));
        String log = Files.readString(server.dirs().activityLog()).substring((int) logged);
        assertTrue(log.contains("path=/Plans/set/sub/b.bin"), log);
        assertFalse(log.contains("path=/Plans/set/a.bin") || log.contains("/Plans/set/small.txt"),
                "what had arrived whole was not sent again:\n" + log);

        assertEquals(0, run("put", here.resolve("set").toString(), peer + "/Plans", "-u", "ben", "--verify"),
                said());
        assertTrue(said().startsWith("Already here: 3 files"), said());
        Files.write(here.resolve("set/small.txt"), new byte[100]); // the same size, a newer time: sent
        Files.setLastModifiedTime(here.resolve("set/small.txt"), FileTime.fromMillis(System.currentTimeMillis()
                + 5000));
        logged = Files.size(server.dirs().activityLog());
        assertEquals(0, run("put", here.resolve("set").toString(), peer + "/Plans", "-u", "ben"), said());
        assertTrue(Files.readString(server.dirs().activityLog()).substring((int) logged)
                .contains("/Plans/set/small.txt"), said());
    }

    /**
     * A download killed half-way, then a new version of the file saved on the peer: the next run does not continue
     * the old version's part file (which gave the old start with the new end, under the new size and time, taken as
     * done by every later run) but says so and copies the file again.
     */
    @Test
    void aPartLeftByAnEarlierVersionIsCopiedAgainNotContinued() throws Exception {
        byte[] old = new byte[6 * 1024 * 1024];
        new Random(10).nextBytes(old);
        Path theirs = Files.write(plans.resolve("v.bin"), old);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "get",
                peer + "/Plans/v.bin", here.toString(), "-u", "ben", "--limit", "1M", "--home",
                clientHome.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("get.log").toFile())
                .start();
        Path part = here.resolve("v.bin" + Transfers.PART);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(part) && Files.size(part) > 1024 * 1024)) {
            assertTrue(p.isAlive(), Files.readString(tmp.resolve("get.log")));
            assertTrue(System.nanoTime() < deadline, "the copy got going");
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor(); // SIGKILL
        assertTrue(Files.size(part) < old.length, "killed half-way");
        byte[] now = new byte[old.length]; // the colleague saves a new version, as large
        new Random(11).nextBytes(now);
        Files.write(theirs, now);
        Files.setLastModifiedTime(theirs, FileTime.fromMillis(System.currentTimeMillis() + 5000));

        assertEquals(0, run("get", peer + "/Plans/v.bin", here.toString(), "-u", "ben"), said());
        assertTrue(said().contains("/Plans/v.bin changed on " + peer + " since the copy stopped; copying it again"
                + " from the start"), said());
        assertFalse(said().contains("Resuming:"), said());
        assertArrayEquals(now, Files.readAllBytes(here.resolve("v.bin")));
        assertFalse(Files.exists(part));
        assertEquals(0, run("get", peer + "/Plans/v.bin", here.toString(), "-u", "ben", "--verify"), said());
        assertTrue(said().startsWith("Already here: 1 file"), said());
    }

    /** The same going up: a part on the peer left by a copy of an earlier version of the file here is not continued. */
    @Test
    void aPartOnThePeerLeftByAnEarlierVersionIsCopiedAgainNotContinued() throws Exception {
        byte[] old = new byte[3 * 1024 * 1024];
        new Random(12).nextBytes(old);
        byte[] now = new byte[old.length];
        new Random(13).nextBytes(now);
        // what a cut-off upload of the old version left on the peer; the file here was saved again since
        Files.write(plans.resolve("model.bin" + Transfers.PART), java.util.Arrays.copyOf(old, 1024 * 1024));
        Path local = Files.write(here.resolve("model.bin"), now);
        assertEquals(0, run("put", local.toString(), peer + "/Plans", "-u", "ben"), said());
        assertTrue(said().contains(local + " changed since the copy to " + peer + " stopped; copying it again"
                + " from the start"), said());
        assertArrayEquals(now, Files.readAllBytes(plans.resolve("model.bin")));
        assertFalse(Files.exists(plans.resolve("model.bin" + Transfers.PART)));
        String log = Files.readString(server.dirs().activityLog());
        assertTrue(log.contains("write account=ben path=/Plans/model.bin.lanshare-part bytes=" + now.length),
                "all of it was sent:\n" + log);
    }

    /**
     * A part that differs from the file only at its start, with a length that is no multiple of the peer's 8 KiB
     * hash reads: every byte of it is compared, not only its last 8 KiB.
     */
    @Test
    void aPartThatDiffersOnlyAtItsStartIsCopiedAgain() throws Exception {
        byte[] now = new byte[3 * 1024 * 1024];
        new Random(15).nextBytes(now);
        byte[] left = java.util.Arrays.copyOf(now, 100_000);
        left[0] ^= 1;
        Files.write(plans.resolve("start.bin" + Transfers.PART), left);
        Path local = Files.write(here.resolve("start.bin"), now);
        assertEquals(0, run("put", local.toString(), peer + "/Plans", "-u", "ben"), said());
        assertTrue(said().contains(local + " changed since the copy to " + peer + " stopped"), said());
        assertArrayEquals(now, Files.readAllBytes(plans.resolve("start.bin")));
    }

    /**
     * With {@code --verify}, a copy whose SHA-256 differs from its source's (the file changed while it was copied)
     * never takes its name: it is removed and the command fails, in both directions.
     */
    @Test
    void aVerifiedCopyThatDiffersNeverTakesItsName() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(14).nextBytes(data);
        Path theirs = Files.write(plans.resolve("moving.bin"), data);
        Path part = here.resolve("moving.bin" + Transfers.PART);
        Thread changer = changeWhenPartHas(part, theirs);
        int exit = run("get", peer + "/Plans/moving.bin", here.toString(), "-u", "ben", "--limit", "1M",
                "--verify", "-q");
        changer.join(30_000);
        assertEquals(1, exit, said());
        assertTrue(said().contains("SHA-256 differs after copying") && said().contains("the copy was removed"),
                said());
        assertFalse(Files.exists(here.resolve("moving.bin")), "no finished-looking file here");
        assertFalse(Files.exists(part), "nor a part to resume from");

        Path local = Files.write(here.resolve("going.bin"), data);
        Path theirPart = plans.resolve("going.bin" + Transfers.PART);
        changer = changeWhenPartHas(theirPart, local);
        exit = run("put", local.toString(), peer + "/Plans", "-u", "ben", "--limit", "1M", "--verify", "-q");
        changer.join(30_000);
        assertEquals(1, exit, said());
        assertTrue(said().contains("SHA-256 differs after copying") && said().contains("the copy was removed"),
                said());
        assertFalse(Files.exists(plans.resolve("going.bin")), "no finished-looking file on the peer");
        assertFalse(Files.exists(theirPart), "nor a part to resume from");
    }

    /** Changes the start of {@code source} in place (same size) once {@code part} has more than 1 MiB. */
    private static Thread changeWhenPartHas(Path part, Path source) {
        Thread changer = new Thread(() -> {
            try {
                while (!(Files.exists(part) && Files.size(part) > 1024 * 1024)) {
                    Thread.sleep(20);
                }
                try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(source.toFile(), "rw")) {
                    f.write(new byte[64 * 1024]);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        changer.start();
        return changer;
    }

    /**
     * {@code --verify} checks a file it would skip as here already (the peer's size and time): one that differs
     * is copied again.
     */
    @Test
    void verifyChecksFilesTakenAsHereAndCopiesAgainOneThatDiffers() throws Exception {
        byte[] data = new byte[700 * 1024];
        new Random(15).nextBytes(data);
        FileTime time = FileTime.fromMillis(1_700_000_000_000L);
        Files.setLastModifiedTime(Files.write(plans.resolve("same.bin"), data), time);
        byte[] wrong = data.clone();
        wrong[500_000] ^= 1;
        Path mine = Files.write(here.resolve("same.bin"), wrong);
        Files.setLastModifiedTime(mine, time);
        assertEquals(0, run("get", peer + "/Plans/same.bin", here.toString(), "-u", "ben"), said());
        assertTrue(said().startsWith("Already here"), "without --verify, size and time decide: " + said());
        assertEquals(0, run("get", peer + "/Plans/same.bin", here.toString(), "-u", "ben", "--verify"), said());
        assertTrue(said().contains("differs from the one on " + peer), said());
        assertArrayEquals(data, Files.readAllBytes(mine));
        assertEquals(time, Files.getLastModifiedTime(mine));
    }

    @Test
    void aFullDiskOnEitherSideIsSaidInWords() throws Exception {
        Tools.requireRoot("mounting small file systems");
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(4).nextBytes(data);
        Path local = Files.write(here.resolve("site.bin"), data);
        Files.write(plans.resolve("site.bin"), data);
        Path theirs = Files.createDirectories(plans.resolve("small"));
        Path ours = Files.createDirectories(tmp.resolve("small-here"));
        mount(theirs);
        try {
            mount(ours);
            try {
                assertEquals(1, run("put", local.toString(), peer + "/Plans/small", "-u", "ben", "-q"));
                assertTrue(said().contains("/Plans/small") && said().contains("the peer's disk is full"),
                        said());
                assertFalse(Files.exists(theirs.resolve("site.bin")), "no finished-looking file on the peer");

                assertEquals(1, run("get", peer + "/Plans/site.bin", ours.toString(), "-u", "ben", "-q"));
                assertTrue(said().contains("the disk is full here"), said());
                assertFalse(Files.exists(ours.resolve("site.bin")), "no finished-looking file here");
            } finally {
                Shell.run("umount", ours.toString());
            }
        } finally {
            Shell.run("umount", theirs.toString());
        }
    }

    private static void mount(Path at) throws Exception {
        Shell.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", at.toString());
    }

    /** A small stand-in for a command line that must succeed. */
    private static final class Shell {
        static void run(String... command) throws Exception {
            Process p = new ProcessBuilder(Tools.checked(List.of(command))).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
        }
    }

    @Test
    void openPrintsTheAddressWhenThereIsNoDesktop() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "open", peer + "/Archive",
                "--home", clientHome.toString());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals("sftp://" + peer + "/Archive", printed);
    }

    /** Each file's path, size, time and hash (folders' own times change as files arrive), however many. */
    private static List<String> filesIn(Path dir) throws Exception {
        return TestHome.snapshot(dir).stream().filter(l -> !l.endsWith(" ")).toList();
    }

    /** Each file's path, size, time and hash (folders' own times change as files arrive). */
    private static List<String> files(Path dir) throws Exception {
        List<String> files = TestHome.snapshot(dir).stream().filter(l -> !l.endsWith(" ")).toList();
        assertEquals(500, files.size());
        return files;
    }

    private long lastRead(String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            List<String> reads = Files.readAllLines(server.dirs().activityLog()).stream()
                    .filter(l -> l.contains(" read ") && l.contains("path=" + path)).toList();
            if (reads.size() >= 2 || System.nanoTime() > deadline) {
                String last = reads.get(reads.size() - 1);
                return Long.parseLong(last.substring(last.indexOf("bytes=") + 6).trim());
            }
            Thread.sleep(50);
        }
    }
}
