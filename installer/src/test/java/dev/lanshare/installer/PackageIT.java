package dev.lanshare.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb the build made: its layout and metadata, its unit, and the app inside it running as a plain user. */
class PackageIT {
    static Path target = Path.of(System.getProperty("lanshare.target", "target"));
    static Path deb;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void findPackage() throws IOException {
        try (Stream<Path> s = Files.list(target)) {
            deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("the build made no .deb in " + target));
        }
        System.out.printf("package: %s, %.1f MB; app image %.1f MB, of which runtime %.1f MB%n", deb.getFileName(),
                Files.size(deb) / 1e6, du(target.resolve("app/lanshare")) / 1e6,
                du(target.resolve("app/lanshare/lib/runtime")) / 1e6);
    }

    static long du(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    record Result(int exit, String out) {
    }

    static Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + cmd);
        return new Result(p.exitValue(), out);
    }

    @Test
    void layoutStaysInOptUsrAndEtc() throws Exception {
        Result contents = run(List.of("dpkg-deb", "-c", deb.toString()));
        assertEquals(0, contents.exit(), contents.out());
        List<String> paths = contents.out().lines().map(l -> l.substring(l.indexOf("./"))).toList();
        for (String p : paths) {
            assertTrue(p.equals("./") || p.startsWith("./opt/") || p.startsWith("./usr/") || p.startsWith("./etc/"), p);
        }
        for (String expected : List.of("./opt/lanshare/bin/lanshare", "./usr/lib/systemd/user/lanshare.service",
                "./usr/bin/lanshare -> /opt/lanshare/bin/lanshare",
                "./usr/share/icons/hicolor/256x256/apps/lanshare.png")) {
            assertTrue(paths.stream().anyMatch(p -> p.startsWith(expected)), "has " + expected);
        }
        if (paths.stream().anyMatch(p -> p.startsWith("./opt/lanshare/bin/lanshare-tray"))) {
            assertTrue(paths.contains("./etc/xdg/autostart/lanshare-tray.desktop"), "tray starts at login");
            assertTrue(paths.contains("./usr/share/applications/lanshare-tray.desktop"), "menu entry");
        }
        Result info = run(List.of("dpkg-deb", "-I", deb.toString()));
        assertTrue(info.out().contains("Package: lanshare") && info.out().contains("Recommends: gvfs-backends"),
                info.out());
    }

    @Test
    void theRpmHasTheSameFiles() throws Exception {
        Path rpm;
        try (Stream<Path> s = Files.list(target)) {
            rpm = s.filter(p -> p.toString().endsWith(".rpm")).findFirst().orElse(null);
        }
        Assumptions.assumeTrue(rpm != null, "no .rpm was built (rpmbuild missing)");
        Result list = run(List.of("rpm", "-qlp", rpm.toString()));
        assertEquals(0, list.exit(), list.out());
        java.util.Set<String> rpmFiles = new java.util.TreeSet<>(list.out().lines().toList());
        Result deb = run(List.of("dpkg-deb", "-c", PackageIT.deb.toString()));
        java.util.Set<String> debFiles = new java.util.TreeSet<>();
        deb.out().lines().filter(l -> !l.startsWith("d")).forEach(l -> {
            String p = l.substring(l.indexOf("./") + 1);
            debFiles.add(p.contains(" -> ") ? p.substring(0, p.indexOf(" -> ")) : p);
        });
        rpmFiles.removeIf(f -> debFiles.stream().noneMatch(d -> d.startsWith(f)) && Files.isDirectory(Path.of(f)));
        assertTrue(rpmFiles.containsAll(debFiles), "the .rpm installs what the .deb does");
        System.out.printf("rpm: %s, %.1f MB, %d files%n", rpm.getFileName(), Files.size(rpm) / 1e6, debFiles.size());
    }

    @Test
    void theUnitIsValid() throws Exception {
        Path root = extracted();
        Path unit = root.resolve("usr/lib/systemd/user/lanshare.service");
        String text = Files.readString(unit);
        assertTrue(text.contains("ConditionUser=!root") && text.contains("RestartPreventExitStatus=78"), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("MemoryDenyWriteExecute")),
                "the JIT needs writable, executable memory");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze missing");
        // systemd-analyze checks that ExecStart exists: point it at the unpacked launcher
        Path copy = Files.writeString(tmp.resolve("lanshare.service"),
                text.replace("/opt/lanshare", root.resolve("opt/lanshare").toString()));
        Result verify = run(List.of("systemd-analyze", "verify", "--man=no", copy.toString()));
        System.out.println("systemd-analyze verify: exit " + verify.exit() + "\n" + verify.out());
        assertEquals(0, verify.exit(), verify.out());
    }

    @Test
    void theInstalledLauncherServesAsAPlainUser() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run as another user");
        Path root = extracted();
        Path lanshare = root.resolve("opt/lanshare/bin/lanshare");
        Result version = run(List.of(lanshare.toString(), "--version"));
        assertEquals(0, version.exit(), version.out());
        System.out.println("installed: " + version.out().strip());

        Path home = Files.createDirectories(tmp.resolve("user-home"));
        run(List.of("chown", "-R", "nobody", home.toString()));
        Path sshKey = tmp.resolve("id_ed25519");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", sshKey.toString()));
        Path pub = tmp.resolve("id_ed25519.pub");
        Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> asNobody = List.of("runuser", "-u", "nobody", "--", "env", "HOME=" + home, lanshare.toString());
        Result add = run(concat(asNobody, "user", "add", "ben", "--key", pub.toString(), "--home",
                home.resolve("lanshare").toString()));
        assertEquals(0, add.exit(), add.out());

        long start = System.nanoTime();
        Process serve = new ProcessBuilder(concat(asNobody, "serve", "--home", home.resolve("lanshare").toString(),
                "--port", "0", "--bind", "127.0.0.1")).redirectErrorStream(true).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = in.readLine()) != null && !line.startsWith("Stop with")) {
                seen.add(line);
                Matcher m = Pattern.compile("on port (\\d+)").matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            System.out.printf("start to accepting connections: %.2f s (installed launcher, as nobody)%n",
                    (System.nanoTime() - start) / 1e9);
            assertTrue(port > 0, String.join("\n", seen));
            String runsAs = run(List.of("ps", "-eo", "user:20=,args=")).out().lines()
                    .filter(l -> l.contains(" serve --home " + home) && !l.contains("runuser"))
                    .map(l -> l.strip().split("\\s+")[0]).findFirst().orElse("?");
            Path batch = Files.writeString(tmp.resolve("batch"), "ls -l /\n");
            Result sftp = run(List.of("sftp", "-b", batch.toString(), "-P", String.valueOf(port), "-i", sshKey.toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "ben@127.0.0.1"));
            System.out.println("sftp against the installed service:\n" + sftp.out());
            assertEquals(0, sftp.exit(), sftp.out());
            assertEquals("nobody", runsAs, "the service runs as the user who started it");
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    /** The package's files unpacked into a folder every user can read: what dpkg would put in /. */
    private static synchronized Path extracted() throws Exception {
        Path root = tmp.resolve("root");
        if (!Files.exists(root)) {
            Result x = run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
            assertEquals(0, x.exit(), x.out());
            run(List.of("chmod", "755", tmp.toString(), root.toString()));
        }
        return root;
    }
}
