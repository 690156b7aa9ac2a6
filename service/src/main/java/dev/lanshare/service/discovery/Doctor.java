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
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The checks behind {@code lanshare doctor}: which interfaces discovery uses and why others are left out,
 * whether mDNS from other machines arrives, whether the colleagues in our subnets hear this machine (asked over
 * SSH), whether a named colleague answers and where it is, the firewall rules, and a name conflict. Each finding names its likely cause and what to do. The checks run at once; the
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
            String wanted, String announced, int port, String ownId, Asker asker) {
    }

    /** Asks a colleague over SSH (its host key checked) for its introduction: whom it knows, whom it hears. */
    @FunctionalInterface
    interface Asker {
        Introduction ask(Peer colleague, InetAddress at) throws IOException;
    }

    /** Colleagues asked at most whether they hear this machine (those in our subnets, in parallel). */
    static final int MAX_ASKED = 8;
    static final Duration ASK_AGAIN = Duration.ofSeconds(2);

    private Doctor() {
    }

    /** Runs every check; {@code peer} (a name, device id, or HOST[:PORT]) may be null. */
    static List<Finding> examine(Context c, String peer) {
        // its own threads: the common pool has one thread on a 2-core machine, and these checks wait on the network
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lanshare-doctor");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<Finding> traffic = CompletableFuture.supplyAsync(() -> traffic(c), pool);
            CompletableFuture<List<Finding>> heard = CompletableFuture.supplyAsync(() -> heardBy(c, pool), pool);
            CompletableFuture<List<Finding>> colleague = CompletableFuture.supplyAsync(
                    () -> peer == null ? List.of() : PeerCheck.check(c, peer), pool);
            List<Finding> out = new ArrayList<>();
            out.add(interfaces(c));
            out.add(traffic.join());
            out.addAll(heard.join());
            out.addAll(colleague.join());
            out.addAll(firewall(c.port()));
            out.add(name(c));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether the colleagues in our subnets hear this machine's announcements, asked over SSH: one that answers
     * there but does not hear us over mDNS means multicast does not get from here to it, which only the other
     * side can tell. Nothing when the service does not run (nothing is announced) or nobody is in our subnets.
     */
    static List<Finding> heardBy(Context c, ExecutorService pool) {
        if (c.asker() == null) {
            return List.of();
        }
        Map<Peer, InetAddress> near = new java.util.LinkedHashMap<>();
        List<String> noGuests = new ArrayList<>();
        for (Peer p : c.visible()) {
            Optional<InetAddress> at = p.addresses().stream()
                    .filter(a -> c.used().stream().anyMatch(u -> u.contains(a))).findFirst();
            if (at.isPresent() && !p.guests()) {
                // machines ask each other as the guest, and it lets none in: asking would only fail to log in
                noGuests.add("'" + p.name() + "' (" + at.get().getHostAddress() + ")");
            } else {
                at.filter(a -> near.size() < MAX_ASKED).ifPresent(a -> near.put(p, a));
            }
        }
        List<Finding> notAsked = noGuests.isEmpty() ? List.of() : List.of(Finding.ok("heard-by", String.join(", ",
                noGuests) + (noGuests.size() == 1 ? " lets" : " let") + " no guests in (nothing shared with guests), "
                + "so whether it hears this machine cannot be asked; if it does not see this machine, run lanshare "
                + "doctor there"));
        if (near.isEmpty()) {
            return notAsked;
        }
        Map<Peer, CompletableFuture<Object>> asked = new java.util.LinkedHashMap<>();
        near.forEach((p, a) -> asked.put(p, CompletableFuture.supplyAsync(() -> ask(c, p, a), pool)));
        List<Finding> out = new ArrayList<>();
        List<String> hearUs = new ArrayList<>();
        for (Map.Entry<Peer, CompletableFuture<Object>> e : asked.entrySet()) {
            Peer p = e.getKey();
            String who = "'" + p.name() + "' (" + near.get(p).getHostAddress() + ")";
            Object answer = e.getValue().join();
            if (!(answer instanceof Introduction theirs)) {
                out.add(Finding.warning("heard-by", "could not ask " + who + " whether it hears this machine: "
                        + answer, "it did not answer over SSH as a lanshare machine does",
                        "run lanshare doctor " + p.name() + " to see why"));
            } else if (hearsUs(c, theirs)) {
                hearUs.add(who);
            } else if (p.source().equals(Peer.MDNS)) {
                out.add(Finding.problem("heard-by", who + " answers over SSH and is heard here, but does not hear "
                        + "this machine's announcements",
                        "multicast gets from it to this machine but not back: a firewall dropping mDNS (UDP 5353) "
                                + "going out of this machine or coming into '" + p.name() + "', or a network that "
                                + "passes multicast one way only",
                        "allow UDP 5353 both ways on both machines (Ubuntu: sudo ufw allow 5353/udp), then run "
                                + "lanshare doctor on '" + p.name() + "' too"));
            } else {
                out.add(Finding.problem("heard-by", who + " answers over SSH, in our subnet, but neither machine "
                        + "hears the other's announcements",
                        "multicast does not get through between the two: a firewall dropping UDP 5353 on one of "
                                + "them, Wi-Fi client isolation, or a switch filtering multicast",
                        "allow UDP 5353 on both machines (Ubuntu: sudo ufw allow 5353/udp); on Wi-Fi turn client "
                                + "isolation off"));
            }
        }
        if (!hearUs.isEmpty()) {
            out.add(0, Finding.ok("heard-by", "this machine's announcements are heard by " + String.join(", ", hearUs)
                    + " (asked over SSH)"));
        }
        out.addAll(notAsked);
        return out;
    }

    /**
     * Its introduction, or why not in words. One that does not hear us is asked once more {@link #ASK_AGAIN}
     * later: a machine that just started or was renamed is heard within about a second of its announcement.
     */
    private static Object ask(Context c, Peer p, InetAddress at) {
        try {
            Introduction theirs = c.asker().ask(p, at);
            if (!hearsUs(c, theirs)) {
                Thread.sleep(ASK_AGAIN.toMillis());
                theirs = c.asker().ask(p, at);
            }
            return theirs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IOException | RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("timeout")) {
                return "its SSH port " + p.port() + " did not answer within 5 s";
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
    }

    private static boolean hearsUs(Context c, Introduction theirs) {
        return theirs.knows().stream().anyMatch(k -> k.deviceId().equals(c.ownId()) && k.heard());
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
                            + "name it: " + Interfaces.INCLUDE_VARIABLE + "=NAME lanshare serve");
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
