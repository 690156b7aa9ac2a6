package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.cli.Main;
import dev.lanshare.service.keys.HostKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
 * A folder copy with entries it cannot copy, handed to this machine's running service ({@code peer.copy}): the
 * service copies the rest and answers in the same words as the command alone. Two real services on loopback.
 */
class FolderEntriesThroughTheServiceTest {
    @TempDir
    Path tmp;
    TestHome colleague;
    TestHome own;
    Path clientHome;
    Path plans;
    Path here;
    String peer;
    PrintStream oldOut;
    PrintStream oldErr;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

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
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        System.setOut(oldOut);
        System.setErr(oldErr);
        own.close();
        colleague.close();
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", clientHome.toString()));
        return Main.run(all.toArray(new String[0]));
    }

    private String said() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
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
