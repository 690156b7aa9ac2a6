package dev.lanshare.tray;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The system programs the tray's tests drive: found, or the test fails naming the Debian package that has it.
 * Never a skip: {@code ./test} installs these packages (.ci/packages).
 */
public final class Tools {
    private Tools() {
    }

    /** The program's absolute path, from the PATH or the sbin folders; fails the test naming pkg when missing. */
    public static String require(String program, String pkg) {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)),
                Stream.of("/usr/sbin", "/sbin")).map(d -> Path.of(d, program)).filter(Files::isExecutable)
                .map(Path::toString).findFirst().orElseThrow(() -> new AssertionError(program
                        + " is not installed: install the Debian package " + pkg + " (./test installs what the tests"
                        + " need)"));
    }

    /** Fails the test, saying what needs root and how to give it, unless this JVM runs as root. */
    public static void requireRoot(String what) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError(what + ": needs root; run ./test as root (sudo ./test)");
        }
    }
}
