package dev.lanshare.service;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The system programs the tests drive: found, or the test fails naming the Debian package that has it. Never a
 * skip, and never a bare "Cannot run program": {@code ./test} installs these packages (.ci/packages).
 */
public final class Tools {
    /** Each program a test starts by name, and the Debian package it comes in (all of them in .ci/packages). */
    private static final Map<String, String> PACKAGES = Map.ofEntries(Map.entry("sftp", "openssh-client"),
            Map.entry("ssh", "openssh-client"), Map.entry("ssh-keygen", "openssh-client"),
            Map.entry("sshd", "openssh-server"), Map.entry("ip", "iproute2"), Map.entry("nsenter", "util-linux"),
            Map.entry("unshare", "util-linux"), Map.entry("runuser", "util-linux"), Map.entry("mount", "mount"),
            Map.entry("umount", "mount"), Map.entry("avahi-daemon", "avahi-daemon"),
            Map.entry("avahi-browse", "avahi-utils"), Map.entry("avahi-resolve", "avahi-utils"),
            Map.entry("avahi-publish", "avahi-utils"), Map.entry("dbus-daemon", "dbus"), Map.entry("dbus-send", "dbus"),
            Map.entry("gio", "libglib2.0-bin"), Map.entry("nft", "nftables"), Map.entry("sshpass", "sshpass"),
            Map.entry("python3", "python3"), Map.entry("sync", "coreutils"), Map.entry("getconf", "libc-bin"),
            Map.entry("bridge", "iproute2"), Map.entry("setpriv", "util-linux"), Map.entry("stdbuf", "coreutils"),
            Map.entry("litmus", "litmus"), Map.entry("rclone", "rclone"), Map.entry("cadaver", "cadaver"),
            Map.entry("curl", "curl"), Map.entry("mount.davfs", "davfs2"), Map.entry("updatedb", "plocate"),
            Map.entry("plocate", "plocate"));

    private Tools() {
    }

    /** The program's absolute path; fails the test, naming its Debian package, when it is not installed. */
    public static String require(String program) {
        String pkg = PACKAGES.get(program);
        if (pkg == null) {
            throw new IllegalArgumentException("Tools does not know " + program + "'s Debian package: add it");
        }
        return require(program, pkg);
    }

    /** The program's absolute path, from the PATH or the sbin folders; fails the test naming pkg when missing. */
    public static String require(String program, String pkg) {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)),
                Stream.of("/usr/sbin", "/sbin")).map(d -> Path.of(d, program)).filter(Files::isExecutable)
                .map(Path::toString).findFirst().orElseThrow(() -> new AssertionError(program
                        + " is not installed: install the Debian package " + pkg + " (./test installs what the tests"
                        + " need)"));
    }

    /** cmd with its program checked and made absolute (a program of the sbin folders is found too). */
    public static List<String> checked(List<String> cmd) {
        if (cmd.get(0).contains("/")) {
            return cmd;
        }
        List<String> out = new ArrayList<>(cmd);
        out.set(0, require(cmd.get(0)));
        return out;
    }

    /** Fails the test, saying what needs root and how to give it, unless this JVM runs as root. */
    public static void requireRoot(String what) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError(what + ": needs root; run ./test as root (sudo ./test)");
        }
    }

    /** Fails the test naming pkg unless python3 can import module (paramiko, asyncssh). */
    public static void requirePythonModule(String module, String pkg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(require("python3"), "-c", "import " + module).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python3 cannot import " + module + ": install the Debian package " + pkg
                    + " (./test installs what the tests need)\n" + out);
        }
    }
}
