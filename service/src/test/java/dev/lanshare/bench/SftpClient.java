package dev.lanshare.bench;

import dev.lanshare.service.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenSSH's {@code sftp} in batch mode, with its default algorithms and buffer sizes: the config file only names
 * the key and the known-hosts file, so both servers are driven exactly as a user's client would drive them.
 */
final class SftpClient {
    record Result(long nanos, List<String> output) {
        double seconds() {
            return nanos / 1e9;
        }
    }

    private final Path config;
    private final Path scratch;
    private final Duration timeout;
    private final AtomicInteger batches = new AtomicInteger();

    private SftpClient(Path config, Path scratch, Duration timeout) {
        this.config = config;
        this.scratch = scratch;
        this.timeout = timeout;
    }

    static SftpClient create(Path dir, Path identity, Duration timeout) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("ssh_config");
        Files.write(config, List.of("Host *", "  IdentityFile " + identity, "  IdentitiesOnly yes",
                "  UserKnownHostsFile " + dir.resolve("known_hosts"), "  StrictHostKeyChecking accept-new",
                "  BatchMode yes", "  LogLevel ERROR"));
        return new SftpClient(config, dir, timeout);
    }

    /** Runs {@code commands} in one session; fails when sftp fails or takes longer than the time limit. */
    Result run(Server server, String... commands) throws IOException, InterruptedException {
        Path out = scratch.resolve("out-" + batches.incrementAndGet() + ".txt");
        long t0 = System.nanoTime();
        Process p = start(server, out, commands);
        await(server, p, out);
        long nanos = System.nanoTime() - t0;
        List<String> lines = Files.readAllLines(out);
        Files.delete(out);
        return new Result(nanos, lines);
    }

    /** Starts a session running {@code commands}, its output going to {@code out}; see {@link #await}. */
    Process start(Server server, Path out, String... commands) throws IOException {
        Path batch = scratch.resolve("batch-" + batches.incrementAndGet() + ".txt");
        Files.write(batch, List.of(commands));
        return new ProcessBuilder(Tools.require("sftp"), "-F", config.toString(), "-b", batch.toString(), "-P",
                Integer.toString(server.port()), server.user() + "@127.0.0.1").redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
    }

    void await(Server server, Process p, Path out) throws IOException, InterruptedException {
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("sftp to " + server.name() + " took longer than " + timeout + ":\n"
                    + Server.tail(out));
        }
        if (p.exitValue() != 0) {
            throw new IOException("sftp to " + server.name() + " failed with " + p.exitValue() + ":\n"
                    + Server.tail(out));
        }
    }

    /** The cipher and MAC the client picks against {@code server}, as {@code ssh -v} reports them. */
    String negotiated(Server server) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Tools.require("ssh"), "-F", config.toString(), "-v", "-p", Integer.toString(server.port()),
                "-s", server.user() + "@127.0.0.1", "sftp").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String log = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return log.lines().filter(l -> l.contains("kex: server->client cipher:"))
                .map(l -> l.substring(l.indexOf("cipher:") + 7).replace(" compression: none", "").trim())
                .findFirst().orElse("unknown");
    }

    /** Quotes a path for an sftp batch file. */
    static String q(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
