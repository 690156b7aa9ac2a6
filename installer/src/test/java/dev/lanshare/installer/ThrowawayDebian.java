package dev.lanshare.installer;

import static dev.lanshare.installer.Commands.concat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.installer.Commands.Result;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A minimal Debian in a folder (debootstrap --variant=minbase, the host's release from the host's mirror), and
 * commands run in it as root or as one of its users.
 *
 * <p>Every command runs in a mount namespace of its own ({@code unshare --mount}) that mounts /proc and /dev/pts
 * under the tree and then chroots: those mounts vanish with the command, whatever happens to it or to the test,
 * so nothing is ever left mounted under target/ (and 'mvn clean' can never reach the host's /dev through it).
 * {@link #boot()} starts the tree's own systemd instead (systemd-nspawn, in a network namespace of its own).
 */
final class ThrowawayDebian {
    final Path root;

    private ThrowawayDebian(Path root) {
        this.root = root;
    }

    /** debootstrap into dir (removed first), with the extra packages in include. */
    static ThrowawayDebian create(Path dir, List<String> include) {
        remove(dir);
        String release = hostRelease();
        String mirror = hostMirror(release);
        System.out.printf("debootstrap --variant=minbase %s from %s, with %s%n", release, mirror, include);
        long start = System.nanoTime();
        Result r = Commands.run(List.of("unshare", "--mount", "--propagation", "private", "--", "debootstrap",
                "--variant=minbase", "--include=" + String.join(",", include), release, dir.toString(), mirror),
                Duration.ofMinutes(20), baseEnv());
        if (r.exit() != 0) {
            Path log = dir.resolve("debootstrap/debootstrap.log");
            String tail = "";
            try {
                tail = Files.exists(log) ? Files.readString(log) : "";
            } catch (IOException e) {
                tail = e.toString();
            }
            throw new AssertionError("debootstrap failed:\n" + r.out() + "\n" + tail);
        }
        System.out.printf("debootstrap: %s, %s on disk%n", Commands.seconds(System.nanoTime() - start),
                Commands.mb(Commands.du(dir)));
        ThrowawayDebian d = new ThrowawayDebian(dir);
        try {
            // apt in the tree fetches the package's Depends from the same mirror; the tree shares the host's network
            Files.copy(Path.of("/etc/resolv.conf"), dir.resolve("etc/resolv.conf"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** Deletes dir, refusing if anything is mounted under it (it never should be: see the class comment). */
    static void remove(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            String prefix = dir.toRealPath() + "/";
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mountPoint = line.split(" ")[4];
                assertTrue(!mountPoint.startsWith(prefix), "refusing to delete " + dir + ": " + mountPoint
                        + " is mounted");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Commands.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), Duration.ofMinutes(5), null)
                .ok("rm -rf " + dir);
    }

    /** The host's Debian release (bookworm), from /etc/os-release. */
    static String hostRelease() {
        try {
            Matcher m = Pattern.compile("(?m)^VERSION_CODENAME=\"?([a-z]+)\"?$")
                    .matcher(Files.readString(Path.of("/etc/os-release")));
            assertTrue(m.find(), "no VERSION_CODENAME in /etc/os-release");
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The mirror the host's apt uses for release: the first 'deb' source for it with the main component, from
     * /etc/apt/sources.list, then sources.list.d (one-line .list files and deb822 .sources files).
     */
    static String hostMirror(String release) {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("/etc/apt/sources.list"));
        try (Stream<Path> s = Files.list(Path.of("/etc/apt/sources.list.d"))) {
            s.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted()
                    .forEach(files::add);
        } catch (IOException e) {
            // no sources.list.d
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            try {
                Optional<String> uri = f.toString().endsWith(".sources") ? deb822(Files.readString(f), release)
                        : oneLine(Files.readAllLines(f), release);
                if (uri.isPresent()) {
                    return uri.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new AssertionError("no apt source for " + release + " main in /etc/apt");
    }

    static Optional<String> oneLine(List<String> lines, String release) {
        for (String line : lines) {
            String[] w = line.replaceAll("\\[[^]]*]", " ").trim().split("\\s+");
            if (w.length >= 4 && w[0].equals("deb") && w[2].equals(release)
                    && List.of(w).subList(3, w.length).contains("main")) {
                return Optional.of(w[1]);
            }
        }
        return Optional.empty();
    }

    static Optional<String> deb822(String text, String release) {
        for (String stanza : text.split("\\n\\s*\\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : stanza.split("\\n")) {
                int colon = line.indexOf(':');
                if (!line.startsWith("#") && !line.startsWith(" ") && colon > 0) {
                    fields.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
                }
            }
            if (List.of(fields.getOrDefault("types", "").split("\\s+")).contains("deb")
                    && !"no".equalsIgnoreCase(fields.getOrDefault("enabled", "yes"))
                    && List.of(fields.getOrDefault("suites", "").split("\\s+")).contains(release)
                    && List.of(fields.getOrDefault("components", "").split("\\s+")).contains("main")) {
                return Optional.of(fields.get("uris").split("\\s+")[0]);
            }
        }
        return Optional.empty();
    }

    /** The environment of every command in the tree: nothing of the build's. */
    static Map<String, String> baseEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", "/root");
        env.put("DEBIAN_FRONTEND", "noninteractive");
        return env;
    }

    /** cmd, chrooted into the tree in a mount namespace of its own with /proc and /dev/pts mounted. */
    List<String> chroot(List<String> cmd) {
        return concat(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount -t proc proc \"$0/proc\" && mount -t devpts -o newinstance,ptmxmode=0666 devpts \"$0/dev/pts\""
                        + " && exec chroot \"$0\" \"$@\"", root.toString()), cmd);
    }

    Result inRoot(String... cmd) {
        return Commands.run(chroot(List.of(cmd)), Duration.ofMinutes(10), baseEnv());
    }

    Process start(List<String> cmd, File output) {
        ProcessBuilder pb = new ProcessBuilder(Commands.resolved(chroot(cmd))).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (output != null) {
            pb.redirectOutput(output);
        }
        pb.environment().clear();
        pb.environment().putAll(baseEnv());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user of the tree; its runtime folder is /run/user/UID, as logind would make it. */
    record User(String name, int uid, String home) {
        User(String name, int uid) {
            this(name, uid, "/home/" + name);
        }

        String runtimeDir() {
            return "/run/user/" + uid;
        }

        /** cmd as this user, with a login's environment and nothing else (setpriv: no PAM, no session). */
        List<String> command(String... cmd) {
            return concat(List.of("setpriv", "--reuid=" + name, "--regid=" + name, "--init-groups", "env", "-i",
                    "HOME=" + home, "USER=" + name, "LOGNAME=" + name, "SHELL=/bin/sh", "LANG=C.UTF-8",
                    "PATH=/usr/local/bin:/usr/bin:/bin", "XDG_RUNTIME_DIR=" + runtimeDir(),
                    // the service announces nothing on the host's network (mDNS); loopback is all the test needs
                    "LANSHARE_DISCOVERY_INTERFACES=none"), List.of(cmd));
        }
    }

    User addUser(String name) {
        inRoot("useradd", "--create-home", "--shell", "/bin/bash", name).ok("useradd " + name);
        int uid = Integer.parseInt(inRoot("id", "-u", name).ok("id").out().strip());
        User u = new User(name, uid);
        inRoot("install", "-d", "-o", name, "-g", name, "-m", "0700", u.runtimeDir()).ok("runtime folder");
        return u;
    }

    /** A system user (uid below 1000) with a home, as display managers' greeters have. */
    User addSystemUser(String name) {
        inRoot("useradd", "--system", "--create-home", "--home-dir", "/var/lib/" + name, "--shell", "/bin/sh", name)
                .ok("useradd --system " + name);
        int uid = Integer.parseInt(inRoot("id", "-u", name).ok("id").out().strip());
        User u = new User(name, uid, "/var/lib/" + name);
        inRoot("install", "-d", "-o", name, "-g", name, "-m", "0700", u.runtimeDir()).ok("runtime folder");
        return u;
    }

    Result as(User user, String... cmd) {
        return Commands.run(chroot(user.command(cmd)), Duration.ofMinutes(2), baseEnv());
    }

    /** The tree's systemd, booted by systemd-nspawn with a network namespace of its own (loopback only). */
    Booted boot() {
        // the container's console is a pipe to a log file: no getty on it
        try {
            Path getty = root.resolve("etc/systemd/system/console-getty.service");
            Files.deleteIfExists(getty);
            Files.createSymbolicLink(getty, Path.of("/dev/null"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Booted(this);
    }

    /** A booted tree; commands enter its namespaces with nsenter. */
    static final class Booted implements AutoCloseable {
        final Process nspawn;
        final long init;
        final Path log;

        Booted(ThrowawayDebian tree) {
            log = tree.root.resolveSibling(tree.root.getFileName() + "-boot.log");
            ProcessBuilder pb = new ProcessBuilder(Commands.which("systemd-nspawn"), "--quiet", "--directory=" + tree.root,
                    "--machine=lanshare-test", "--boot", "--private-network", "--register=no", "--keep-unit",
                    "--console=pipe").redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(baseEnv());
            long start = System.nanoTime();
            try {
                nspawn = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
            long pid = -1;
            for (int i = 0; i < 300 && pid < 0 && nspawn.isAlive(); i++) {
                pid = nspawn.toHandle().children().filter(c -> comm(c.pid()).equals("systemd")).mapToLong(
                        ProcessHandle::pid).findFirst().orElse(-1);
                sleep(100);
            }
            init = pid;
            assertTrue(init > 0, "systemd-nspawn started no systemd:\n" + readLog());
            // systemctl can talk to it once its private socket exists
            Path socket = Path.of("/proc/" + init + "/root/run/systemd/private");
            for (int i = 0; i < 600 && !Files.exists(socket) && nspawn.isAlive(); i++) {
                sleep(100);
            }
            assertTrue(Files.exists(socket), "systemd in the container never listened:\n" + readLog());
            Result state = exec(Duration.ofMinutes(3), "systemctl", "is-system-running", "--wait");
            String s = state.out().strip();
            System.out.printf("booted with systemd-nspawn: %s, %s%n", s, Commands.seconds(System.nanoTime() - start));
            if (!s.equals("running")) {
                System.out.println(exec(Duration.ofMinutes(1), "systemctl", "--failed", "--no-pager").out());
            }
            assertTrue(s.equals("running") || s.equals("degraded"), "system state " + s + "\n" + readLog());
        }

        private static String comm(long pid) {
            try {
                return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
            } catch (IOException e) {
                return "";
            }
        }

        String readLog() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }

        /** cmd inside the container: its namespaces, root and environment (as root). */
        List<String> inside(List<String> cmd) {
            return concat(List.of("nsenter", "--target=" + init, "--mount", "--uts", "--ipc", "--net", "--pid",
                    "--root", "--wd", "--"), cmd);
        }

        Result exec(Duration timeout, String... cmd) {
            return Commands.run(inside(List.of(cmd)), timeout, baseEnv());
        }

        Result exec(String... cmd) {
            return exec(Duration.ofMinutes(5), cmd);
        }

        Result as(User user, String... cmd) {
            return Commands.run(inside(user.command(cmd)), Duration.ofMinutes(2), baseEnv());
        }

        /** A host program (sftp, say) in the container's network namespace: its loopback is the container's. */
        Result hostToolInNetwork(List<String> cmd) {
            return Commands.run(concat(List.of("nsenter", "--target=" + init, "--net", "--"), cmd),
                    Duration.ofMinutes(2), null);
        }

        void stop() {
            if (!nspawn.isAlive()) {
                return;
            }
            nspawn.destroy(); // SIGTERM: the container powers off
            try {
                if (!nspawn.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    nspawn.destroy(); // a second SIGTERM: at once
                    if (!nspawn.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        nspawn.destroyForcibly();
                        nspawn.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
