package dev.lanshare.installer;

import static dev.lanshare.installer.Commands.TARGET;
import static dev.lanshare.installer.Commands.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's test command on a fresh machine: a Debian of the host's release holding a JDK and git and nothing
 * else (debootstrap minbase, then {@code openjdk-17-jdk-headless}), where a clone of this checkout's HEAD runs
 * {@code ./test} as root and must pass: it installs what the tests drive, downloads Maven and every dependency from
 * Maven Central, and runs the whole build.
 *
 * <p>It is the root of a mount and UTS namespace of its own (with /proc, /sys, /dev, a fresh /run), on the
 * host's network, which apt and Maven need. It takes the better part of an hour, longer than CI may run, so it runs
 * only when asked: {@code -Dlanshare.freshMachine=true} (installer/README.md). The whole transcript is in
 * target/fresh-machine.log; the tree is deleted when it passes.
 */
class FreshMachineIT {
    static final Path ROOT = TARGET.resolve("fresh-root");
    static final Path LOG = TARGET.resolve("fresh-machine.log");
    static final String HOST = "fresh-debian";

    @Test
    void theReadmesTestCommandPassesOnAFreshDebian() throws Exception {
        Commands.requireRoot("a fresh Debian (debootstrap, chroot)");
        Commands.require("debootstrap", "debootstrap");
        Commands.require("unshare", "util-linux");
        Commands.require("git", "git");
        assertTrue(readme().contains("./test "), "the README's test command is ./test");
        long start = System.nanoTime();
        ThrowawayDebian debian = ThrowawayDebian.create(ROOT, List.of("git"));
        // what the installer writes on a real machine: its name resolves
        Files.writeString(ROOT.resolve("etc/hosts"), "127.0.0.1 localhost\n127.0.1.1 " + HOST
                + "\n::1 localhost ip6-localhost ip6-loopback\n");
        Files.writeString(ROOT.resolve("etc/hostname"), HOST + "\n");
        trustTheNetworksAuthorities();
        debian.inRoot("apt-get", "install", "-y", "-q", "--no-install-recommends", "openjdk-17-jdk-headless")
                .ok("apt-get install openjdk-17-jdk-headless");
        System.out.println("a Debian with a JDK and git: " + seconds(System.nanoTime() - start));

        // HEAD of this checkout, cloned inside as a user would clone it (a bundle: the tree cannot see the host's)
        Path bundle = ROOT.resolve("root/lanshare.bundle");
        String head = Commands.run("git", "-C", repo().toString(), "rev-parse", "HEAD").ok("git rev-parse").out().strip();
        Commands.run("git", "-C", repo().toString(), "bundle", "create", bundle.toString(), "HEAD").ok("git bundle");
        debian.inRoot("git", "clone", "-q", "/root/lanshare.bundle", "/root/lanshare").ok("git clone");
        assertEquals(head, debian.inRoot("git", "-C", "/root/lanshare", "rev-parse", "HEAD").ok("rev-parse").out()
                .strip());
        System.out.println("cloned " + head + "; running ./test, transcript in " + LOG);

        long testStart = System.nanoTime();
        Process p = new ProcessBuilder(Commands.resolved(machine(List.of("sh", "-c", "cd /root/lanshare && ./test"))))
                .redirectErrorStream(true).redirectOutput(LOG.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean done = p.waitFor(150, TimeUnit.MINUTES);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(LOG);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        System.out.printf("./test: %s, %s%n%s%n", done ? "exit " + p.exitValue() : "still running",
                seconds(System.nanoTime() - testStart), tail);
        assertTrue(done && p.exitValue() == 0, "./test failed on a fresh Debian:\n" + tail);
        ThrowawayDebian.remove(ROOT);
    }

    /**
     * cmd in the tree as root, as on a machine of its own: its own mounts (/proc, /sys and /dev of the kernel, a
     * fresh /run and /dev/shm, all gone with the command) and host name; the host's network.
     */
    static List<String> machine(List<String> cmd) {
        // the tree a mount point of its own, as a machine's root is: 'ip -n' remounts / (make-rslave) and Java's
        // FileStore looks the root up in /proc/self/mounts
        String mounts = String.join(" && ", "mount --bind \"$0\" \"$0\"", "mount -t proc proc \"$0/proc\"",
                "mount --rbind /sys \"$0/sys\"", "mount --rbind /dev \"$0/dev\"",
                "mount -t devpts -o newinstance,ptmxmode=0666 devpts \"$0/dev/pts\"",
                "mount --bind \"$0/dev/pts/ptmx\" \"$0/dev/ptmx\"", "mount -t tmpfs tmpfs \"$0/dev/shm\"",
                "mount -t tmpfs tmpfs \"$0/run\"", "hostname " + HOST,
                // the tree the namespace's root, not a chroot in it: 'nsenter --mount' (the discovery tests' hosts)
                // enters the namespace's root, which would otherwise be the host's
                "cd \"$0\"", "mkdir -p .old-root", "pivot_root . .old-root",
                "exec chroot . sh -c 'umount -l /.old-root && rmdir /.old-root && exec \"$@\"' sh \"$@\"");
        return Commands.concat(List.of("unshare", "--mount", "--uts", "--propagation", "private", "--", "sh", "-c",
                mounts, ROOT.toString()), cmd);
    }

    /**
     * The certificate authorities the host's administrator added (/usr/local/share/ca-certificates), before the JDK
     * and ca-certificates are installed, which take them into the system's and Java's trust stores: a network whose
     * HTTPS passes a proxy of its own needs them on every machine, fresh or not; they are the network's, not the
     * project's.
     */
    static void trustTheNetworksAuthorities() throws IOException {
        Path local = Path.of("/usr/local/share/ca-certificates");
        if (!Files.isDirectory(local)) {
            return;
        }
        Path into = Files.createDirectories(ROOT.resolve("usr/local/share/ca-certificates"));
        try (var s = Files.list(local)) {
            for (Path crt : s.filter(p -> p.toString().endsWith(".crt")).toList()) {
                Files.copy(crt, into.resolve(crt.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The checkout this build runs in: installer/ is one of its folders. */
    static Path repo() {
        return Commands.SRC.getParent().getParent();
    }

    static String readme() throws IOException {
        return Files.readString(repo().resolve("README.md"));
    }
}
