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
            List<String> lines = readUntil(serve, "Stop with Ctrl-C.");
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

    private static Process start(Path userHome, Path home) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--home",
                home.toString(), "--port", "0", "--bind", "127.0.0.1").redirectErrorStream(true);
        pb.environment().put("HOME", userHome.toString());
        pb.environment().remove("LANSHARE_HOME");
        return pb.start();
    }

    private static List<String> readUntil(Process p, String last) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
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
