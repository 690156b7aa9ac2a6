package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.service.CommandConsole;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.cli.Main;
import dev.lanshare.service.keys.HostKey;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies cut off by the colleague's service being killed (SIGKILL, in a process of its own, as when its machine
 * crashes): one line saying so and that a rerun continues, where the command printed "error", "inputstream is
 * closed" or "Timeout expired while waiting for id=109"; the rerun finishes byte-identical. The command alone, and
 * through this machine's service.
 */
class CutOffCopiesTest {
    @TempDir
    Path tmp;
    TestHome colleague;
    Path plans;
    Path here;
    Path clientHome;
    int port;
    String peer;
    Process serving;
    CommandConsole console;

    @BeforeEach
    void start() throws Exception {
        colleague = new TestHome(tmp.resolve("colleague"));
        clientHome = tmp.resolve("client");
        String clientKey = HostKey.loadOrCreate(AppDirs.under(clientHome).config().resolve("client_key"))
                .publicKeyLine();
        plans = colleague.folder("Plans");
        here = Files.createDirectories(tmp.resolve("here"));
        colleague.account("ben", clientKey).share("Plans", plans, false, "ben:write");
        SettingsFile.save(colleague.dirs().settingsFile(), colleague.settingsForTest());
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        peer = "127.0.0.1:" + port;
        serve();
        console = new CommandConsole(clientHome);
        console.firstContact(peer);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
        serving.destroyForcibly().waitFor();
    }

    /** Starts the colleague's service in a process of its own, on the same port each time. */
    private void serve() throws Exception {
        serving = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--home",
                colleague.dirs().config().toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(tmp.resolve("serve.log")).contains("Stop with Ctrl-C")) {
            assertTrue(serving.isAlive() && System.nanoTime() < deadline, Files.readString(tmp.resolve("serve.log")));
            Thread.sleep(50);
        }
    }

    private int run(String... args) {
        return console.run(args);
    }

    private String said() {
        return console.said();
    }

    /** Runs the command {@code args}, killing the colleague's service once {@code arrived} passes a MiB. */
    private int killedMidway(LongSupplier arrived, String... args) throws Exception {
        Thread killer = new Thread(() -> {
            try {
                while (arrived.getAsLong() < 1024 * 1024) {
                    Thread.sleep(10);
                }
                serving.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        int exit = run(args);
        killer.join(30_000);
        return exit;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static long bytesUnder(Path folder) {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).mapToLong(CutOffCopiesTest::size).sum();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Each file's path, size and hash (times are kept to the second; folders' change as files arrive). */
    private static List<String> contents(Path dir) throws Exception {
        return TestHome.snapshot(dir).stream().filter(l -> !l.endsWith(" ")).map(l -> {
            String[] f = l.split(" ");
            return f[0] + " " + f[3] + " " + f[4];
        }).toList();
    }

    private static byte[] random(int size, int seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void aFileOrFolderCutOffSaysSoInOneLineAndTheRerunContinues() throws Exception {
        byte[] data = random(4 * 1024 * 1024, 1);
        Files.write(plans.resolve("big.bin"), data);
        Path part = here.resolve("big.bin" + Transfers.PART);
        assertEquals(1, killedMidway(() -> size(part), "get", peer + "/Plans/big.bin", here.toString(), "-u", "ben",
                "--limit", "1M", "-q"));
        assertEquals("lanshare: lost the connection to " + peer + " while copying /Plans/big.bin; run the same "
                + "command again to continue", said().strip());
        assertTrue(size(part) >= 1024 * 1024, "the part is kept");
        serve();
        assertEquals(0, run("get", peer + "/Plans/big.bin", here.toString(), "-u", "ben"), said());
        assertTrue(said().contains("Resuming:"), said());
        assertArrayEquals(data, Files.readAllBytes(here.resolve("big.bin")));

        Path set = Files.createDirectories(here.resolve("set"));
        for (int i = 0; i < 8; i++) {
            Files.write(set.resolve("f" + i + ".bin"), random(512 * 1024, 10 + i));
        }
        assertEquals(1, killedMidway(() -> bytesUnder(plans.resolve("set")), "put", set.toString(),
                peer + "/Plans", "-u", "ben", "--limit", "1M", "-q"));
        assertEquals("lanshare: lost the connection to " + peer + " while copying " + set + "; run the same "
                + "command again to continue", said().strip());
        serve();
        assertEquals(0, run("put", set.toString(), peer + "/Plans", "-u", "ben", "-q"), said());
        assertEquals(contents(set), contents(plans.resolve("set")));
    }

    @Test
    void throughTheServiceTooACutOffCopySaysSoInOneLine() throws Exception {
        try (TestHome own = new TestHome(tmp.resolve("own"))) {
            clientHome = own.dirs().config();
            HostKey.loadOrCreate(AppDirs.under(clientHome).config().resolve("client_key"));
            Files.copy(AppDirs.under(tmp.resolve("client")).config().resolve("client_key"),
                    clientHome.resolve("client_key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            own.start();
            console.close(); // this machine's own home: new to the colleague
            console = new CommandConsole(clientHome);
            console.firstContact(peer);
            Path set = Files.createDirectories(plans.resolve("set"));
            for (int i = 0; i < 8; i++) {
                Files.write(set.resolve("f" + i + ".bin"), random(512 * 1024, 20 + i));
            }
            assertEquals(1, killedMidway(() -> bytesUnder(here), "get", peer + "/Plans/set", here.toString(), "-u",
                    "ben", "--limit", "1M", "-q"));
            assertEquals("lanshare: lost the connection to " + peer + " while copying /Plans/set; run the same "
                    + "command again to continue", said().strip());

            byte[] data = random(4 * 1024 * 1024, 2);
            Path local = Files.write(tmp.resolve("up.bin"), data);
            serve();
            assertEquals(1, killedMidway(() -> size(plans.resolve("up.bin" + Transfers.PART)), "put",
                    local.toString(), peer + "/Plans", "-u", "ben", "--limit", "1M", "-q"));
            assertEquals("lanshare: lost the connection to " + peer + " while copying " + local + "; run the same "
                    + "command again to continue", said().strip());
            serve();
            assertEquals(0, run("put", local.toString(), peer + "/Plans", "-u", "ben"), said());
            assertTrue(said().startsWith("Resuming: "), "as a get says it: " + said());
            assertArrayEquals(data, Files.readAllBytes(plans.resolve("up.bin")));
            assertEquals(1, own.service().peerConnections(), "the service made the copies");
        }
    }
}
