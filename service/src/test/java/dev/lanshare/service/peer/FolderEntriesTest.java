package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.CommandConsole;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.Tools;
import dev.lanshare.service.keys.HostKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a folder copy or listing does with the entries it cannot copy (links out of the share or to nothing, files
 * that cannot be read), with empty folders, and with a name already taken here by the other kind (file or folder).
 * A real lanshare service on loopback.
 */
class FolderEntriesTest {
    @TempDir
    Path tmp;
    TestHome server;
    Path clientHome;
    Path plans;
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
        here = Files.createDirectories(tmp.resolve("here"));
        server.account("ben", clientKey).share("Plans", plans, false, "ben:write");
        server.start();
        peer = "127.0.0.1:" + server.port();
        console = new CommandConsole(clientHome);
        console.firstContact(peer);
    }

    private static final String LONG_NAME = "d".repeat(250);
    /** Folders holding one named {@link #LONG_NAME}, whose path is too long for JUnit to remove it. */
    final List<Path> tooLong = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        console.close();
        server.close();
        for (Path at : tooLong) {
            run(at, "rmdir", LONG_NAME);
        }
    }

    private int run(String... args) {
        return console.run(args);
    }

    private String said() {
        return console.said();
    }

    /** A folder of the share with a file, and links that lead out of the share (to a file, a folder) or nowhere. */
    private Path linkedFolder() throws Exception {
        Path linked = Files.createDirectories(plans.resolve("linked"));
        Files.writeString(linked.resolve("real.txt"), "real");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "not shared");
        Files.createSymbolicLink(linked.resolve("out-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(linked.resolve("out-folder"), outside);
        Files.createSymbolicLink(linked.resolve("dangling"), linked.resolve("missing"));
        return linked;
    }

    @Test
    void aFolderWithLinksOutOfTheShareOrToNothingIsListedWithThemAsLinks() throws Exception {
        linkedFolder();
        assertEquals(0, run("ls", peer + "/Plans/linked", "-u", "ben"), said());
        List<String> lines = said().lines().toList();
        assertEquals(4, lines.size(), said());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("real.txt ") && l.contains("4 B")), said());
        for (String link : List.of("out-file", "out-folder", "dangling")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(link + "@ ") && l.contains(" link ")
                    && l.contains("not shared") && !l.contains("1970")), said());
        }
        assertFalse(said().contains("sftp://") || said().contains("secret"), said());

        assertEquals(0, run("ls", peer + "/Plans/linked", "-u", "ben", "--json"), said());
        assertTrue(said().contains("\"name\" : \"out-file\"") && said().contains("\"link\" : true"), said());
    }

    @Test
    void aFolderWithLinksOutOfTheShareComesDownWithoutThemAndSaysWhichWereLeft() throws Exception {
        linkedFolder();
        assertEquals(1, run("get", peer + "/Plans/linked", here.toString(), "-u", "ben", "-q"), said());
        assertEquals("real", Files.readString(here.resolve("linked/real.txt")), "the rest is copied");
        String said = said();
        assertEquals(1, said.lines().count(), said);
        assertTrue(said.startsWith("lanshare: /Plans/linked on " + peer + ": "), said);
        assertTrue(said.endsWith(": 3 not copied, everything else was: dangling (a link to nothing), out-file (a link "
                + "leading outside the share), out-folder (a link leading outside the share)\n"), said);
        try (var walk = Files.walk(here)) {
            assertEquals(List.of(here, here.resolve("linked"), here.resolve("linked/real.txt")), walk.sorted()
                    .toList(), "nothing else is made");
        }
    }

    @Test
    void emptyFoldersComeDownAsTheyGoUp() throws Exception {
        Path tree = Files.createDirectories(plans.resolve("tree/empty_dir"));
        Files.createDirectories(tree.resolveSibling("sub/empty_too"));
        Files.writeString(tree.resolveSibling("sub/file.txt"), "x");
        assertEquals(0, run("get", peer + "/Plans/tree", here.toString(), "-u", "ben", "-q"), said());
        assertTrue(Files.isDirectory(here.resolve("tree/empty_dir")), said());
        assertTrue(Files.isDirectory(here.resolve("tree/sub/empty_too")), said());
        assertEquals("x", Files.readString(here.resolve("tree/sub/file.txt")));

        Files.createDirectories(plans.resolve("bare"));
        assertEquals(0, run("get", peer + "/Plans/bare", here.toString(), "-u", "ben", "-q"), said());
        assertTrue(Files.isDirectory(here.resolve("bare")), "an empty folder alone: " + said());
    }

    @Test
    void aFileOntoAFolderHereIsRefusedBeforeCopying() throws Exception {
        Files.write(plans.resolve("big.bin"), new byte[2 * 1024 * 1024]);
        Path folder = Files.createDirectories(here.resolve("big.bin"));
        Files.writeString(folder.resolve("keep.txt"), "mine");
        assertEquals(1, run("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben", "-q"), said());
        assertTrue(said().startsWith("lanshare: /Plans/big.bin on " + peer + ": "), said());
        assertTrue(said().contains(folder + " is a folder here"), said());
        assertEquals(1, said().lines().count(), said());
        assertFalse(Files.exists(here.resolve("big.bin" + Transfers.PART)), "nothing was copied");
        assertEquals("mine", Files.readString(folder.resolve("keep.txt")));
        assertEquals(0, lastReads("/Plans/big.bin"), "nothing was read");
    }

    @Test
    void aFolderOntoAFileHereSaysSo() throws Exception {
        Files.createDirectories(plans.resolve("tree"));
        Files.writeString(plans.resolve("tree/a.txt"), "a");
        Path file = Files.writeString(here.resolve("tree"), "mine");
        assertEquals(1, run("get", peer + "/Plans/tree", here.toString(), "-u", "ben", "-q"), said());
        assertTrue(said().startsWith("lanshare: /Plans/tree on " + peer + ": "), said());
        assertTrue(said().contains(file + " is a file here, not a folder"), said());
        assertEquals("mine", Files.readString(file));
    }

    /**
     * A file of the folder that the sharing machine cannot read (here /proc's write-only compact_memory mounted over
     * it, which not even root may read): everything else comes down, the copy fails naming it, and no part file is
     * left for it.
     */
    @Test
    void anUnreadableFileComesDownAsNothingAndIsNamedTheRestComes() throws Exception {
        Tools.requireRoot("mounting a file that cannot be read");
        Path set = Files.createDirectories(plans.resolve("unr/sub"));
        byte[] big = new byte[600 * 1024];
        new java.util.Random(9).nextBytes(big);
        Files.write(set.resolve("big.bin"), big);
        Files.writeString(set.resolveSibling("a.txt"), "a");
        Files.writeString(set.resolveSibling("b.txt"), "b");
        Path locked = Files.createFile(set.resolveSibling("locked.bin"));
        Shell.run("mount", "--bind", "/proc/sys/vm/compact_memory", locked.toString());
        try {
            assertEquals(1, run("get", peer + "/Plans/unr", here.toString(), "-u", "ben", "-q"), said());
        } finally {
            Shell.run("umount", locked.toString());
        }
        assertEquals(1, said().lines().count(), said());
        assertTrue(said().startsWith("lanshare: /Plans/unr on " + peer + ": 1 not copied, everything else was: "
                + "locked.bin (permission denied"), said());
        assertEquals("a", Files.readString(here.resolve("unr/a.txt")));
        assertEquals("b", Files.readString(here.resolve("unr/b.txt")));
        assertArrayEquals(big, Files.readAllBytes(here.resolve("unr/sub/big.bin")));
        try (var walk = Files.walk(here)) {
            assertEquals(List.of(), walk.filter(p -> p.getFileName().toString().startsWith("locked")).toList());
        }
    }

    /**
     * A folder the sharing machine cannot list (its entries' paths are longer than the system takes, which the
     * service refuses to read): the rest of the folder comes down and the copy names it.
     */
    @Test
    void aFolderThePeerCannotListIsNamedTheRestComes() throws Exception {
        Path deep = Files.createDirectories(plans.resolve("deep"));
        Files.writeString(deep.resolve("a.txt"), "a");
        Path unlistable = longChain(deep);
        assertEquals(1, run("get", peer + "/Plans/deep", here.toString(), "-u", "ben", "-q"), said());
        String rel = deep.relativize(unlistable).toString();
        assertTrue(said().startsWith("lanshare: /Plans/deep on " + peer + ": 1 not copied, everything else was: "
                + rel + " ("), said());
        assertEquals(1, said().lines().count(), said());
        assertEquals("a", Files.readString(here.resolve("deep/a.txt")));
        assertTrue(Files.isDirectory(here.resolve("deep").resolve(rel).getParent()), "the folders above it are made");
    }

    /**
     * Folders of 250-character names below {@code top} until one holds a folder whose path is too long for the
     * system (made from inside its parent): returns that parent, which cannot be listed by its path.
     */
    private Path longChain(Path top) throws Exception {
        String name = LONG_NAME;
        Path at = top;
        while (at.resolve(name).toString().length() < 4096) {
            at = Files.createDirectory(at.resolve(name));
        }
        run(at, "mkdir", name);
        tooLong.add(at);
        return at;
    }

    /** Runs {@code command} in the folder {@code in}, which must succeed. */
    private static void run(Path in, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * Pipes and sockets are named as entries not copied, both ways, and the rest is copied (a put left them out
     * without a word, exit 0; so did a get of the colleague's).
     */
    @Test
    void pipesAndSocketsAreNamedAsNotCopiedBothWays() throws Exception {
        Path tree = Files.createDirectories(here.resolve("tree/sub"));
        Files.writeString(tree.resolve("a.txt"), "a");
        run(tree, "mkfifo", "fifo");
        try (var socket = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            socket.bind(java.net.UnixDomainSocketAddress.of(tree.resolveSibling("sock")));
            assertEquals(1, run("put", tree.getParent().toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        }
        assertEquals("lanshare: /Plans on " + peer + ": 2 not copied, everything else was: sock (not a file or "
                + "folder), sub/fifo (not a file or folder)", said().strip());
        assertEquals("a", Files.readString(plans.resolve("tree/sub/a.txt")));

        run(plans.resolve("tree/sub"), "mkfifo", "theirs");
        assertEquals(1, run("get", peer + "/Plans/tree", tmp.toString(), "-u", "ben", "-q"), said());
        assertEquals("lanshare: /Plans/tree on " + peer + ": 1 not copied, everything else was: sub/theirs (not a "
                + "file or folder)", said().strip());
        assertEquals("a", Files.readString(tmp.resolve("tree/sub/a.txt")));
    }

    /** Going up: a file that cannot be read here (a link to one) is named, the rest goes, no part is left there. */
    @Test
    void anUnreadableFileHereIsNamedTheRestGoesUp() throws Exception {
        Path tree = Files.createDirectories(here.resolve("tree/sub"));
        byte[] big = new byte[600 * 1024];
        new java.util.Random(8).nextBytes(big);
        Files.write(tree.resolve("big.bin"), big);
        Files.writeString(tree.resolveSibling("a.txt"), "a");
        Files.createSymbolicLink(tree.resolveSibling("locked"), Path.of("/proc/sys/vm/compact_memory"));
        assertEquals(1, run("put", tree.getParent().toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        assertEquals("lanshare: /Plans on " + peer + ": 1 not copied, everything else was: locked (permission "
                + "denied)", said().strip());
        assertEquals("a", Files.readString(plans.resolve("tree/a.txt")));
        assertArrayEquals(big, Files.readAllBytes(plans.resolve("tree/sub/big.bin")));
        try (var walk = Files.walk(plans)) {
            assertEquals(List.of(), walk.filter(p -> p.getFileName().toString().startsWith("locked")).toList());
        }
    }

    /** Going up: a folder that cannot be listed here is named, the rest goes. */
    @Test
    void aFolderThatCannotBeListedHereIsNamedTheRestGoesUp() throws Exception {
        // longer than the share's folder, so that what can be listed here can be made there
        Path tree = Files.createDirectories(here.resolve("a-folder-with-a-longer-name-than-the-share-has/deep"));
        Files.writeString(tree.resolve("a.txt"), "a");
        Path unlistable = longChain(tree);
        String rel = tree.relativize(unlistable).toString();
        String name = unlistable.getFileName().toString();
        assertEquals(1, run("put", tree.toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        assertEquals("lanshare: /Plans on " + peer + ": 1 not copied, everything else was: " + rel + "/" + name
                + " (File name too long)", said().strip());
        assertEquals("a", Files.readString(plans.resolve("deep/a.txt")));
        assertTrue(Files.isDirectory(plans.resolve("deep").resolve(rel)), "the folders above it are made");
    }

    /** A small stand-in for a command line that must succeed. */
    private static final class Shell {
        static void run(String... command) throws Exception {
            Process p = new ProcessBuilder(Tools.checked(List.of(command))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0,
                    String.join(" ", command) + ": " + out);
        }
    }

    /** The reads of {@code path} in the peer's activity log. */
    private long lastReads(String path) throws Exception {
        return Files.readAllLines(server.dirs().activityLog()).stream()
                .filter(l -> l.contains(" read ") && l.contains("path=" + path)).count();
    }
}
