package dev.lanshare.service.peer;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A colleague whose service makes new files with other bits than this one's (a umask of 002, Debian's and
 * Ubuntu's for desktop users, or 077): a file put keeps its own bits whatever its size, alone or in a folder. Small
 * files went up in one request and took the colleague's defaults (a 644 file arrived 664, or 600). The colleague's
 * service runs in a process of its own, since a umask belongs to the whole process.
 */
class ColleagueUmaskTest {
    @TempDir
    Path tmp;
    TestHome colleague;
    Path plans;
    Path here;
    String peer;
    Process serving;
    CommandConsole console;

    @BeforeEach
    void start() throws Exception {
        colleague = new TestHome(tmp.resolve("colleague"));
        Path clientHome = tmp.resolve("client");
        String clientKey = HostKey.loadOrCreate(AppDirs.under(clientHome).config().resolve("client_key"))
                .publicKeyLine();
        plans = colleague.folder("Plans");
        here = Files.createDirectories(tmp.resolve("here"));
        colleague.account("ben", clientKey).share("Plans", plans, false, "ben:write");
        SettingsFile.save(colleague.dirs().settingsFile(), colleague.settingsForTest());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        peer = "127.0.0.1:" + port;
        serving = new ProcessBuilder("sh", "-c", "umask 002 && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--home",
                colleague.dirs().config().toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(tmp.resolve("serve.log")).contains("Stop with Ctrl-C")) {
            assertTrue(serving.isAlive() && System.nanoTime() < deadline, Files.readString(tmp.resolve("serve.log")));
            Thread.sleep(50);
        }
        console = new CommandConsole(clientHome);
        console.firstContact(peer);
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
        serving.destroyForcibly().waitFor();
    }

    @Test
    void smallFilesKeepTheirBitsUnderTheColleaguesUmask() throws Exception {
        Path tree = Files.createDirectories(here.resolve("bits"));
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("plain.txt", "rw-r--r--");
        sent.put("private.txt", "rw-------");
        sent.put("run.sh", "rwxr-xr-x");
        sent.put("big.txt", "rw-r--r--");
        for (String name : sent.keySet()) {
            Files.write(tree.resolve(name), new byte[name.startsWith("big") ? 600 * 1024 : 10]);
            Files.setPosixFilePermissions(tree.resolve(name), PosixFilePermissions.fromString(sent.get(name)));
        }
        assertEquals(0, console.run("put", tree.toString(), peer + "/Plans", "-u", "ben", "-q"), console.said());
        assertEquals(0, console.run("put", tree.resolve("plain.txt").toString(), peer + "/Plans/alone.txt", "-u",
                "ben", "-q"), console.said());
        for (String name : sent.keySet()) {
            assertEquals(sent.get(name), bits(plans.resolve("bits").resolve(name)), name);
        }
        assertEquals("rw-r--r--", bits(plans.resolve("alone.txt")), "not the colleague's rw-rw-r--");
    }

    private static String bits(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
