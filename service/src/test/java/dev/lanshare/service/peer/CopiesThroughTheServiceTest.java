package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.CommandConsole;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.cli.Main;
import dev.lanshare.service.keys.HostKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code lanshare get} and {@code put} while this machine's own service runs: the command hands the copy to the
 * service ({@code peer.copy}), which makes it on the connection it keeps to the colleague. Two real services on
 * loopback: the colleague's, and this machine's.
 */
class CopiesThroughTheServiceTest {
    @TempDir
    Path tmp;
    TestHome colleague;
    TestHome own;
    Path clientHome;
    Path plans;
    Path here;
    String peer;
    CommandConsole console;

    @BeforeEach
    void start() throws Exception {
        colleague = new TestHome(tmp.resolve("colleague"));
        own = new TestHome(tmp.resolve("own"));
        clientHome = own.dirs().config(); // this machine's home: its service's, and the commands' --home
        String clientKey = HostKey.loadOrCreate(AppDirs.under(clientHome).config().resolve("client_key"))
                .publicKeyLine();
        plans = colleague.folder("Plans");
        here = Files.createDirectories(tmp.resolve("here"));
        colleague.account("ben", clientKey).share("Plans", plans, false, "ben:write");
        colleague.start();
        own.start();
        peer = "127.0.0.1:" + colleague.port();
        console = new CommandConsole(clientHome);
        console.firstContact(peer);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
        own.close();
        colleague.close();
    }

    private int run(String... args) {
        return console.run(args);
    }

    private String said() {
        return console.said();
    }

    /** The SSH sessions the colleague has seen opened, by its activity log. */
    private long sessionsOpened() throws Exception {
        return Files.readAllLines(colleague.dirs().activityLog()).stream().filter(l -> l.contains("session-opened"))
                .count();
    }

    @Test
    void copiesGoThroughTheServiceAndShareOneKeptConnection() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        for (int i = 0; i < 30; i++) {
            Files.writeString((i % 2 == 0 ? tree : tree.getParent()).resolve("f" + i + ".txt"), "file " + i);
        }
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(5).nextBytes(big);
        Files.write(tmp.resolve("site.bin"), big);

