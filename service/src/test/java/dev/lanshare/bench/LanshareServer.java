package dev.lanshare.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** lanshare's service, started as its own process with one read-write share of the data folder. */
final class LanshareServer implements Server {
    static final String SHARE = "Bench";
    static final String ACCOUNT = "bench";

    private final Process process;
    private final int port;
    private final double startSeconds;

    private LanshareServer(Process process, int port, double startSeconds) {
        this.process = process;
        this.port = port;
        this.startSeconds = startSeconds;
    }

    /** Writes settings that share {@code data} read-write with one account that logs in with {@code clientKey}. */
    static void configure(Path home, Path data, Path clientKeyPub) throws IOException {
        configure(home, data, Files.readString(clientKeyPub).trim(), false);
    }

    /**
     * Writes settings that share {@code data} read-write with guests too (the client comparisons log in as the
     * guest: lanshare's client and OpenSSH's alike, with nothing to type); its one account has a key no one uses.
     */
    static void configureForGuests(Path home, Path data, Path work) throws IOException, InterruptedException {
        Path key = work.resolve("unused_ed25519");
        Keys.generate(key);
        configure(home, data, Files.readString(Path.of(key + ".pub")).trim(), true);
    }

    private static void configure(Path home, Path data, String key, boolean guests) throws IOException {
        Files.createDirectories(home);
        String yaml = String.join("\n", "version: 1", "name: bench", "port: 2222", "chacha20: false",
                "network:", "  allow:", "    - loopback", "shares:", "  - name: " + SHARE,
                "    folder: '" + data.toRealPath() + "'", "    read-only: false", "    access:",
                guests ? "      guests: write\n      accounts: write" : "      accounts: write", "accounts:", "  - name: " + ACCOUNT, "    keys:", "      - " + key, "");
        Files.writeString(home.resolve("settings.yaml"), yaml, StandardCharsets.UTF_8);
    }

    /** Writes settings that share nothing: the copying machine's own service in the client comparisons. */
    static void configureEmpty(Path home) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("settings.yaml"), String.join("\n", "version: 1", "name: client",
                "port: 2222", "network:", "  allow:", "    - loopback", "shares: []", "accounts: []", ""),
                StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code launcher serve} on a free loopback port and waits until it answers SSH.
     *
     * @param launcher the command before {@code serve}: the ./lanshare script, or java with the classpath
     */
    static LanshareServer start(List<String> launcher, Path home, Path log) throws IOException, InterruptedException {
        int port = Server.freePort();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("serve", "--home", home.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the benchmark measures serving files: nothing announced on the machine's network meanwhile
        pb.environment().put("LANSHARE_DISCOVERY_INTERFACES", "none");
        long t0 = System.nanoTime();
        Process process = pb.start();
        try {
            Server.awaitBanner(port, process, log, Duration.ofSeconds(120));
        } catch (IOException | InterruptedException e) {
            Server.stop(process);
            throw e;
        }
        return new LanshareServer(process, port, (System.nanoTime() - t0) / 1e9);
    }

    /** Seconds from starting the process to its first SSH banner. */
    double startSeconds() {
        return startSeconds;
    }

    @Override
    public String name() {
        return "lanshare";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return ACCOUNT;
    }

    @Override
    public String dataPath() {
        return "/" + SHARE;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public double cpuSeconds() {
        return Proc.cpuSeconds(process.pid());
    }

    @Override
    public void close() throws IOException {
        Server.stop(process);
    }
}
