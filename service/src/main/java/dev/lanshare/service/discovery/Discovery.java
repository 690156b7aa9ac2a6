package dev.lanshare.service.discovery;

import dev.lanshare.service.control.Protocol.Finding;
import dev.lanshare.config.Settings;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS-SD for lanshare: announces this machine ({@code _sftp-ssh._tcp} for file managers, {@code _lanshare._tcp}
 * for peers) on every suitable interface, follows the interfaces as they come and go, and keeps the directory of
 * peers. The TXT protocol is in {@code docs/discovery.md}.
 *
 * <p>Threads: one "mdns" thread drives JmDNS (which blocks for seconds at times), one "peers" thread owns the
 * directory and delivers {@link PeerEvent}s in order; JmDNS's own threads only hand over. Start returns at once;
 * announcing starts in the background.
 */
public final class Discovery implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    /** Seconds a record lives in other machines' caches, so a machine that vanished drops out of theirs. */
    static final String TTL_SECONDS = "30";
    static final Duration RESCAN = Duration.ofSeconds(2);
    static final Duration SWEEP = Duration.ofMillis(250);
    static final Duration PROBE_QUIET = Duration.ofSeconds(5);
    /**
     * Peers hidden within the last {@link #HIDDEN_WINDOW} are probed every {@link #PROBE_HIDDEN}: a machine that
     * restarts after its goodbye was lost came back on the list up to 5 s after its announcement (3.6 s twice in 10
     * starts), as its records look unchanged to JmDNS; now within about a second.
     */
    static final Duration PROBE_HIDDEN = Duration.ofSeconds(1);
    static final Duration HIDDEN_WINDOW = Duration.ofMinutes(2);
    static final Duration EXPIRY = Duration.ofSeconds(20);
    static final Duration FORGET = Duration.ofMinutes(10);
    static final int CAPACITY = 256;
    static final int PROBE_TIMEOUT_MILLIS = 1000;
    /** How long a settings change waits for the changes that come with it. */
    static final Duration SETTLE = Duration.ofMillis(150);

    static {
        // JmDNS reads this once, when its constants class loads: before the first responder starts. Its
        // default of an hour would keep a crashed machine in every peer's list for an hour.
        if (System.getProperty("net.dns.ttl") == null) {
            System.setProperty("net.dns.ttl", TTL_SECONDS);
        }
        Probing.install(); // RFC 6762 probing times: seen about 1 s after start rather than 4-5 s
    }

    /**
     * @param configDir  where the device id file is kept
     * @param hostName   the mDNS host label ({@code NAME.local})
     * @param interfaces interface names to use; empty for every suitable one (see {@link Interfaces})
     * @param clock      drives the peer directory's expiry
     * @param bound      the one address the SFTP server listens on, or null when it listens on all: only that
     *                   address is announced (none for a loopback address), never one where nobody answers
     */
    public record Config(Path configDir, String hostName, Set<String> interfaces, Clock clock, InetAddress bound) {
        public Config {
            Objects.requireNonNull(configDir, "configDir");
            Objects.requireNonNull(hostName, "hostName");
            interfaces = Set.copyOf(interfaces);
            Objects.requireNonNull(clock, "clock");
            bound = bound == null || bound.isAnyLocalAddress() ? null : bound;
        }

        public Config(Path configDir, String hostName, Set<String> interfaces, Clock clock) {
            this(configDir, hostName, interfaces, clock, null);
        }

        public Config boundTo(InetAddress address) {
            return new Config(configDir, hostName, interfaces, clock, address);
        }

        /**
         * The interfaces from the {@value Interfaces#INCLUDE_PROPERTY} system property or the {@value
         * Interfaces#INCLUDE_VARIABLE} environment variable (automatic when neither is set), the system clock.
         */
        public static Config of(Path configDir, String hostName) {
            return new Config(configDir, hostName, Interfaces.configured(), Clock.systemUTC());
        }
    }

    /** Talks to one machine beyond this network: an SSH connection that checks its key, one request, its answer. */
    @FunctionalInterface
    public interface Contact {
        /**
         * @param fingerprint the host key expected ({@code SHA256:...}), or null to accept any
         * @return the host key's fingerprint as seen, and the answer
         */
        Reply ask(String host, int port, String fingerprint, String request) throws IOException;
    }

    /** What a {@link Contact} brings back. */
    public record Reply(String fingerprint, String text) {
    }

    private final Config config;
    private final Supplier<Settings> settings;
    private final Introductions introductions;
    private final String deviceId;
    private final Supplier<Announcement> announcement;
    private final PeerDirectory directory;
    private final Workers workers = new Workers();
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();
    private final List<Consumer<PeerEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Interfaces.Choice> local = List.of();
    private volatile List<Peer> snapshot = List.of();
    /** Every peer seen since start, as last seen (also after it left): where the doctor looks for it. */
    private final Map<String, Peer> lastKnown = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Peer> eldest) {
                    return size() > CAPACITY;
                }
            });
    private volatile boolean closed;
    private volatile WideArea wideArea;
    private final java.util.concurrent.atomic.AtomicBoolean reannouncePending =
            new java.util.concurrent.atomic.AtomicBoolean();
    private String lastScanProblem;

    private Discovery(Config config, String deviceId, Supplier<Settings> settings,
            Supplier<Announcement> announcement) {
        this.config = config;
        this.settings = settings;
        this.deviceId = deviceId;
        this.announcement = announcement;
        this.directory = new PeerDirectory(config.clock(), deviceId, CAPACITY, EXPIRY, FORGET,
                a -> local.stream().anyMatch(c -> c.contains(a)));
        this.introductions = new Introductions(config.clock(), deviceId, this::introduction,
                s -> onPeers(() -> directory.seen(s)), (via, name) -> onPeers(() -> directory.gone(via, name)),
                id -> snapshot.stream().anyMatch(p -> p.deviceId().equals(id) && p.source().equals(Peer.MDNS)),
                workers::runProbe);
    }

    /**
     * Starts announcing {@code settings} with this SFTP port and host-key fingerprint, and browsing for peers.
     * Fails only when the device id cannot be read or made.
     */
    public static Discovery start(Config config, Supplier<Settings> settings, int port, String fingerprint)
            throws IOException {
        String id = DeviceId.loadOrCreate(config.configDir().resolve(DeviceId.FILE));
        Discovery d = new Discovery(config, id, settings,
                () -> Announcement.of(settings.get(), config.hostName(), id, fingerprint, port));
        d.introductions.added(settings.get().peers());
        d.workers.every(d.workers.timer, Introductions.REFRESH, d.introductions::refresh);
        try {
            WideArea.Setup.load(config.configDir()).ifPresent(setup -> {
                d.wideArea = new WideArea(setup, id);
                LOG.info("unicast DNS-SD in {}{}{}", setup.domain(), setup.server() == null ? ""
                        : ", updates to " + setup.server(), setup.key() == null ? ", unsigned" : ", key "
                                + setup.keyName());
                d.workers.every(d.workers.dns, Introductions.REFRESH, d::wideAreaRound);
            });
        } catch (IOException e) {
            LOG.warn("unicast DNS-SD is off: {}", e.getMessage());
        }
        d.workers.every(d.workers.mdns, RESCAN, d::rescan);
        d.workers.every(d.workers.timer, SWEEP, d::sweep);
        d.workers.every(d.workers.timer, PROBE_QUIET, d::probeQuietPeers);
        d.workers.every(d.workers.timer, PROBE_HIDDEN, d::probeHiddenPeers);
        return d;
    }

    /**
     * Sets unicast DNS-SD up for {@code lanshare discovery domain}: writes the settings file into {@code configDir}
     * (owner-only, atomically) after checking it as the service will read it; {@code domain} null turns it off.
     * {@code keyFile} is a key as {@code tsig-keygen} prints it ({@code key "NAME" { algorithm ...; secret "..."; };}).
     * Returns the file written (or removed). Fails with a message that says what is wrong.
     */
    public static Path setWideArea(Path configDir, String domain, String server, Path keyFile) throws IOException {
        return WideArea.Setup.save(configDir, domain, server, keyFile);
    }

    /** The peers seen now, by name. Safe from any thread. */
    public List<Peer> peers() {
        return snapshot;
    }

    /** Adds a listener for peer found / changed / lost; called on the discovery thread, in order. */
    public void addListener(Consumer<PeerEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<PeerEvent> listener) {
        listeners.remove(listener);
    }

    /** This machine's stable device id, as peers see it. */
    public String deviceId() {
        return deviceId;
    }

    /**
     * The name this machine is announced under: the display name, or the name JmDNS settled on after another
     * machine on the network claimed it first (then it stays, with no renaming back and forth).
     */
    public String announcedName() {
        return responders.values().stream().map(Responder::announcedName).filter(Objects::nonNull).findFirst()
                .orElseGet(() -> announcement.get().name());
    }

    /**
     * The checks of {@code lanshare doctor}, each with its cause and what to do; {@code peer} (a name, device id
     * or HOST[:PORT], may be null) is looked at too. Blocks about 3 s (up to 7 s for a peer that does not answer).
     */
    public List<Finding> diagnose(String peer) {
        List<Peer> known;
        synchronized (lastKnown) {
            known = new java.util.ArrayList<>(lastKnown.values());
        }
        Announcement a = current();
        // the interfaces as they are now, not as the last rescan (up to RESCAN ago) saw them: an interface whose
        // multicast was just switched off is reported left out, not in use
        List<Interfaces.Choice> used;
        try {
            used = Interfaces.choose(config.interfaces(), config.bound());
        } catch (SocketException e) {
            used = local;
        }
        return Doctor.examine(new Doctor.Context(config.interfaces(), used, known, snapshot, a.name(),
                announcedName(), a.port(), deviceId, this::askIntroduction), peer);
    }

    /** The doctor's question to a colleague: its introduction, over SSH, its host key checked. */
    private Introduction askIntroduction(Peer colleague, InetAddress at) throws IOException {
        Contact c = introductions.contact();
        if (c == null) {
            throw new IOException("this service does not contact other machines");
        }
        Reply reply = c.ask(at.getHostAddress(), colleague.port(), colleague.fingerprint(), introduction().encode());
        try {
            Introduction theirs = Introduction.decode(reply.text());
            if (!theirs.self().deviceId().equals(colleague.deviceId())) {
                throw new IOException("another machine answers there ('" + theirs.self().name() + "')");
            }
            return theirs;
        } catch (IllegalArgumentException e) {
            throw new IOException("it did not answer as a lanshare machine: " + e.getMessage());
        }
    }

    /** The doctor's checks on a machine where the service does not run: nothing announced, nobody listed. */
    public static List<Finding> diagnoseStopped(String name, int port, String peer) throws SocketException {
        List<Interfaces.Choice> used = Interfaces.choose(Interfaces.configured(), null);
        return Doctor.examine(new Doctor.Context(Interfaces.configured(), used, List.of(), List.of(), name, name,
                port, null, null), peer);
    }

    /**
     * Machines beyond this network are contacted through {@code contact}: those added by address, and those they
     * introduce. Until this is called, only mDNS finds peers.
     */
    public void contactThrough(Contact contact) {
        introductions.contactThrough(contact);
    }

    /**
     * Answers a machine that introduced itself over SSH from {@code from} (the {@code lanshare-hello} subsystem):
     * learns from it, and returns this machine's introduction. Fails on a malformed request.
     */
    public String answerIntroduction(InetAddress from, String request) {
        return introductions.answer(from, request);
    }

    /**
     * Contacts {@code host:port} once, accepting any host key, for {@code lanshare peers add}: returns its device id,
     * name, the fingerprint of the key it showed, and its shares. Nothing is remembered.
     */
    public Map<String, Object> introduce(String host, int port) throws IOException {
        Contact c = introductions.contact();
        if (c == null) {
            throw new IOException("this service does not contact other machines");
        }
        Reply reply = c.ask(host, port, null, introduction().encode());
        Introduction.Facts f;
        try {
            f = Introduction.decode(reply.text()).self();
        } catch (IllegalArgumentException e) {
            throw new IOException(host + ":" + port + " did not answer as a lanshare machine: " + e.getMessage());
        }
        if (!f.fingerprint().equals(reply.fingerprint())) {
            throw new IOException(host + ":" + port + " says its key is " + f.fingerprint() + " but showed "
                    + reply.fingerprint());
        }
        return Map.of("deviceId", f.deviceId(), "name", f.name(), "fingerprint", reply.fingerprint(), "port",
                f.port(), "shares", f.shares().stream().map(LanshareTxt::flagged).toList(), "self",
                f.deviceId().equals(deviceId));
    }

    /** This machine's facts and the machines it knows first-hand (never those only introduced to it). */
    private Introduction introduction() {
        Announcement a = current();
        List<Introduction.Known> knows = snapshot.stream().filter(p -> !p.source().equals(Peer.INTRODUCED))
                .map(p -> new Introduction.Known(p.deviceId(), p.name(), p.addresses().stream()
                        .map(InetAddress::getHostAddress).toList(), p.port(), p.fingerprint(),
                        p.source().equals(Peer.MDNS))).toList();
        return new Introduction(new Introduction.Facts(deviceId, announcedName(), a.port(), a.fingerprint(),
                a.shares()), knows);
    }

    /** The settings changed: records are brought up to date in the background, within about half a second. */
    public void settingsChanged() {
        introductions.added(settings.get().peers());
        // changes that come together (remove one share, add another) go out as one: JmDNS holds a second TXT
        // change until the first has been announced twice, more than a second later
        if (reannouncePending.compareAndSet(false, true)) {
            workers.laterMdns(SETTLE, () -> {
                reannouncePending.set(false);
                reannounce();
            });
        }
    }

    /** Says goodbye on every interface (in parallel: JmDNS takes seconds to close) and stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.stopScheduling();
        WideArea w = wideArea;
        if (w != null) {
            // a clean stop deletes our records; bounded, so that a dead DNS server does not hold the stop
            java.util.concurrent.Future<?> f = workers.dns.submit(w::unregister);
            try {
                f.get(2 * WideArea.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("could not remove this machine's DNS-SD records: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Responder> all = List.copyOf(responders.values());
        responders.clear();
        workers.closeInParallel(all);
        workers.shutdownNow();
    }

    private void rescan() {
        if (closed) {
            return;
        }
        try {
            List<Interfaces.Choice> now = Interfaces.choose(config.interfaces(), config.bound());
            local = now;
            for (String via : List.copyOf(responders.keySet())) {
                if (now.stream().noneMatch(c -> c.via().equals(via))) {
                    drop(via);
                }
            }
            now.stream().filter(c -> !responders.containsKey(c.via())).forEach(this::open);
            for (Responder r : responders.values()) {
                r.noticeRename();
                r.known().forEach(s -> onPeers(() -> directory.known(s)));
            }
            lastScanProblem = null;
        } catch (SocketException | RuntimeException e) {
            if (!String.valueOf(e).equals(lastScanProblem)) {
                LOG.warn("could not list the network interfaces; will try again: {}", e.toString());
                lastScanProblem = String.valueOf(e);
            }
        }
    }

    private void open(Interfaces.Choice c) {
        try {
            Responder r = Responder.open(c, config.hostName(), s -> onPeers(() -> directory.seen(s)),
                    (via, name) -> onPeers(() -> directory.gone(via, name)), workers.resolver);
            if (closed) {
                workers.closeInBackground(r); // stopped while it was starting
                return;
            }
            responders.put(c.via(), r);
            r.announce(current());
            LOG.info("announcing '{}' on {} ({})", r.announcedName(), c.interfaceName(), c.via());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot announce on {} ({}); will try again: {}", c.interfaceName(), c.via(), e.toString());
            Responder r = responders.remove(c.via());
            if (r != null) {
                workers.closeInBackground(r);
            }
        }
    }

    /** The interface or address went away: its responder goes, and so do the peers seen only through it. */
    private void drop(String via) {
        Responder r = responders.remove(via);
        LOG.info("{} is gone: no longer announcing there", via);
        onPeers(() -> directory.goneVia(via));
        workers.closeInBackground(r);
    }

    private void reannounce() {
        Announcement next = current();
        for (Responder r : responders.values()) {
            try {
                r.announce(next);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not update the announcement on {}: {}", r.where().via(), e.toString());
            }
        }
    }

    private Announcement current() {
        return announcement.get();
    }

    /** Unicast DNS-SD: (re)registers this machine when its facts changed, and reads who else is registered. */
    private void wideAreaRound() {
        WideArea w = wideArea;
        if (w == null || closed) {
            return;
        }
        InetAddress bound = config.bound();
        List<InetAddress> addresses = bound != null ? List.of(bound)
                : local.stream().map(Interfaces.Choice::address).distinct().toList();
        w.register(current(), addresses);
        try {
            introductions.registered(w.browse());
        } catch (IOException | RuntimeException e) {
            LOG.debug("browsing {} failed: {}", w.setup().domain(), e.toString());
        }
    }

    private void sweep() {
        responders.values().forEach(r -> {
            try {
                r.sweep();
                String via = r.where().via();
                r.leaving().forEach(name -> onPeers(() -> directory.gone(via, name)));
            } catch (RuntimeException e) {
                LOG.debug("sweeping the mDNS cache failed", e);
            }
        });
        onPeers(directory::expire);
    }

    private void probeQuietPeers() {
        workers.runPeers(() -> directory.probeTargets(PROBE_QUIET).forEach(this::probe));
    }

    private void probeHiddenPeers() {
        workers.runPeers(() -> directory.hiddenTargets(HIDDEN_WINDOW).forEach(this::probe));
    }

    /**
     * A TCP connection to the peer's SFTP port, in one of our subnets only: the reachability check that finds a
     * crashed or unplugged peer long before its records expire, and finds it again when it comes back.
     */
    private void probe(PeerDirectory.Target t) {
        workers.runProbe(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(t.address(), t.port()), PROBE_TIMEOUT_MILLIS);
                onPeers(() -> directory.reachable(t.deviceId()));
            } catch (IOException e) {
                LOG.debug("{} did not answer at {}:{}", t.deviceId(), t.address(), t.port());
            }
        });
    }

    /** Changes the directory on the peers thread, then tells the listeners. */
    private void onPeers(Supplier<List<PeerEvent>> change) {
        workers.runPeers(() -> {
            List<PeerEvent> events = change.get();
            snapshot = directory.peers(); // also when nothing changed but "last seen"
            for (PeerEvent e : events) {
                lastKnown.put(e.peer().deviceId(), e.peer());
                LOG.info("peer {}: {} ({})", e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                        e.peer().name(), e.peer().url());
                for (Consumer<PeerEvent> l : listeners) {
                    try {
                        l.accept(e);
                    } catch (RuntimeException ex) {
                        LOG.warn("a peer listener failed", ex);
                    }
                }
            }
        });
    }
}
