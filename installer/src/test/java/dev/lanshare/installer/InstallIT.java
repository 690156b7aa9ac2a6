package dev.lanshare.installer;

import static dev.lanshare.installer.Commands.TARGET;
import static dev.lanshare.installer.Commands.mb;
import static dev.lanshare.installer.Commands.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.installer.Commands.Result;
import dev.lanshare.installer.ThrowawayDebian.Booted;
import dev.lanshare.installer.ThrowawayDebian.User;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The .deb installed the way a user installs it, into a throwaway Debian of the host's release (debootstrap
 * minbase): apt resolves its Depends, {@code lanshare serve} runs as a new user and serves a file to the host's
 * OpenSSH sftp; then an upgrade to a newer package keeps that user's settings, accounts and host key, and removal
 * and purge take the package's files and links away and leave the user's. First in a chroot (systemd installed,
 * not running: how images are built), then with the same tree's systemd booted, where the package's scripts start,
 * restart, stop and, reinstalled, start again the service in the user's own service manager.
 *
 * <p>Each step needs the ones before it; after a failure the rest are skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {
    static final Path ROOT = TARGET.resolve("install-root");
    /** In the tree: where the packages are put for dpkg and apt (not /tmp, which systemd-nspawn may replace). */
    static final String PKGS = "/var/cache/lanshare-test";
    static final String UNIT_LINK = "etc/systemd/user/default.target.wants/lanshare.service";
    /** deb-systemd-helper's record of the links it made for the unit, from the first enable on. */
    static final String DSH_STATE = "var/lib/systemd/deb-systemd-user-helper-enabled/lanshare.service.dsh-also";

    static ThrowawayDebian debian;
    static User alice;
    static Path v1;
    static Path v2;
    static String newVersion;
    static Path work;
    static Path key;
    static String fingerprint;
    static int passed;
    static long classStart;

    @BeforeAll
    static void tools() throws IOException {
        classStart = System.nanoTime();
        Commands.requireRoot("installing the package into a throwaway Debian (debootstrap, chroot)");
        Commands.require("debootstrap", "debootstrap");
        Commands.require("unshare", "util-linux");
        Commands.require("nsenter", "util-linux");
        Commands.require("systemd-nspawn", "systemd-container");
        Commands.require("sftp", "openssh-client");
        Commands.require("ssh-keygen", "openssh-client");
        v1 = Commands.deb();
        work = Files.createDirectories(TARGET.resolve("install-test"));
        key = work.resolve("ben_ed25519");
        Files.deleteIfExists(key);
        Files.deleteIfExists(work.resolve("ben_ed25519.pub"));
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ben", "-f", key.toString()).ok("ssh-keygen");
    }

    @AfterAll
    static void tidy() {
        System.out.printf("%nInstallIT: %d of 7 steps passed in %s%n", passed, seconds(System.nanoTime() - classStart));
        if (passed == 7) {
            ThrowawayDebian.remove(ROOT); // 500 MB; a failed run keeps it to look into
        }
    }

    static void step(int n, String what) {
        Assumptions.assumeTrue(passed == n - 1, "an earlier step failed");
        System.out.printf("%n== %d. %s%n", n, what);
    }

    @Test
    @Order(1)
    void aMinimalDebian() {
        step(1, "a minimal Debian of the host's release");
        // systemd (not running) so that the package's scripts meet systemctl as in an image build, and so that the
        // same tree boots for the last step; libpam-systemd and dbus for its user managers
        debian = ThrowawayDebian.create(ROOT, List.of("systemd", "dbus", "libpam-systemd", "dbus-user-session"));
        passed = 1;
    }

    @Test
    @Order(2)
    void aptInstallsThePackageAndItsDepends() throws Exception {
        step(2, "apt-get install ./" + v1.getFileName() + " (in a chroot)");
        put(v1);
        long start = System.nanoTime();
        Result apt = debian.inRoot("apt-get", "install", "-y", "-q", "--no-install-recommends",
                PKGS + "/" + v1.getFileName()).ok("apt-get install");
        System.out.printf("apt-get install: %s%n%s%n", seconds(System.nanoTime() - start), apt.out().lines()
                .filter(l -> l.contains("newly installed") || l.startsWith("Setting up lanshare")
                        || l.startsWith("Created symlink"))
                .reduce((a, b) -> a + "\n" + b).orElse(""));
        assertTrue(debian.inRoot("dpkg-query", "-W", "-f", "${Status}", "lanshare").out().contains("install ok installed"));
        Result version = debian.inRoot("lanshare", "--version").ok("lanshare --version");
        System.out.println("lanshare --version: " + version.out().strip());
        assertEquals("lanshare " + Commands.VERSION, version.out().strip());
        assertClassDataMaps("installed");
        Path link = ROOT.resolve(UNIT_LINK);
        assertTrue(Files.isSymbolicLink(link), "enabled for every user (systemctl --global enable): " + link);
        assertEquals("/usr/lib/systemd/user/lanshare.service", Files.readSymbolicLink(link).toString());
        System.out.printf("installed app image /opt/lanshare: %s, of which the runtime %s%n",
                mb(Commands.du(ROOT.resolve("opt/lanshare"))), mb(Commands.du(ROOT.resolve("opt/lanshare/lib/runtime"))));
        alice = debian.addUser("alice");
        passed = 2;
    }

    @Test
    @Order(3)
    void theInstalledUnitVerifies() throws IOException {
        step(3, "systemd-analyze verify of the installed unit, as a user's manager loads it");
        // in the tree, where ExecStart=/usr/bin/lanshare exists; --user: the user manager's search paths
        Result verify = debian.as(alice, "systemd-analyze", "--man=no", "verify", "--user", "lanshare.service");
        System.out.println("systemd-analyze verify --user lanshare.service: exit " + verify.exit()
                + (verify.out().isBlank() ? ", nothing to say" : "\n" + verify.out()));
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().isBlank(), "no warnings either:\n" + verify.out());
        // the unit's conditions: never in root's manager, nor a system user's (a display manager's greeter)
        List<String> conditions = Files.readAllLines(ROOT.resolve("usr/lib/systemd/user/lanshare.service")).stream()
                .filter(l -> l.startsWith("Condition")).toList();
        String[] analyze = Commands.concat(List.of("systemd-analyze", "condition"), conditions).toArray(String[]::new);
        User greeter = debian.addSystemUser("greeter");
        assertNotEquals(0, debian.inRoot(analyze).exit(), "root");
        assertNotEquals(0, debian.as(greeter, analyze).exit(), "a system user");
        assertEquals(0, debian.as(alice, analyze).exit(), "alice");
        System.out.println(String.join(", ", conditions) + ": false for root and for a system user (uid "
                + greeter.uid() + "), true for alice (uid " + alice.uid() + ")");
        passed = 3;
    }

    @Test
    @Order(4)
    void aNewUserServesAndTheHostsSftpConnects() throws Exception {
        step(4, "lanshare serve as alice (first run), sftp from the host");
        Serve serve = Serve.start(alice, freePort(), "first run: settings and host key made");
        try {
            List<String> out = serve.awaitLine(l -> l.startsWith("Stop with"));
            out.forEach(l -> System.out.println("  | " + l.replaceAll("password: \\S+", "password: (shown once)")));
            String text = String.join("\n", out);
            assertTrue(text.contains("First run: created /home/alice/.config/lanshare/settings.yaml"), text);
            assertTrue(text.contains("Sharing /home/alice/Public as 'Public'"), text);
            assertTrue(Pattern.compile("Account 'alice', password: \\S{8,}").matcher(text).find(), text);
            fingerprint = match(text, "Host key fingerprint: (SHA256:\\S+)");
            assertEquals(alice.uid(), serve.uid(), "the service runs as alice");
            assertEquals(ROOT.resolve("opt/lanshare/lib/runtime/bin/java"), serve.executable(),
                    "the installed runtime, started by the command");
            for (String secret : List.of("settings.yaml", "host_key")) {
                Path f = ROOT.resolve("home/alice/.config/lanshare/" + secret);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), secret);
            }
            Files.writeString(ROOT.resolve("home/alice/Public/hello.txt"), "hello from alice\n");
            Commands.run("chown", alice.uid() + ":" + alice.uid(), ROOT.resolve("home/alice/Public/hello.txt").toString())
                    .ok("chown");
            // ben's key, added through the running service's control socket
            Files.copy(key.resolveSibling("ben_ed25519.pub"), ROOT.resolve("tmp/ben.pub"),
                    StandardCopyOption.REPLACE_EXISTING);
            Result add = debian.as(alice, "lanshare", "user", "add", "ben", "--key", "/tmp/ben.pub").ok("user add");
            System.out.println("lanshare user add ben --key /tmp/ben.pub: " + add.out().strip());
            sftp(serve.port, null);
        } finally {
            System.out.println("stopped: exit " + serve.stop());
        }
        passed = 4;
    }

    @Test
    @Order(5)
    void anUpgradeKeepsTheUsersSettingsAccountsAndHostKey() throws Exception {
        step(5, "upgrade: dpkg -i a newer package over it (in the chroot)");
        newVersion = newerVersion(Commands.VERSION);
        long start = System.nanoTime();
        Path out = TARGET.resolve("upgrade");
        Result build = Commands.run(List.of("bash", Commands.SRC.resolve("build-packages").toString(),
                "--reuse-app-image", "--no-rpm", "--deb-compression=none", "--out=" + out, TARGET.toString(),
                newVersion), Duration.ofMinutes(5), null).ok("build-packages " + newVersion);
        v2 = Commands.findPackage(out, ".deb");
        System.out.printf("%s built from the same app image in %s%n", v2.getFileName(), seconds(System.nanoTime() - start));
        assertTrue(build.out().contains(v2.getFileName().toString()), build.out());

        Path config = ROOT.resolve("home/alice/.config/lanshare");
        String hostKey = sha256(config.resolve("host_key"));
        String deviceId = Files.readString(config.resolve("device_id"));
        put(v2);
        Result dpkg = debian.inRoot("dpkg", "-i", PKGS + "/" + v2.getFileName()).ok("dpkg -i " + v2.getFileName());
        System.out.println(dpkg.out().strip());
        assertEquals("lanshare " + newVersion, debian.inRoot("lanshare", "--version").ok("--version").out().strip());
        // made again for the new jars: the old archives name jars that changed, and a JVM told to use them would stop
        assertClassDataMaps("upgraded");
        assertTrue(Files.isSymbolicLink(ROOT.resolve(UNIT_LINK)), "still enabled");
        assertEquals(hostKey, sha256(config.resolve("host_key")), "host key");
        assertEquals(deviceId, Files.readString(config.resolve("device_id")), "device id");

        Serve serve = Serve.start(alice, freePort(), "after the upgrade: settings exist");
        try {
            String text = String.join("\n", serve.awaitLine(l -> l.startsWith("Stop with")));
            assertFalse(text.contains("First run"), text);
            assertEquals(fingerprint, match(text, "Host key fingerprint: (SHA256:\\S+)"), "the same host key");
            Result users = debian.as(alice, "lanshare", "user", "list").ok("user list");
            assertTrue(users.out().contains("alice") && users.out().contains("ben"), users.out());
            System.out.println("host key, device id and accounts (alice, ben) kept; " + newVersion + " runs");
            sftp(serve.port, null);
        } finally {
            System.out.println("stopped: exit " + serve.stop());
        }
        passed = 5;
    }

    @Test
    @Order(6)
    void removeAndPurgeLeaveTheUsersFiles() throws Exception {
        step(6, "dpkg -r, then dpkg -P (in the chroot)");
        assertTrue(Files.exists(ROOT.resolve(DSH_STATE)), "made by the first enable, kept on upgrade: " + DSH_STATE);
        System.out.println(debian.inRoot("dpkg", "-r", "lanshare").ok("dpkg -r").out().strip());
        for (String gone : List.of("opt/lanshare", "usr/bin/lanshare", "usr/bin/lanshare-tray", "var/cache/lanshare",
                "usr/lib/systemd/user/lanshare.service", UNIT_LINK, "usr/share/applications/lanshare-tray.desktop")) {
            assertFalse(Files.exists(ROOT.resolve(gone), LinkOption.NOFOLLOW_LINKS), "removed: " + gone);
        }
        assertTrue(debian.inRoot("dpkg-query", "-W", "-f", "${Status}", "lanshare").out()
                .contains("deinstall ok config-files"));
        // gone already here, not only after the purge: postrm forgets the state of a unit that was enabled when the
        // package goes, so that a reinstall enables it again; only an administrator's disable is kept until purge
        assertFalse(Files.exists(ROOT.resolve(DSH_STATE)), "deb-systemd-helper's state forgotten: " + DSH_STATE);
        // the autostart entry is a conffile, kept until purge; its TryExec makes desktops skip it meanwhile
        Path autostart = ROOT.resolve("etc/xdg/autostart/lanshare-tray.desktop");
        assertTrue(Files.readString(autostart).contains("TryExec=/opt/lanshare/bin/lanshare-tray"));
        assertUsersFilesRemain();
        System.out.println("after dpkg -r: app, unit, its link and deb-systemd-helper's state gone; autostart entry"
                + " (conffile) kept with TryExec; alice's files kept");

        System.out.println(debian.inRoot("dpkg", "-P", "lanshare").ok("dpkg -P").out().strip());
        assertFalse(Files.exists(autostart), "purged: " + autostart);
        assertNotEquals(0, debian.inRoot("dpkg-query", "-W", "lanshare").exit(), "dpkg forgot the package");
        assertUsersFilesRemain();
        System.out.println("after dpkg -P: nothing of the package left; alice's settings, host key and Public kept");
        passed = 6;
    }

    @Test
    @Order(7)
    void withSystemdRunningTheScriptsStartRestartAndStopTheUsersService() throws Exception {
        step(7, "the same tree booted (systemd-nspawn): install, upgrade, remove, reinstall with alice's manager"
                + " running");
        try (Booted booted = debian.boot()) {
            // alice's service manager runs from boot on (as if she were logged in), and so does a system user's
            // (as a display manager's greeter's does)
            User greeter = new User("greeter", Integer.parseInt(booted.exec("id", "-u", "greeter").out().strip()),
                    "/var/lib/greeter");
            for (User u : List.of(alice, greeter)) {
                booted.exec("loginctl", "enable-linger", u.name()).ok("enable-linger");
                awaitTrue(() -> booted.as(u, "systemctl", "--user", "is-system-running").out().strip()
                        .matches("running|degraded"), u.name() + "'s service manager");
            }

            Result install = booted.exec("dpkg", "-i", PKGS + "/" + v1.getFileName()).ok("dpkg -i");
            System.out.println(install.out().strip());
            long pid1 = awaitMainPid(booted, 0);
            System.out.printf("installed: lanshare.service started in alice's manager at once (pid %d, user %s)%n",
                    pid1, booted.exec("stat", "-c", "%U", "/proc/" + pid1).out().strip());
            assertEquals("alice", booted.exec("stat", "-c", "%U", "/proc/" + pid1).out().strip());
            assertEquals("enabled", booted.as(alice, "systemctl", "--user", "is-enabled", "lanshare.service").out().strip());
            assertEquals("inactive", booted.as(greeter, "systemctl", "--user", "is-active", "lanshare.service").out()
                    .strip(), "not for a system user");
            assertFalse(Files.exists(ROOT.resolve("var/lib/greeter/.config/lanshare")), "no settings for the greeter");
            System.out.println("not started for the system user 'greeter' (ConditionUser=!@system)");
            sftp(2222, booted);

            Result upgrade = booted.exec("dpkg", "-i", PKGS + "/" + v2.getFileName()).ok("dpkg -i (upgrade)");
            System.out.println(upgrade.out().strip());
            long pid2 = awaitMainPid(booted, pid1);
            String maps = booted.exec("cat", "/proc/" + pid2 + "/maps").ok("maps").out();
            assertFalse(maps.lines().anyMatch(l -> l.contains("/opt/lanshare") && l.contains("(deleted)")),
                    "the restarted service maps only the new package's files");
            System.out.printf("upgraded: restarted (pid %d -> %d) on %s%n", pid1, pid2,
                    booted.exec("lanshare", "--version").out().strip());
            sftp(2222, booted);
            System.out.println("journal of alice's lanshare.service:");
            booted.exec("journalctl", "--no-pager", "-o", "cat", "_SYSTEMD_USER_UNIT=lanshare.service",
                    "_UID=" + alice.uid()).out().lines().filter(l -> !l.isBlank())
                    .forEach(l -> System.out.println("  | " + l));

            Result remove = booted.exec("dpkg", "-r", "lanshare").ok("dpkg -r");
            System.out.println(remove.out().strip());
            assertStopped(booted, "stopped before its files went");
            assertFalse(Files.exists(ROOT.resolve(UNIT_LINK), LinkOption.NOFOLLOW_LINKS));
            System.out.println("removed: stopped in alice's manager, link gone");

            // installed again: postinst is given the removed version, as on an upgrade, but the service is stopped
            // everywhere, and a restart of running ones alone would leave it so until alice logs in again
            Result reinstall = booted.exec("dpkg", "-i", PKGS + "/" + v2.getFileName()).ok("dpkg -i (reinstall)");
            System.out.println(reinstall.out().strip());
            long pid3 = awaitMainPid(booted, 0);
            assertEquals("enabled", booted.as(alice, "systemctl", "--user", "is-enabled", "lanshare.service").out()
                    .strip());
            System.out.printf("reinstalled after dpkg -r: enabled again, started in alice's manager at once (pid %d)%n",
                    pid3);

            booted.exec("dpkg", "-r", "lanshare").ok("dpkg -r (again)");
            assertStopped(booted, "stopped again");
            booted.exec("dpkg", "-P", "lanshare").ok("dpkg -P");
            assertUsersFilesRemain();
            System.out.println("removed again and purged; alice's files kept");
        }
        passed = 7;
    }

    // ---- helpers

    /** The service as a user of the tree, as a login would start it by hand: launch to first SSH banner timed. */
    static final class Serve {
        final Process process;
        final int port;
        final List<String> lines = new CopyOnWriteArrayList<>();

        private Serve(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Serve start(User user, int port, String what) {
            long t0 = System.nanoTime();
            Process p = debian.start(user.command("lanshare", "serve", "--port", String.valueOf(port), "--bind",
                    "127.0.0.1"), null);
            Serve s = new Serve(p, port);
            Thread reader = new Thread(() -> s.read(p.getInputStream()), "serve-output");
            reader.setDaemon(true);
            reader.start();
            long banner = awaitBanner(port, p, t0, s.lines);
            System.out.printf("start of the installed launcher to the first SSH banner (%s): %s%n", what,
                    seconds(banner));
            return s;
        }

        private void read(InputStream in) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null;) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        List<String> awaitLine(Predicate<String> p) {
            awaitTrue(() -> lines.stream().anyMatch(p) || !process.isAlive(), "the service's output");
            assertTrue(lines.stream().anyMatch(p), "the service ended:\n" + String.join("\n", lines));
            return List.copyOf(lines);
        }

        /** The process's user id, from the host's /proc (the launcher is what chroot and setpriv exec'ed). */
        int uid() throws IOException {
            String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
            return Integer.parseInt(match(status, "(?m)^Uid:\\s+(\\d+)"));
        }

        Path executable() throws IOException {
            return Files.readSymbolicLink(Path.of("/proc/" + process.pid() + "/exe"));
        }

        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        }
    }

    /** Nanoseconds from t0 until port answers with an SSH banner. */
    static long awaitBanner(int port, Process p, long t0, List<String> output) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(5000);
                String banner = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                if (banner != null && banner.startsWith("SSH-2.0-")) {
                    return System.nanoTime() - t0;
                }
            } catch (IOException e) {
                assertTrue(p.isAlive(), "lanshare serve ended:\n" + String.join("\n", output));
                ThrowawayDebian.sleep(20);
            }
        }
        throw new AssertionError("no SSH banner on port " + port + " within 90 s:\n" + String.join("\n", output));
    }

    /** The host's sftp as ben (key only): list /, list Public, get hello.txt. In booted's network when given. */
    static void sftp(int port, Booted booted) throws Exception {
        Path batch = Files.writeString(work.resolve("batch"), "ls -1 /\nls -l /Public\nget /Public/hello.txt "
                + work.resolve("got.txt") + "\n");
        Files.deleteIfExists(work.resolve("got.txt"));
        List<String> cmd = List.of("sftp", "-F", "/dev/null", "-b", batch.toString(), "-P", String.valueOf(port),
                "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o",
                "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "ben@127.0.0.1");
        Result r = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) { // in the container, the service may still be starting
            r = booted == null ? Commands.run(cmd) : booted.hostToolInNetwork(cmd);
            if (r.exit() == 0 || booted == null) {
                break;
            }
            ThrowawayDebian.sleep(500);
        }
        System.out.println("sftp -P " + port + " -i ben_ed25519 ben@127.0.0.1 (the host's OpenSSH client):");
        r.out().lines().forEach(l -> System.out.println("  | " + l));
        assertEquals(0, r.exit(), r.out());
        assertEquals("hello from alice\n", Files.readString(work.resolve("got.txt")));
    }

    static long awaitMainPid(Booted booted, long notThis) {
        long[] pid = {0};
        awaitTrue(() -> {
            Result r = booted.as(alice, "systemctl", "--user", "show", "-P", "MainPID", "lanshare.service");
            pid[0] = r.exit() == 0 ? Long.parseLong(r.out().strip().isEmpty() ? "0" : r.out().strip()) : 0;
            return pid[0] != 0 && pid[0] != notThis;
        }, "lanshare.service running in alice's manager" + (notThis == 0 ? "" : ", not as pid " + notThis));
        return pid[0];
    }

    /**
     * The class-data archives postinst made are taken by the service and the commands: with -Xshare:on a JVM stops
     * when it cannot map its archive or the archive does not match its jars, where the command's default only starts
     * slower. A command the training ran (`get --help`) reads no class from a jar: picocli's classes, compiled for
     * Java 5, are left out of an archive whose dump linked them (installer/src/cds-training).
     */
    static void assertClassDataMaps(String when) throws IOException {
        for (String name : List.of("serve", "cli")) {
            Path archive = ROOT.resolve("var/cache/lanshare/" + name + ".jsa");
            assertTrue(Files.size(archive) > 1_000_000, when + ": " + archive);
        }
        for (List<String> command : List.of(List.of("lanshare", "serve", "--help"), List.of("lanshare", "--version"))) {
            Result r = debian.inRoot(Commands.concat(List.of("env", "JAVA_TOOL_OPTIONS=-Xshare:on"), command)
                    .toArray(String[]::new));
            assertEquals(0, r.exit(), when + ", " + command + " with its archive required:\n" + r.out());
        }
        Result loads = debian.inRoot("env", "JAVA_TOOL_OPTIONS=-Xshare:on -Xlog:class+load=info", "lanshare", "get",
                "--help");
        assertEquals(0, loads.exit(), when + ", lanshare get --help:\n" + loads.out());
        assertTrue(loads.out().contains("source: shared objects file"), when + ": no class-loading log\n" + loads.out());
        assertEquals(List.of(), loads.out().lines().filter(l -> l.contains("source: file:")).toList(),
                when + ": classes of lanshare get --help read from jars, not from the archive");
        System.out.printf("%s: class-data archives %s (service) and %s (commands), both taken%n", when,
                mb(Files.size(ROOT.resolve("var/cache/lanshare/serve.jsa"))),
                mb(Files.size(ROOT.resolve("var/cache/lanshare/cli.jsa"))));
    }

    /** The unit is inactive in alice's manager; if not, the failure shows its status and the journal's end. */
    static void assertStopped(Booted booted, String what) {
        String active = booted.as(alice, "systemctl", "--user", "is-active", "lanshare.service").out().strip();
        if (!"inactive".equals(active)) {
            String status = booted.as(alice, "systemctl", "--user", "status", "--no-pager", "-l", "lanshare.service")
                    .out();
            String journal = booted.exec("journalctl", "--no-pager", "-o", "short-monotonic", "-n", "40",
                    "_SYSTEMD_USER_UNIT=lanshare.service", "_UID=" + alice.uid()).out();
            assertEquals("inactive", active, what + "\n" + status + "\njournal:\n" + journal);
        }
    }

    static void assertUsersFilesRemain() {
        for (String kept : List.of("home/alice/.config/lanshare/settings.yaml", "home/alice/.config/lanshare/host_key",
                "home/alice/.config/lanshare/device_id", "home/alice/Public/hello.txt")) {
            assertTrue(Files.exists(ROOT.resolve(kept)), "kept: " + kept);
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 90 s for " + what);
            ThrowawayDebian.sleep(200);
        }
    }

    /** Copies a package into the tree, readable by apt's sandbox user. */
    static void put(Path pkg) throws IOException {
        Path dir = Files.createDirectories(ROOT.resolve(PKGS.substring(1)));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = dir.resolve(pkg.getFileName());
        Files.copy(pkg, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** 0.1.0-SNAPSHOT or 0.1.0 -> 0.1.1: sorts after the package under test for dpkg and rpm. */
    static String newerVersion(String version) {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version);
        assertTrue(m.find(), version);
        return m.group(1) + "." + m.group(2) + "." + (Integer.parseInt(m.group(3)) + 1);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in:\n" + text);
        return m.group(1);
    }

    static String sha256(Path f) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
