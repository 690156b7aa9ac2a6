package dev.lanshare.service.discovery;

import dev.lanshare.service.control.Protocol.Finding;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The checks behind {@code lanshare doctor}: which interfaces discovery uses and why others are left out,
 * whether mDNS from other machines arrives, whether a named colleague answers and where it is, the firewall
 * rules, and a name conflict. Each finding names its likely cause and what to do. The checks run at once; the
 * whole takes about {@link #LISTEN} (a colleague that does not answer adds up to {@link #CONNECT}).
 */
final class Doctor {
    static final Duration LISTEN = Duration.ofSeconds(3);
    static final Duration CONNECT = Duration.ofSeconds(4);

    /**
     * What the doctor looks at.
     *
     * @param include   the configured interface names (empty: automatic)
     * @param used      the addresses discovery announces on
     * @param peers     the peers on the list now, and those seen before (last known addresses)
     * @param wanted    the name this machine asked for; {@code announced} the one the network accepted
     * @param port      this machine's SFTP port: the one a colleague is tried at unless told another
     */
    record Context(Set<String> include, List<Interfaces.Choice> used, List<Peer> peers, List<Peer> visible,
            String wanted, String announced, int port) {
    }

    private Doctor() {
    }

    /** Runs every check; {@code peer} (a name, device id, or HOST[:PORT]) may be null. */
    static List<Finding> examine(Context c, String peer) {
        CompletableFuture<Finding> traffic = CompletableFuture.supplyAsync(() -> traffic(c));
        CompletableFuture<List<Finding>> colleague = CompletableFuture.supplyAsync(
                () -> peer == null ? List.of() : PeerCheck.check(c, peer));
        List<Finding> out = new ArrayList<>();
        out.add(interfaces(c));
        out.add(traffic.join());
        out.addAll(colleague.join());
        out.addAll(firewall(c.port()));
        out.add(name(c));
        return out;
    }

    static Finding interfaces(Context c) {
        Map<String, String> all;
        try {
            all = Interfaces.explain(c.include());
        } catch (IOException e) {
            return Finding.problem("interfaces", "the network interfaces cannot be listed: " + e.getMessage(),
                    "the system refused to list them", "check that this machine has a network connection");
        }
        String left = all.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
        String leftOut = left.isEmpty() ? "" : "; left out: " + left;
        if (c.used().isEmpty()) {
            return Finding.problem("interfaces", "announcing on no interface" + leftOut,
                    "no interface is up, multicast-capable and on a real network, so nobody can see this machine",
                    "connect to the office network (wired or Wi-Fi); if an interface above is left out wrongly, "
                            + "name it: lanshare serve with -D" + Interfaces.INCLUDE_PROPERTY + "=NAME");
        }
        String used = c.used().stream().map(u -> u.interfaceName() + " " + u.via() + "/" + u.prefix())
                .collect(Collectors.joining(", "));
        return Finding.ok("interfaces", "announcing on " + used + leftOut);
    }

    static Finding traffic(Context c) {
        if (c.used().isEmpty()) {
            return Finding.warning("mdns-traffic", "not listened for: no interface to listen on", "", "");
        }
        MdnsListen.Heard heard;
        try {
            heard = MdnsListen.listen(c.used(), LISTEN);
        } catch (IOException e) {
            return Finding.problem("mdns-traffic", "cannot listen on UDP 5353: " + e.getMessage(),
                    "another program holds the mDNS port without sharing it", "stop that program, or restart it");
        }
        if (heard.packets() == 0) {
            return Finding.problem("mdns-traffic", "no mDNS traffic from other machines reached this one on UDP "
                    + "5353 within " + LISTEN.toSeconds() + " s, though it asked",
                    "a firewall may be dropping mDNS, the network may keep its machines apart (Wi-Fi client "
                            + "isolation, a guest network), or no other machine with mDNS is on this network",
                    "allow mDNS in the firewall (Ubuntu: sudo ufw allow 5353/udp; firewalld: sudo firewall-cmd "
                            + "--add-service=mdns --permanent), and on Wi-Fi turn client isolation off or use the "
                            + "wired network");
        }
        return Finding.ok("mdns-traffic", heard.packets() + " mDNS packets from " + heard.from().size()
                + " other machines in " + LISTEN.toSeconds() + " s (" + String.join(", ", heard.from()) + ")");
    }

    static List<Finding> firewall(int port) {
        Firewall.Rules r = Firewall.read(port);
        List<Finding> out = new ArrayList<>();
        if (!r.dropMdns().isEmpty()) {
            out.add(Finding.problem("firewall", "the firewall drops mDNS: " + String.join(" | ", r.dropMdns()),
                    "with UDP 5353 dropped, this machine neither hears colleagues nor is heard",
                    "remove the rule, or allow mDNS (Ubuntu: sudo ufw allow 5353/udp)"));
        }
        if (!r.dropPort().isEmpty()) {
            out.add(Finding.problem("firewall", "the firewall drops the SFTP port " + port + ": "
                    + String.join(" | ", r.dropPort()), "colleagues see this machine but cannot open its shares",
                    "remove the rule, or allow the port (Ubuntu: sudo ufw allow " + port + "/tcp)"));
        }
        if (!r.dropAll().isEmpty() && out.isEmpty()) {
            out.add(Finding.warning("firewall", "incoming traffic is dropped unless a rule accepts it: "
                    + String.join(" | ", r.dropAll()), "then UDP 5353 and TCP " + port + " need accepting rules",
                    "make sure the firewall accepts UDP 5353 and TCP " + port));
        }
        if (out.isEmpty()) {
            String how = r.read().isEmpty() ? "could not be read (" + String.join(", ", r.unreadable())
                    + "); run lanshare doctor as root to check them" : "read with " + String.join(", ", r.read())
                    + ": none drops UDP 5353 or TCP " + port;
            out.add(Finding.ok("firewall", "firewall rules " + how));
        }
        return out;
    }

    static Finding name(Context c) {
        if (c.announced() != null && !c.announced().equals(c.wanted())) {
            return Finding.warning("name", "another machine on the network is also called '" + c.wanted()
                    + "': this one is announced as '" + c.announced() + "'",
                    "two machines asked for the same name; the one that came second was renamed",
                    "give one of them another name (tray: Settings; or 'name:' in the settings file)");
        }
        return Finding.ok("name", "announced as '" + c.wanted() + "', a name no other machine here claims");
    }

    /** Connects to one address; null when it answered, else why not, in words. */
    static String connect(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), (int) CONNECT.toMillis());
            return null;
        } catch (NoRouteToHostException e) {
            return "no route";
        } catch (ConnectException e) {
            return "refused";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
