package dev.lanshare.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.service.Clients;
import dev.lanshare.service.StatusFile;
import dev.lanshare.service.control.ControlClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lanshare serve} as its own process: first run, the password it prints, status, a second serve, SIGTERM. */
class ServeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void firstRunSharesPublicWithAnAccountWhosePasswordIsShownOnce() throws Exception {
        Path userHome = Files.createDirectories(tmp.resolve("user"));
        Path home = tmp.resolve("lanshare");
        Process serve = start(userHome, home);
        try {
            List<String> lines = readUntil(new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8)), "Stop with Ctrl-C.");
            String text = String.join("\n", lines);
            assertTrue(text.contains("First run: created " + home.resolve("settings.yaml")), text);
            Matcher account = Pattern.compile("Account '(\\S+)', password: (\\S+)").matcher(text);
            assertTrue(account.find(), text);
            Matcher port = Pattern.compile("on port (\\d+)").matcher(text);
            assertTrue(port.find(), text);
            assertTrue(Files.isDirectory(userHome.resolve("Public")));
            Files.writeString(userHome.resolve("Public/readme.txt"), "hi");

            try (Clients clients = new Clients();
                 SftpClient sftp = clients.withPassword(Integer.parseInt(port.group(1)), account.group(1),
                         account.group(2))) {
                List<String> names = new ArrayList<>();
                sftp.readDir("/Public").forEach(e -> names.add(e.getFilename()));
                assertTrue(names.contains("readme.txt"), names.toString());
            }
            String settings = Files.readString(home.resolve("settings.yaml"));
            assertTrue(!settings.contains(account.group(2)), "only the hash is kept");

            firstPasswordIsKeptUntilChanged(home, account.group(1), account.group(2));

            var status = StatusFile.read(AppDirs.under(home).statusFile());
            assertTrue(status.isPresent());
            assertEquals(Integer.parseInt(port.group(1)), status.get().port());

            Process second = start(userHome, home);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, second.exitValue());
            String secondOut = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(secondOut.contains("already running"), secondOut);
        } finally {
            serve.destroy(); // SIGTERM
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
        }
        assertTrue(StatusFile.read(AppDirs.under(home).statusFile()).isEmpty());
    }

    /**
     * A colleague's {@code sftp} killed in the middle of a download (a laptop closed) is one line at info level in
     * the service's log, naming the account and address: no error, no warning, no stack trace.
     */
    @Test
    void aClientGoneMidDownloadIsOneLineAtInfo() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("Drawings"));
        try (var big = new java.io.RandomAccessFile(share.resolve("site.dwg").toFile(), "rw")) {
            big.setLength(1L << 30); // sparse: read at the rate the client allows
        }
        Path home = Files.createDirectories(tmp.resolve("lanshare"));
        Files.writeString(home.resolve("settings.yaml"), "version: 1\nname: test\nport: 2222\nnetwork:\n"
                + "  allow:\n    - loopback\nshares:\n  - name: Drawings\n    folder: " + share + "\n"
                + "    read-only: true\n    access:\n      guests: read\naccounts: []\n");
        Process serve = start(Files.createDirectories(tmp.resolve("user")), home);
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            String text = String.join("\n", readUntil(out, "Stop with Ctrl-C."));
            Matcher port = Pattern.compile("on port (\\d+)").matcher(text);
            assertTrue(port.find(), text);
            Thread reader = new Thread(() -> out.lines().forEach(log::add));
            reader.setDaemon(true);
            reader.start();
            Process sftp = new ProcessBuilder(dev.lanshare.service.Tools.checked(List.of("sshpass", "-p", "",
                    "sftp", "-l", "8000", "-P", port.group(1), "-F", "none", "-o", "PubkeyAuthentication=no",
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                    "guest@127.0.0.1:/Drawings/site.dwg", tmp.resolve("copy.dwg").toString())))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Path copy = tmp.resolve("copy.dwg");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(copy) && Files.size(copy) > (1 << 20)) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(Files.size(copy) > (1 << 20), "the download was under way");
            sftp.destroyForcibly(); // SIGKILL, mid-transfer
            sftp.waitFor(10, TimeUnit.SECONDS);
            until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (log.stream().noneMatch(l -> l.contains("went away")) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            Thread.sleep(1000); // anything MINA would add after it
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
        }
        List<String> gone = log.stream().filter(l -> l.contains("went away")).toList();
        assertEquals(1, gone.size(), String.join("\n", log));
        assertTrue(gone.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  InlineSftpSubsystem: guest at "
                + "127\\.0\\.0\\.1 went away with 1 file\\(s\\) open; they are closed"), gone.get(0));
        assertTrue(log.stream().noneMatch(l -> l.contains("ERROR") || l.contains("WARN") || l.startsWith("\tat ")
                || l.contains("Exception")), String.join("\n", log));
    }

    /** Under systemd nobody reads serve's output: status shows the first password until it is changed. */
    private static void firstPasswordIsKeptUntilChanged(Path home, String account, String password) throws Exception {
        AppDirs dirs = AppDirs.under(home);
        Path kept = dirs.state().resolve("first-run.json");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(kept)));
        try (ControlClient c = ControlClient.connect(dirs).orElseThrow()) {
            var first = c.request("status", Map.of()).path("firstRun");
            assertEquals(account, first.path("account").asText());
            assertEquals(password, first.path("password").asText());
            assertTrue(first.path("folder").asText().endsWith("Public"), first.toString());
            assertFalse(first.has("hash"), "the hash stays in the file");

            String text = statusOutput(home);
            assertTrue(text.contains("Account '" + account + "', password: " + password
                    + " (change it with: lanshare passwd " + account + ")"), text);

            c.request("accounts.password", Map.of("name", account, "passwordHash",
                    PasswordHash.hash("a new one".toCharArray())));
            assertTrue(c.request("status", Map.of()).path("firstRun").isMissingNode(), "gone once changed");
            assertFalse(Files.exists(kept), "and forgotten");
            assertFalse(statusOutput(home).contains("password:"));
        }
    }

    /** What {@code lanshare status} prints, run in this JVM against the service in the other process. */
    private static String statusOutput(Path home) {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("status", "--home", home.toString()));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * An address that is not this machine's is said to be so, at once (it tried 20 ports and said "no free port");
     * a port beyond 65535 is a usage error (it said "no free port from 70000 to 70019").
     */
    @Test
    void anAddressNotOfThisMachineOrAPortOutOfRangeIsSaidPlainly() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("lanshare"));
        Files.writeString(home.resolve("settings.yaml"), "version: 1\nname: test\nport: 2222\nnetwork:\n"
                + "  allow:\n    - loopback\nshares: []\naccounts: []\n");
        Process serve = start(Files.createDirectories(tmp.resolve("user")), home, "--port", "2399", "--bind",
                "198.18.99.99"); // in the range for tests; no interface here has it
        String said = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, serve.waitFor(), said);
        assertTrue(said.contains("lanshare: cannot listen on 198.18.99.99 (Cannot assign requested address): is it "
                + "an address of this machine?"), said);
        assertFalse(said.contains("no free port"), said);
        Process far = start(tmp.resolve("user"), home, "--port", "70000");
        said = new String(far.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, far.waitFor(), said);
        assertEquals("lanshare: --port 70000: a port is 1 to 65535 (0: any free one)", said.strip());
    }

    private static Process start(Path userHome, Path home) throws Exception {
        return start(userHome, home, "--port", "0", "--bind", "127.0.0.1");
    }

    private static Process start(Path userHome, Path home, String... where) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--home",
                home.toString()).redirectErrorStream(true);
        pb.command().addAll(List.of(where));
        pb.environment().put("HOME", userHome.toString());
        pb.environment().remove("LANSHARE_HOME");
        return pb.start();
    }

    private static List<String> readUntil(BufferedReader in, String last) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.equals(last)) {
                return lines;
            }
        }
        assertNotNull(null, "serve stopped early:\n" + String.join("\n", lines));
        return lines;
    }
}
