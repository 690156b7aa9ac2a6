package dev.lanshare.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Running the system's tools from the installer's tests: output and exit status, within a time limit. */
final class Commands {
    private Commands() {
    }

    static final Path TARGET = Path.of(System.getProperty("lanshare.target", "target")).toAbsolutePath();
    static final Path SRC = Path.of(System.getProperty("lanshare.src", "src")).toAbsolutePath();
    static final String VERSION = System.getProperty("lanshare.version", "0.1.0-SNAPSHOT");

    /** What a command printed (standard output and error, interleaved) and how it ended. */
    record Result(int exit, String out) {
        Result ok(String what) {
            assertEquals(0, exit, what + " failed:\n" + out);
            return this;
        }
    }

    static Result run(String... cmd) {
        return run(List.of(cmd), Duration.ofMinutes(2), null);
    }

    static Result run(List<String> cmd) {
        return run(cmd, Duration.ofMinutes(2), null);
    }

    /** Runs cmd with standard input from /dev/null; env, if given, replaces the environment. */
    static Result run(List<String> cmd, Duration timeout, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(resolved(cmd)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        try {
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("still running after " + timeout + ": " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), out.get(30, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e, e);
        }
    }

    static boolean installed(String tool) {
        return which(tool) != null;
    }

    /** Fails the test, naming the Debian package that has the tool, when it is not installed (./test installs it). */
    static void require(String tool, String pkg) {
        assertTrue(installed(tool), tool + " is not installed: install the Debian package " + pkg
                + " (./test installs what the tests need)");
    }

    /** Fails the test, saying what needs root and how to give it, unless this JVM runs as root. */
    static void requireRoot(String what) {
        assertEquals("root", System.getProperty("user.name"), what + ": needs root; run ./test as root (sudo ./test)");
    }

    /** The tool's absolute path, from the PATH or the sbin folders (the build's PATH may lack them), or null. */
    static String which(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"), new String[] {"/usr/sbin",
                "/sbin"}).flatMap(Arrays::stream).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                .map(Path::toString).findFirst().orElse(null);
    }

    /** cmd with its program as an absolute path when it is found (ProcessBuilder searches only the build's PATH). */
    static List<String> resolved(List<String> cmd) {
        String program = cmd.get(0);
        String path = program.contains("/") ? null : which(program);
        if (path == null) {
            return cmd;
        }
        List<String> out = new ArrayList<>(cmd);
        out.set(0, path);
        return out;
    }

    static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The package the build made (lanshare_VERSION_amd64.deb, or the .rpm) in dir. */
    static Path findPackage(Path dir, String suffix) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lanshare")
                    && p.toString().endsWith(suffix)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path deb() {
        Path deb = findPackage(TARGET, ".deb");
        assertTrue(deb != null, "the build made no .deb in " + TARGET);
        return deb;
    }

    /** Bytes in the regular files under dir. */
    static long du(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }
}
