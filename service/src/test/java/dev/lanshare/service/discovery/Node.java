package dev.lanshare.service.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.config.Access;
import dev.lanshare.config.NetworkPolicy;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A lanshare service running on an {@link Office} host (through {@link NsHost}), and its peer list. */
final class Node {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Office.Host host;
    private Process process;
    private int starts;

    Node(Office.Host host) throws Exception {
        this.host = host;
        Path docs = Files.createDirectories(host.home.resolve("Docs"));
        // the test network is 198.18.0.0/15, outside the default policy's private ranges
        Settings s = Settings.empty().withNetwork(new NetworkPolicy(List.of("198.18.0.0/15", "loopback")))
                .withShare(new Share("Docs", docs.toRealPath(), true, Map.of(Share.GUESTS, Access.READ)));
        SettingsFile.save(host.home.resolve("settings.yaml"), s);
    }

    /** Starts the service (not waiting for it). */
    Node start() throws IOException {
        Files.deleteIfExists(host.home.resolve("peers.json"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = host.spawn(host.home.resolve("service-" + (++starts) + ".log"), java, "-Xmx128m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-D" + Interfaces.INCLUDE_PROPERTY + "=eth0",
                "-cp", System.getProperty("java.class.path"), NsHost.class.getName(), host.home.toString());
        return this;
    }

    /** Clean stop (SIGTERM): the service says goodbye. Returns at once; see {@link #awaitExit}. */
    void stop() {
        process.destroy();
    }

    void awaitExit() throws InterruptedException {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError(host.name + " did not stop within 30 s:\n" + log());
        }
    }

    /** SIGSTOP (true) or SIGCONT (false): a machine that hangs, its connections open and silent. */
    void freeze(boolean frozen) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + (frozen ? "-STOP" : "-CONT") + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Waits until the service printed that it runs (Service.start returned); fails after {@code limit}. */
    long awaitReady(Duration limit) throws InterruptedException {
        long ms = waitFor(limit, () -> log().contains("ready port="));
        if (ms < 0) {
            throw new AssertionError(host.name + " did not start within " + limit + ":\n" + log());
        }
        return System.nanoTime();
    }

    /** The wall-clock time (ms) at which the service printed that it runs; call after {@link #awaitReady}. */
    long readyAt() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ready port=\\S+ id=\\S+ at=(\\d+)").matcher(log());
        if (!m.find()) {
            throw new AssertionError(host.name + " printed no start time:\n" + log());
        }
        return Long.parseLong(m.group(1));
    }

    boolean alive() {
        return process.isAlive();
    }

    /** This host's peer list as its service wrote it last; empty until it wrote one. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> peers() {
        try {
            Map<String, Object> doc = JSON.readValue(host.home.resolve("peers.json").toFile(), Map.class);
            return (List<Map<String, Object>>) doc.get("peers");
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The name this service is announced under, as it wrote it last. */
    @SuppressWarnings("unchecked")
    String name() {
        try {
            return String.valueOf(JSON.readValue(host.home.resolve("peers.json").toFile(), Map.class).get("name"));
        } catch (IOException e) {
            return null;
        }
    }

    List<String> peerNames() {
        return peers().stream().map(p -> String.valueOf(p.get("name"))).sorted().toList();
    }

    Map<String, Object> peer(String name) {
        return peers().stream().filter(p -> name.equals(p.get("name"))).findFirst().orElse(null);
    }

    String log() {
        try {
            return Files.readString(host.home.resolve("service-" + starts + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Polls until {@code condition} holds; returns the milliseconds it took, or -1 after {@code limit}. */
    static long waitFor(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    static Predicate<Node> sees(String... names) {
        return n -> n.peerNames().containsAll(List.of(names));
    }
}
