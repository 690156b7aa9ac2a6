package dev.lanshare.tray;

import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.NetworkPolicy;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.service.control.ControlClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two machines on a cable of their own: two network namespaces joined by a veth pair, addresses in 198.18.1.0/24
 * (the benchmarking range), each running a real {@code lanshare serve} announcing on its end of the cable only,
 * with its own host name. Their control sockets are files, so the test (in the machine's own namespace) talks to
 * both. Multicast stays on the cable. Needs root; {@link #close} removes everything, also after a failure.
 */
public final class TwoMachines implements AutoCloseable {
    /** One of the two. */
    public final class Machine {
        final String netns;
        final String link;
        final String address;
        final String hostName;
        final AppDirs dirs;
        Process service;

        Machine(String netns, String link, String address, String hostName, Path home) {
            this.netns = netns;
            this.link = link;
            this.address = address;
            this.hostName = hostName;
            this.dirs = AppDirs.under(home);
        }

        public AppDirs dirs() {
            return dirs;
        }

        /** The name it announces (from the settings), as colleagues see it. */
        public String name() throws Exception {
            return LiveService.await(hostName + "'s status", this::status, s -> !s.isEmpty());
        }

        private String status() {
            try (ControlClient c = ControlClient.connect(dirs).orElse(null)) {
                return c == null ? "" : c.request("status", java.util.Map.of()).path("name").asText("");
            } catch (Exception e) {
                return "";
            }
        }

        /** The names in this machine's peer list, from its control channel. */
        public List<String> peerNames() throws Exception {
            try (ControlClient c = ControlClient.connect(dirs).orElseThrow(() -> new IOException("not running"))) {
                List<String> names = new ArrayList<>();
                c.request("peers.list", java.util.Map.of()).forEach(p -> names.add(p.path("name").asText()));
                return names;
            }
        }
    }

    private final String prefix = "lst" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    private final List<Machine> machines = new ArrayList<>();
    private final Path root;

    private TwoMachines(Path root) {
        this.root = root;
    }

    /** Fails the calling test, saying why, where namespaces cannot be made (not root, no ip or unshare). */
    public static TwoMachines create(Path root) throws Exception {
        Tools.requireRoot("the namespace test (ip netns)");
        Tools.require("ip", "iproute2");
        Tools.require("unshare", "util-linux");
        TwoMachines m = new TwoMachines(root);
        try {
            m.cable();
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void cable() throws Exception {
        Machine a = new Machine(prefix + "-a", "eth0", "198.18.1.1", prefix + "a", root.resolve("a"));
        Machine b = new Machine(prefix + "-b", "eth0", "198.18.1.2", prefix + "b", root.resolve("b"));
        machines.add(a);
        machines.add(b);
        run("ip", "netns", "add", a.netns);
        run("ip", "netns", "add", b.netns);
        run("ip", "-n", a.netns, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", b.netns);
        for (Machine m : machines) {
            run("ip", "-n", m.netns, "addr", "add", m.address + "/24", "dev", m.link);
            run("ip", "-n", m.netns, "link", "set", m.link, "up");
            run("ip", "-n", m.netns, "link", "set", "lo", "up");
        }
    }

    public Machine first() {
        return machines.get(0);
    }

    public Machine second() {
        return machines.get(1);
    }

    /** Writes {@code m}'s settings (one account, nothing shared, the cable's addresses allowed) and starts it. */
    public Machine start(Machine m, String name) throws Exception {
        Settings s = Settings.empty().withName(name)
                .withNetwork(new NetworkPolicy(List.of("198.18.0.0/15", "loopback")))
                .withAccount(new Account("ann", Optional.empty(), List.of()));
        SettingsFile.save(m.dirs.settingsFile(), s);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // its own UTS namespace: two JmDNS responders claiming one host name would fight over it
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", m.netns, "unshare", "--uts", "--", "sh", "-c",
                "echo \"$0\" > /proc/sys/kernel/hostname && exec \"$@\"", m.hostName, java, "-Xmx128m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.lanshare.service.cli.Main", "serve", "--home", m.dirs.config().toString(), "--port", "0");
        pb.environment().put("LANSHARE_DISCOVERY_INTERFACES", m.link);
        pb.redirectErrorStream(true).redirectOutput(root.resolve(m.hostName + ".log").toFile());
        m.service = pb.start();
        LiveService.await(name + " answering on its control socket", () -> ControlClient.connect(m.dirs).map(c -> {
            try {
                c.close();
            } catch (IOException e) {
                // only probing
            }
            return true;
        }).orElse(!m.service.isAlive() ? null : false), v -> v == null || v);
        if (!m.service.isAlive()) {
            throw new AssertionError(name + " stopped:\n" + log(m));
        }
        return m;
    }

    public String log(Machine m) {
        try {
            return java.nio.file.Files.readString(root.resolve(m.hostName + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        for (Machine m : machines) {
            if (m.service != null) {
                m.service.destroy(); // SIGTERM: a clean stop
            }
        }
        for (Machine m : machines) {
            try {
                if (m.service != null && !m.service.waitFor(20, TimeUnit.SECONDS)) {
                    m.service.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            quietly("ip", "netns", "del", m.netns);
        }
    }

    private static void quietly(String... command) {
        try {
            run(command);
        } catch (IOException | InterruptedException e) {
            // the namespace goes with its last process anyway
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
