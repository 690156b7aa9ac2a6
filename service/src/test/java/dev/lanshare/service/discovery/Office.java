package dev.lanshare.service.discovery;

import dev.lanshare.service.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A small office made of network namespaces: hosts on one bridge with addresses in 198.18.0.0/24 (the
 * benchmarking range, RFC 2544), optionally a second subnet behind a router ({@link #router}), each with its own host name and its own /run. Every host is held open by a
 * sleeping process; commands run inside it through nsenter. Names are unique per office, and {@link #close}
 * removes everything, also after a failure. Needs root. Traffic stays inside these namespaces.
 */
final class Office implements AutoCloseable {
    static final String SUBNET = "198.18.0.0/24";
    private final String prefix = "ls" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    private final List<Host> hosts = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private boolean bridge;
    private boolean router;
    private boolean bridges1;

    /** One machine of the office. */
    final class Host {
        final String name;
        final String netns;
        final String address;
        final Path home;
        /** This host's end of its link on the bridge (eth0 is the other end, inside the host). */
        String veth;
        /** The namespace of the bridge it is plugged into. */
        String bridgeNs;
        private Process holder;

        Host(String name, int index, int subnet, Path home) {
            this.name = name;
            this.netns = prefix + "-" + name;
            this.address = "198.18." + subnet + "." + (10 + index);
            this.home = home;
        }

        /** Starts {@code command} inside this host; it is stopped when the office closes. */
        Process spawn(Path log, String... command) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(enter(command)).redirectErrorStream(true);
            pb.redirectOutput(log.toFile());
            return track(pb.start());
        }

        /** Runs {@code command} inside this host and returns what it printed; fails on a non-zero exit. */
        String run(String... command) throws IOException, InterruptedException {
            return Office.run(30, enter(command));
        }

        /** Like {@link #run} but returns the output whatever the exit code, prefixed with it. */
        String attempt(int seconds, String... command) throws IOException, InterruptedException {
            return Office.attempt(seconds, enter(command));
        }

        String[] enter(String... command) {
            List<String> all = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid()), "-n", "-m",
                    "-u", "--"));
            all.addAll(List.of(command));
            return all.toArray(String[]::new);
        }

        void linkDown() throws IOException, InterruptedException {
            Office.run(10, "ip", "-n", netns, "link", "set", "eth0", "down");
        }

        void linkUp() throws IOException, InterruptedException {
            Office.run(10, "ip", "-n", netns, "link", "set", "eth0", "up");
        }
    }

    /** Fails the test, saying why, unless this process may build namespaces (root, ip, nsenter, unshare). */
    static void require() {
        Tools.requireRoot("the network-namespace tests (ip netns, unshare)");
        for (String program : List.of("ip", "nsenter", "unshare")) {
            Tools.require(program);
        }
    }

    Host add(String name, Path home) throws IOException, InterruptedException {
        return add(name, home, false);
    }

    /**
     * @param privateUserHome mount an empty folder over the user's home inside the host: for hosts that run
     *                        ssh (gvfs does), so that its known_hosts is not the real one. No Java runs there: the
     *                        home holds the Maven repository.
     */
    Host add(String name, Path home, boolean privateUserHome) throws IOException, InterruptedException {
        return add(name, home, privateUserHome, 0);
    }

    /**
     * A second subnet, 198.18.1.0/24 on a bridge of its own, joined to the first (198.18.0.0/24) by a router
     * namespace that forwards unicast and, like any router without a multicast routing daemon, not multicast: mDNS
     * stays on each side. Call before adding hosts; each host then routes the other subnet through it (.1).
     */
    void router() throws IOException, InterruptedException {
        bridge(0);
        bridge(1);
        String rt = prefix + "-rt";
        run(10, "ip", "netns", "add", rt);
        router = true;
        for (int subnet = 0; subnet < 2; subnet++) {
            String leg = prefix + "r" + subnet;
            run(10, "ip", "-n", bridgeNs(subnet), "link", "add", leg, "type", "veth", "peer", "name", "eth" + subnet,
                    "netns", rt);
            run(10, "ip", "-n", bridgeNs(subnet), "link", "set", leg, "master", "br0", "up");
            run(10, "ip", "-n", rt, "addr", "add", "198.18." + subnet + ".1/24", "dev", "eth" + subnet);
            run(10, "ip", "-n", rt, "link", "set", "eth" + subnet, "up");
        }
        run(10, "ip", "netns", "exec", rt, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    }

    /** Adds a host on {@code subnet} (0, or 1 after {@link #router}). */
    Host add(String name, Path home, boolean privateUserHome, int subnet) throws IOException, InterruptedException {
        if (subnet != 0 && !router) {
            throw new IllegalStateException("subnet " + subnet + " needs router() first");
        }
        bridge(subnet);
        Host h = new Host(name, hosts.size() + 1, subnet, home);
        hosts.add(h);
        String veth = prefix + "v" + hosts.size();
        h.veth = veth;
        h.bridgeNs = bridgeNs(subnet);
        run(10, "ip", "netns", "add", h.netns);
        run(10, "ip", "-n", h.bridgeNs, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns",
                h.netns);
        run(10, "ip", "-n", h.bridgeNs, "link", "set", veth, "master", "br0", "up");
        run(10, "ip", "-n", h.netns, "addr", "add", h.address + "/24", "dev", "eth0");
        run(10, "ip", "-n", h.netns, "link", "set", "eth0", "up");
        run(10, "ip", "-n", h.netns, "link", "set", "lo", "up");
        if (router) {
            run(10, "ip", "-n", h.netns, "route", "add", "198.18.0.0/15", "via", "198.18." + subnet + ".1");
        }
        Path user = Files.createDirectories(home.resolve("user-home"));
        // own host name (UTS), own /run (for a private D-Bus and Avahi) and own user home (ssh, run by gvfs,
        // writes known_hosts there, not in the real one), held by a sleeping process
        ProcessBuilder pb = new ProcessBuilder(Tools.require("ip"), "netns", "exec", h.netns, "unshare", "--uts", "--mount",
                "--propagation", "private", "--", "sh", "-c", "echo " + name + " > /proc/sys/kernel/hostname"
                + " && mount -t tmpfs tmpfs /run && mkdir -p /run/dbus /run/avahi-daemon"
                + (privateUserHome ? " && mount --bind '" + user + "' '" + System.getProperty("user.home") + "'" : "")
                + " && echo ready && exec sleep 100000");
        h.holder = track(pb.redirectErrorStream(true).start());
        String line = new BufferedReader(new InputStreamReader(h.holder.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (!"ready".equals(line)) {
            throw new IOException("host " + name + " did not start: " + line);
        }
        return h;
    }

    /** Wi-Fi client isolation: isolated bridge ports do not talk to each other (others still reach them). */
    void isolate(Host h, boolean on) throws IOException, InterruptedException {
        run(10, "bridge", "-n", h.bridgeNs, "link", "set", "dev", h.veth, "isolated", on ? "on" : "off");
    }

    private String bridgeNs(int subnet) {
        return prefix + "-br" + (subnet == 0 ? "" : Integer.toString(subnet));
    }

    /** Makes the bridge of {@code subnet} the first time it is needed. */
    private void bridge(int subnet) throws IOException, InterruptedException {
        String ns = bridgeNs(subnet);
        if (subnet == 0 ? bridge : bridges1) {
            return;
        }
        run(10, "ip", "netns", "add", ns);
        if (subnet == 0) {
            bridge = true;
        } else {
            bridges1 = true;
        }
        run(10, "ip", "-n", ns, "link", "add", "br0", "type", "bridge");
        run(10, "ip", "-n", ns, "link", "set", "br0", "up");
    }

    List<Host> hosts() {
        return hosts;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).descendants().forEach(ProcessHandle::destroyForcibly);
            processes.get(i).destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Host h : hosts) {
            quietly("ip", "netns", "del", h.netns);
        }
        if (bridge) {
            quietly("ip", "netns", "del", prefix + "-br");
        }
        if (bridges1) {
            quietly("ip", "netns", "del", prefix + "-br1");
        }
        if (router) {
            quietly("ip", "netns", "del", prefix + "-rt");
        }
    }

    private synchronized Process track(Process p) {
        processes.add(p);
        return p;
    }

    private static void quietly(String... command) {
        try {
            attempt(10, command);
        } catch (IOException | InterruptedException e) {
            // best effort: the namespace is gone with its last process anyway
        }
    }

    static String run(int seconds, String... command) throws IOException, InterruptedException {
        String out = attempt(seconds, command);
        if (!out.startsWith("0\n")) {
            throw new IOException(String.join(" ", command) + " failed: exit " + out);
        }
        return out.substring(2);
    }

    /** Exit code, a newline, then stdout and stderr together. */
    static String attempt(int seconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Tools.checked(List.of(command))).redirectErrorStream(true).start();
        p.getOutputStream().close();
        java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return e.toString();
                    }
                });
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return "timeout\n" + out.getNow("");
        }
        return p.exitValue() + "\n" + out.join();
    }
}