        assertEquals(0, run("put", tmp.resolve("tree").toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        assertEquals(1, own.service().peerConnections(), "the service made the copy and keeps its connection");
        long afterFirst = sessionsOpened();
        assertTrue(afterFirst >= 1, "the colleague saw the copy's session");

        assertEquals(0, run("put", tmp.resolve("site.bin").toString(), peer + "/Plans/new/deeper/", "-u", "ben",
                "--verify"), said());
        assertTrue(said().contains("Copied 1 file"), said());
        assertEquals(0, run("get", peer + "/Plans/tree", here.toString(), "-u", "ben", "--verify"), said());
        assertEquals(0, run("get", peer + "/Plans/new/deeper/site.bin", here.toString(), "-u", "ben", "-q"),
                said());
        assertEquals(afterFirst, sessionsOpened(), "the next copies opened no new session");

        assertEquals(contents(tmp.resolve("tree")), contents(here.resolve("tree")));
        assertArrayEquals(big, Files.readAllBytes(plans.resolve("new/deeper/site.bin")));
        assertArrayEquals(big, Files.readAllBytes(here.resolve("site.bin")));
        try (var walk = Files.walk(plans)) {
            assertFalse(walk.anyMatch(f -> f.toString().endsWith(Transfers.PART)), "no part file is left");
        }
    }

    /** Each file's path, size and hash (times are kept to the second; folders' change as files arrive). */
    private static List<String> contents(Path dir) throws Exception {
        return TestHome.snapshot(dir).stream().filter(l -> !l.endsWith(" ")).map(l -> {
            String[] f = l.split(" ");
            return f[0] + " " + f[3] + " " + f[4];
        }).toList();
    }

    /** The service's first connection to a colleague given as HOST:PORT is said by the command, once. */
    @Test
    void theServicesFirstConnectionIsSaidOnce() throws Exception {
        Files.writeString(plans.resolve("a.txt"), "a");
        assertEquals(0, run("trust", peer, "--reset"), said());
        assertEquals(0, run("get", peer + "/Plans/a.txt", here.toString(), "-u", "ben", "-q"), said());
        assertEquals(1, own.service().peerConnections(), "the service made the copy");
        assertEquals("lanshare: first connection to " + peer + ": its host key " + colleague.service().fingerprint()
                + " is remembered now; check it against what 'lanshare status' shows on that machine",
                console.err().strip());
        assertEquals(0, run("get", peer + "/Plans/a.txt", tmp.toString(), "-u", "ben", "-q"), said());
        assertEquals("", said(), "said once");
    }

    @Test
    void theServiceSaysWhatWentWrongInTheSameWords() throws Exception {
        assertEquals(1, run("get", peer + "/Plans/missing.txt", here.toString(), "-u", "ben", "-q"));
        assertTrue(said().contains("/Plans/missing.txt on " + peer + ": not found"), said());
        assertEquals(1, run("get", peer + "/Nothing/x", here.toString(), "-u", "nobody", "-q"));
        assertTrue(said().contains("not accepted") || said().contains("not let"), said());
    }

    /**
     * Stopping the command (SIGKILL) stops the service's copy too: the part file stops growing; the next run
     * resumes it and the file ends byte-identical.
     */
    /** A part left by a copy of an earlier version is copied again, and the service's copy says so to the command. */
    @Test
    void aPartOfAnEarlierVersionIsCopiedAgainAndTheCommandIsTold() throws Exception {
        byte[] old = new byte[2 * 1024 * 1024];
        new Random(20).nextBytes(old);
        byte[] now = new byte[old.length];
        new Random(21).nextBytes(now);
        Files.write(plans.resolve("v.bin"), now);
        Files.write(here.resolve("v.bin" + Transfers.PART), java.util.Arrays.copyOf(old, 1024 * 1024 + 100));
        assertEquals(0, run("get", peer + "/Plans/v.bin", here.toString(), "-u", "ben"), said());
        assertEquals(1, own.service().peerConnections(), "the service made the copy");
        assertTrue(said().contains("/Plans/v.bin changed on " + peer + " since the copy stopped"), said());
        assertArrayEquals(now, Files.readAllBytes(here.resolve("v.bin")));
    }

    @Test
    void aCommandKilledMidCopyStopsTheServicesCopyAndTheNextRunResumes() throws Exception {
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(1).nextBytes(data);
        Files.write(plans.resolve("big.bin"), data);
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
        p.destroyForcibly().waitFor();
        Thread.sleep(1500); // the service finds the command gone at its next progress line (every 100 ms)
        long kept = Files.size(part);
        Thread.sleep(1500);
        assertEquals(kept, Files.size(part), "the service stopped copying when the command went away");
        assertTrue(kept < data.length, "killed half-way: " + kept);

        assertEquals(0, run("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben"), said());
        assertTrue(said().contains("Resuming:"), said());
        assertArrayEquals(data, Files.readAllBytes(here.resolve("big.bin")));
        assertFalse(Files.exists(part));
    }

    /**
     * Two copies of one file into one place at once, both through the service: the second is refused at once with
     * one line (they wrote one part file, and both failed), the first ends byte-identical.
     */
    @Test
    void aSecondCopyIntoTheSamePlaceIsRefusedAndTheFirstFinishes() throws Exception {
        byte[] data = new byte[4 * 1024 * 1024];
        new Random(12).nextBytes(data);
        Files.write(plans.resolve("big.bin"), data);
        Process first = inItsOwnProcess("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben", "--limit",
                "1M", "-q");
        waitForPart(here.resolve("big.bin" + Transfers.PART), first);
        assertEquals(1, run("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben", "-q"));
        assertEquals("lanshare: /Plans/big.bin on " + peer + ": another copy into " + here.resolve("big.bin")
                + " is under way; run this again once it has finished", said().strip());
        assertEquals(0, first.waitFor(), Files.readString(tmp.resolve("copy.log")));
        assertArrayEquals(data, Files.readAllBytes(here.resolve("big.bin")));

        first = inItsOwnProcess("put", here.resolve("big.bin").toString(), peer + "/Plans/up.bin", "-u", "ben",
                "--limit", "1M", "-q");
        waitForPart(plans.resolve("up.bin" + Transfers.PART), first);
        assertEquals(1, run("put", here.resolve("big.bin").toString(), peer + "/Plans/up.bin", "-u", "ben", "-q"));
        assertEquals("lanshare: /Plans/up.bin on " + peer + ": another copy into /Plans/up.bin is under way; run "
                + "this again once it has finished", said().strip());
        assertEquals(0, first.waitFor(), Files.readString(tmp.resolve("copy.log")));
        assertArrayEquals(data, Files.readAllBytes(plans.resolve("up.bin")));
        assertEquals(1, own.service().peerConnections(), "the service made the copies, and kept its connection");
    }

    /** A {@code lanshare} command in a process of its own, with this machine's home; its output in copy.log. */
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

    @Test
    void smallFilesGoUpAndComeDownInOneRequestEachLargerOnesTheUsualWay() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("drawings/details"));
        Random random = new Random(3);
        List<byte[]> small = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] b = new byte[i == 0 ? 0 : 1 << i]; // empty up to 2 KiB
            random.nextBytes(b);
            small.add(b);
            Files.write((i % 2 == 0 ? tree : tree.getParent()).resolve("d" + i + ".dwg"), b);
        }
        byte[] large = new byte[300 * 1024]; // more than either request carries
        random.nextBytes(large);
        Files.write(tree.resolve("site.pdf"), large);
        Logger transfers = (Logger) LoggerFactory.getLogger(Transfers.class);
        Level level = transfers.getLevel();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        transfers.setLevel(Level.DEBUG);
        transfers.addAppender(seen);
        try {
            assertEquals(0, run("put", tree.getParent().toString(), peer + "/Plans", "-u", "ben", "-q"), said());
            assertEquals(0, run("get", peer + "/Plans/drawings", here.toString(), "-u", "ben", "-q"), said());
        } finally {
            transfers.detachAppender(seen);
            transfers.setLevel(level);
        }
        List<String> lines = seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(": 12 of 13 files went up in one request each ("
                + PutFile.NAME + ")")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(": 12 of 13 files came down in one request each ("
                + GetFile.NAME + ")")), lines.toString());
        for (int i = 0; i < 12; i++) {
            String rel = (i % 2 == 0 ? "drawings/details/" : "drawings/") + "d" + i + ".dwg";
            assertArrayEquals(small.get(i), Files.readAllBytes(plans.resolve(rel)), rel);
            assertArrayEquals(small.get(i), Files.readAllBytes(here.resolve(rel)), rel);
            assertEquals(Files.getLastModifiedTime(tmp.resolve(rel)).toInstant().getEpochSecond(),
                    Files.getLastModifiedTime(here.resolve(rel)).toInstant().getEpochSecond(), rel);
        }
        assertArrayEquals(large, Files.readAllBytes(here.resolve("drawings/details/site.pdf")));
        try (var all = Files.walk(here)) {
            assertFalse(all.anyMatch(f -> f.toString().endsWith(Transfers.PART)), "no part left");
        }
    }

    /**
     * A folder the colleague cannot list (its entries' paths are too long for its system) and a link out of the
     * share: the rest comes down, and the service says which were left, where it used to close the control
     * connection without a word.
     */
    @Test
    void whatCannotBeCopiedIsNamedAndTheRestComes() throws Exception {
        Path deep = Files.createDirectories(plans.resolve("deep"));
        Files.writeString(deep.resolve("a.txt"), "a");
        Files.createSymbolicLink(deep.resolve("out"), Files.writeString(tmp.resolve("secret.txt"), "not shared"));
        String name = "d".repeat(250);
        Path at = deep;
        while (at.resolve(name).toString().length() < 4096) {
            at = Files.createDirectory(at.resolve(name));
        }
        in(at, "mkdir", name); // from inside: its path is too long to be made by it
        try {
            assertEquals(1, run("get", peer + "/Plans/deep", here.toString(), "-u", "ben", "-q"), said());
            assertEquals(1, own.service().peerConnections(), "the service made the copy");
        } finally {
            in(at, "rmdir", name);
        }
        assertTrue(said().startsWith("lanshare: /Plans/deep on " + peer + ": 2 not copied, everything else was: "
                + deep.relativize(at) + " (refused: "), said());
        assertTrue(said().strip().endsWith(", out (a link leading outside the share)"), said());
        assertEquals("a", Files.readString(here.resolve("deep/a.txt")));
    }

    private static void in(Path folder, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
