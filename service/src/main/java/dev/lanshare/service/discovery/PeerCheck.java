package dev.lanshare.service.discovery;

import dev.lanshare.service.control.Protocol.Finding;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The doctor's look at one colleague: where it was last seen (or the address the user gave), whether it answers
 * at its SFTP port there, on which of our subnets that is, and what follows from the combination ("answers over
 * TCP but is not heard over mDNS" means multicast does not get through between the two).
 */
final class PeerCheck {
    private PeerCheck() {
    }

    /** A place to try: the addresses, the port, and the peer when it is one we know. */
    private record Target(String label, List<InetAddress> addresses, int port, Peer known) {
    }

    static List<Finding> check(Doctor.Context c, String query) {
        Target t;
        try {
            t = target(c, query);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return List.of(Finding.problem("peer", "'" + query + "' is no colleague seen here and no address: "
                    + e.getMessage(), "the name is not on the list and does not resolve",
                    "check the spelling against lanshare peers, or give its address (HOST or HOST:PORT)"));
        }
        List<Finding> out = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (InetAddress a : t.addresses()) {
            String why = Doctor.connect(a, t.port());
            (why == null ? answered : failed).add(a.getHostAddress() + ":" + t.port() + (why == null ? ""
                    : " (" + why + ")"));
        }
        boolean heard = t.known() != null && c.visible().stream()
                .anyMatch(p -> p.deviceId().equals(t.known().deviceId()));
        String where = t.addresses().stream().map(a -> a.getHostAddress() + " " + subnet(c, a))
                .collect(Collectors.joining("; "));
        out.add(answered.isEmpty() ? unreachable(t, failed, where) : reachable(c, t, answered, heard, where));
        return out;
    }

    private static Finding unreachable(Target t, List<String> failed, String where) {
        String found = t.label() + " does not answer at " + String.join(", ", failed) + "; " + where;
        String all = String.join(" ", failed);
        if (all.contains("no route")) {
            return Finding.problem("peer", found, "this machine cannot reach it at all on the network: on Wi-Fi "
                    + "this is client isolation ('AP isolation', a guest network), else it is off or unplugged",
                    "turn client isolation off on the access point, or connect both machines to the wired network");
        }
        if (all.contains("refused")) {
            return Finding.problem("peer", found, "the machine is there but nothing listens on that port: "
                    + "lanshare is not running on it, or it uses another port",
                    "start lanshare there (lanshare serve), or give the port: lanshare doctor HOST:PORT");
        }
        return Finding.problem("peer", found, "no answer at all: a firewall on that machine (or between) drops "
                + "connections to port " + t.port() + ", or the machine is off",
                "on that machine allow the port (Ubuntu: sudo ufw allow " + t.port() + "/tcp) and check it is on");
    }

    private static Finding reachable(Doctor.Context c, Target t, List<String> answered, boolean heard,
            String where) {
        String found = t.label() + " answers at " + String.join(", ", answered) + "; " + where;
        if (heard) {
            String how = c.visible().stream().filter(p -> p.deviceId().equals(t.known().deviceId())).findFirst()
                    .map(Peer::source).orElse(Peer.MDNS);
            return Finding.ok("peer", found + "; it is on the list" + (how.equals(Peer.MDNS) ? ""
                    : how.equals(Peer.MANUAL) ? " (added by hand)" : how.equals(Peer.DNS_SD)
                    ? " (found in the office DNS domain)" : " (introduced by another machine)"));
        }
        boolean ours = t.addresses().stream().anyMatch(a -> c.used().stream().anyMatch(u -> u.contains(a)));
        if (!ours) {
            String address = answered.get(0).replaceAll(" .*", "");
            return Finding.problem("peer", found + "; its announcements do not arrive here",
                    "it is on another subnet: mDNS does not cross routers",
                    "add it with lanshare peers add " + address + " (the machines it knows come with it), or have"
                            + " the network administrator run an mDNS reflector");
        }
        return Finding.problem("peer", found + ", in our subnet, yet its announcements do not arrive here",
                "multicast is blocked between the two machines: a firewall dropping UDP 5353 on one of them, "
                        + "Wi-Fi client isolation, or a switch filtering multicast",
                "allow UDP 5353 on both machines (Ubuntu: sudo ufw allow 5353/udp); run lanshare doctor there too");
    }

    /** "(in our subnet 198.18.0.11/24 on eth0)" or "(not in any of our subnets: ...)". */
    static String subnet(Doctor.Context c, InetAddress a) {
        Optional<Interfaces.Choice> in = c.used().stream().filter(u -> u.contains(a)).findFirst();
        if (in.isPresent()) {
            return "(in our subnet " + in.get().via() + "/" + in.get().prefix() + " on " + in.get().interfaceName()
                    + ")";
        }
        return "(not in any of our subnets: " + c.used().stream().map(u -> u.via() + "/" + u.prefix())
                .collect(Collectors.joining(", ")) + "; a router lies between)";
    }

    private static Target target(Doctor.Context c, String query) throws UnknownHostException {
        String q = query.strip();
        for (Peer p : c.peers()) {
            if (p.name().equalsIgnoreCase(q) || p.deviceId().startsWith(q.toLowerCase(Locale.ROOT)) && q.length() >= 8
                    || p.host().equalsIgnoreCase(q) || p.host().equalsIgnoreCase(q + ".local")) {
                return new Target("'" + p.name() + "'", p.addresses(), p.port(), p);
            }
        }
        String host = q;
        int port = c.port();
        int colon = q.lastIndexOf(':');
        if (colon > 0 && q.indexOf(':') == colon) { // HOST:PORT; a bare IPv6 address has several colons
            host = q.substring(0, colon);
            port = Integer.parseInt(q.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range");
            }
        }
        List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
        Peer known = c.peers().stream().filter(p -> p.addresses().stream().anyMatch(addresses::contains))
                .findFirst().orElse(null);
        return new Target(q, addresses, port, known);
    }
}
