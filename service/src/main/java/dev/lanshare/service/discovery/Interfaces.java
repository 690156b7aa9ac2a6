package dev.lanshare.service.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which local addresses get an mDNS responder: those of interfaces that are up, multicast-capable and neither
 * loopback, point-to-point, nor virtual; IPv4 and global or ULA IPv6 (link-local IPv6 needs a zone and adds
 * nothing on a network that has IPv4).
 */
final class Interfaces {
    /**
     * A comma-separated list of interface names: when set, exactly those interfaces are used, even if their
     * names look like virtual ones. The network-namespace tests need it, since there every host's only link is
     * a veth; an administrator can use it to pin discovery to one network. {@code none} announces nowhere.
     */
    static final String INCLUDE_PROPERTY = "lanshare.discovery.interfaces";
    /** The same, for child processes: the build sets it to {@code none} so unit tests stay off the real network. */
    static final String INCLUDE_VARIABLE = "LANSHARE_DISCOVERY_INTERFACES";

    /** Container bridges, VM networks and tunnels: not the office network. */
    private static final List<String> VIRTUAL_PREFIXES = List.of("docker", "br-", "veth", "virbr", "vboxnet",
            "vmnet", "tun", "tap", "wg", "tailscale", "zt", "utun", "lxc", "lxd", "cni", "flannel", "podman");

    /** @param prefix the network prefix length, for "is that address in our subnet?" */
    record Choice(String interfaceName, InetAddress address, int prefix) {
        String via() {
            return address.getHostAddress();
        }

        boolean contains(InetAddress other) {
            byte[] a = address.getAddress();
            byte[] b = other.getAddress();
            if (a.length != b.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full && i < a.length; i++) {
                if (a[i] != b[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || full >= a.length || (a[full] & mask) == (b[full] & mask);
        }
    }

    private Interfaces() {
    }

    /** The system property, else the environment variable; empty for automatic. */
    static Set<String> configured() {
        String value = System.getProperty(INCLUDE_PROPERTY, System.getenv().getOrDefault(INCLUDE_VARIABLE, ""));
        return Set.of(value.isBlank() ? new String[0] : value.trim().split("\\s*,\\s*"));
    }

    /**
     * The addresses to announce on now, in a stable order.
     *
     * @param bound when not null, the only address that may be announced (the SFTP server listens there only)
     */
    static List<Choice> choose(Set<String> include, InetAddress bound) throws SocketException {
        List<Choice> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!usable(nif, include)) {
                continue;
            }
            for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                InetAddress a = ia.getAddress();
                boolean suitable = a instanceof Inet4Address || a instanceof Inet6Address && !a.isLinkLocalAddress()
                        && !a.isLoopbackAddress() && !a.isMulticastAddress();
                if (suitable && (bound == null || bound.equals(a))) {
                    out.add(new Choice(nif.getName(), a, ia.getNetworkPrefixLength()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Choice::interfaceName).thenComparing(Choice::via));
        return out;
    }

    static boolean usable(NetworkInterface nif, Set<String> include) throws SocketException {
        return whyNot(nif, include) == null;
    }

    /** Why an interface gets no responder, in words for the user; null when it gets one. */
    static String whyNot(NetworkInterface nif, Set<String> include) throws SocketException {
        if (nif.isLoopback()) {
            return "loopback";
        }
        if (!nif.isUp()) {
            return "down";
        }
        if (nif.isPointToPoint()) {
            return "point-to-point (a VPN or dial-up link): not the office network";
        }
        if (!nif.supportsMulticast()) {
            return "multicast is switched off on it (turn it on: sudo ip link set " + nif.getName()
                    + " multicast on)";
        }
        if (!include.isEmpty()) {
            return include.contains(nif.getName()) ? null
                    : "not in the configured list (" + INCLUDE_PROPERTY + " / " + INCLUDE_VARIABLE + ")";
        }
        if (nif.isVirtual() || looksVirtual(nif.getName())) {
            return "virtual (a container bridge, VM network or VPN tunnel, by its name)";
        }
        return null;
    }

    /** Every interface with the reason it is left out (null when it is used), in a stable order. */
    static java.util.Map<String, String> explain(Set<String> include) throws SocketException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            out.put(nif.getName(), whyNot(nif, include));
        }
        return out;
    }

    static boolean looksVirtual(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return VIRTUAL_PREFIXES.stream().anyMatch(n::startsWith);
    }
}
