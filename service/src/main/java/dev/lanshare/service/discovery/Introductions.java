package dev.lanshare.service.discovery;

import dev.lanshare.config.AddedPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Machines beyond this network: those added by address and those other machines introduced. Each is contacted
 * over SSH ({@link Discovery.Contact}) at once and every {@link #REFRESH}: the exchange checks its host key against the
 * pinned or introduced fingerprint, reads its facts (reported as a {@link Sighting}, so the directory treats it
 * like one found over mDNS) and swaps introductions. An introduced machine that nobody mentions for {@link #FORGET}
 * is dropped; only machines known first-hand are passed on, so nothing travels further than one introduction, and
 * nothing learned here is ever announced over mDNS. Thread-safe; contacts run on the caller's executor.
 */
final class Introductions {
    private static final Logger LOG = LoggerFactory.getLogger(Introductions.class);
    static final Duration REFRESH = Duration.ofSeconds(4);
    static final Duration FORGET = Duration.ofSeconds(30);
    static final int MAX_CANDIDATES = 64;

    /** Somewhere to contact: {@code id} is null for an address added by hand and not reached yet. */
    private record Candidate(String key, String source, String host, int port, String fingerprint, String id,
            Instant introduced) {
        String via() {
            return Sighting.contact(source, key);
        }
    }

    private final Clock clock;
    private final String ownId;
    private final Supplier<Introduction> mine;
    private final Consumer<Sighting> seen;
    private final BiConsumer<String, String> gone;
    private final Predicate<String> onThisNetwork;
    private final Consumer<Runnable> executor;
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private final Map<String, String> reported = new LinkedHashMap<>(); // via -> instance name last reported
    private final Set<String> inFlight = new HashSet<>();
    private volatile Discovery.Contact contact;

    /**
     * @param seen          a machine answered: its sighting
     * @param gone          a machine stopped answering: (via, instance) of the sighting to drop
     * @param onThisNetwork whether a device id is seen over mDNS now (then it needs no contact)
     */
    Introductions(Clock clock, String ownId, Supplier<Introduction> mine, Consumer<Sighting> seen,
            BiConsumer<String, String> gone, Predicate<String> onThisNetwork, Consumer<Runnable> executor) {
        this.clock = clock;
        this.ownId = ownId;
        this.mine = mine;
        this.seen = seen;
        this.gone = gone;
        this.onThisNetwork = onThisNetwork;
        this.executor = executor;
    }

    /** How to reach other machines; until it is set, nobody is contacted. */
    void contactThrough(Discovery.Contact c) {
        contact = Objects.requireNonNull(c, "contact");
        refresh();
    }

    Discovery.Contact contact() {
        return contact;
    }

    /** The machines added by address, from the settings: new ones are contacted at once, removed ones drop out. */
    synchronized void added(List<AddedPeer> peers) {
        Set<String> keys = new HashSet<>();
        for (AddedPeer p : peers) {
            keys.add(p.address());
            Candidate before = candidates.get(p.address());
            if (before == null || !before.fingerprint().equals(p.fingerprint())) {
                put(new Candidate(p.address(), Peer.MANUAL, p.host(), p.port(), p.fingerprint(), null, null));
            }
        }
        for (Candidate c : List.copyOf(candidates.values())) {
            if (c.source().equals(Peer.MANUAL) && !keys.contains(c.key())) {
                remove(c);
            }
        }
    }

    /**
     * The machines registered in the office DNS domain now: new ones are contacted at once (their host key
     * checked against the fingerprint in their TXT record), those whose records went away drop out.
     */
    synchronized void registered(List<WideArea.Found> found) {
        Set<String> keys = new HashSet<>();
        for (WideArea.Found f : found) {
            if (f.deviceId().equals(ownId) || keys.size() >= MAX_CANDIDATES || has(Peer.MANUAL, f.deviceId())) {
                continue;
            }
            String key = "dns " + f.deviceId();
            keys.add(key);
            Candidate before = candidates.get(key);
            if (before == null || !before.host().equals(f.address()) || before.port() != f.port()
                    || !before.fingerprint().equals(f.fingerprint())) {
                put(new Candidate(key, Peer.DNS_SD, f.address(), f.port(), f.fingerprint(), f.deviceId(), null));
            }
        }
        for (Candidate c : List.copyOf(candidates.values())) {
            if (c.source().equals(Peer.DNS_SD) && !keys.contains(c.key())) {
                remove(c);
            }
        }
    }

    /** Another machine introduced itself over SSH from {@code from}: learn from it and answer with our own. */
    String answer(InetAddress from, String request) {
        Introduction theirs = Introduction.decode(request);
        Introduction.Facts f = theirs.self();
        // where it called from is where it can be reached (the addresses it knows itself may be behind a router)
        learn(List.of(new Introduction.Known(f.deviceId(), f.name(), List.of(from.getHostAddress()), f.port(),
                f.fingerprint())));
        learn(theirs.knows());
        return mine.get().encode();
    }

    /** Contacts every machine not seen over mDNS; forgets introduced ones nobody mentioned lately. */
    void refresh() {
        List<Candidate> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Candidate c : List.copyOf(candidates.values())) {
                if (c.introduced() != null && c.introduced().plus(FORGET).isBefore(now)) {
                    remove(c);
                } else if (c.id() == null || !onThisNetwork.test(c.id())) {
                    due.add(c);
                }
            }
        }
        due.forEach(this::contactLater);
    }

    synchronized int size() {
        return candidates.size();
    }

    /** Introduced machines become candidates (never ourselves, never one added by hand or seen here). */
    private void learn(List<Introduction.Known> known) {
        List<Candidate> fresh = new ArrayList<>();
        synchronized (this) {
            for (Introduction.Known k : known) {
                String address = k.addresses().stream().filter(Introductions::routable).findFirst().orElse(null);
                if (address == null || k.deviceId().equals(ownId) || onThisNetwork.test(k.deviceId())
                        || addedById(k.deviceId())) {
                    continue;
                }
                Candidate before = candidates.get(k.deviceId());
                Candidate c = new Candidate(k.deviceId(), Peer.INTRODUCED, address, k.port(), k.fingerprint(),
                        k.deviceId(), clock.instant());
                boolean changed = before == null || !before.host().equals(address) || before.port() != k.port()
                        || !before.fingerprint().equals(k.fingerprint());
                if (before == null && candidates.size() >= MAX_CANDIDATES) {
                    continue; // bounded: whatever other machines say
                }
                candidates.put(c.key(), c);
                if (changed) {
                    fresh.add(c);
                }
            }
        }
        fresh.forEach(this::contactLater);
    }

    private void contactLater(Candidate c) {
        synchronized (this) {
            if (contact == null || !inFlight.add(c.key())) {
                return;
            }
        }
        executor.accept(() -> {
            try {
                contact(c);
            } finally {
                synchronized (this) {
                    inFlight.remove(c.key());
                }
            }
        });
    }

    private void contact(Candidate c) {
        Introduction theirs;
        try {
            Discovery.Reply reply = contact.ask(c.host(), c.port(), c.fingerprint(), mine.get().encode());
            theirs = Introduction.decode(reply.text());
            String problem = mismatch(c, reply.fingerprint(), theirs.self());
            if (problem != null) {
                LOG.warn("{}:{} {}; not listing it", c.host(), c.port(), problem);
                lost(c);
                return;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} at {}:{} did not answer: {}", c.key(), c.host(), c.port(), e.toString());
            lost(c);
            return;
        }
        Introduction.Facts f = theirs.self();
        synchronized (this) {
            if (candidates.get(c.key()) == null) {
                return; // removed while we talked to it
            }
            if (c.source().equals(Peer.MANUAL)) {
                candidates.put(c.key(), new Candidate(c.key(), c.source(), c.host(), c.port(), c.fingerprint(),
                        f.deviceId(), null));
            }
            String before = reported.put(c.via(), f.name());
            if (before != null && !before.equals(f.name())) {
                gone.accept(c.via(), before);
            }
        }
        seen.accept(sighting(c, f));
        learn(theirs.knows());
    }

    private String mismatch(Candidate c, String keySeen, Introduction.Facts f) {
        if (!c.fingerprint().equals(keySeen)) {
            return "answered with host key " + keySeen + " where " + c.fingerprint() + " was expected";
        }
        if (!f.fingerprint().equals(keySeen)) {
            return "says its key is " + f.fingerprint() + " but showed " + keySeen;
        }
        if (c.id() != null && !c.id().equals(f.deviceId())) {
            return "is device " + f.deviceId() + ", not " + c.id();
        }
        return f.deviceId().equals(ownId) ? "is this machine" : null;
    }

    private Sighting sighting(Candidate c, Introduction.Facts f) {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            addresses.add(InetAddress.getByName(c.host()));
        } catch (IOException e) {
            // it answered by name a moment ago; the name is enough to list it
        }
        return new Sighting(c.via(), f.name(), c.host(), addresses, f.port(),
                LanshareTxt.fields(f.deviceId(), f.fingerprint(), f.shares()));
    }

    private void lost(Candidate c) {
        String instance;
        synchronized (this) {
            instance = reported.remove(c.via());
        }
        if (instance != null) {
            gone.accept(c.via(), instance);
        }
    }

    private void put(Candidate c) {
        Candidate before = candidates.put(c.key(), c);
        if (before != null) {
            lost(before);
        }
        contactLater(c);
    }

    private void remove(Candidate c) {
        candidates.remove(c.key());
        lost(c);
    }

    private boolean addedById(String id) {
        // one found in the DNS domain is contacted as such: no second contact for its introduction
        return has(Peer.MANUAL, id) || has(Peer.DNS_SD, id);
    }

    /** Whether a candidate from {@code source} is the machine {@code id}. */
    private boolean has(String source, String id) {
        return candidates.values().stream().anyMatch(c -> c.source().equals(source) && id.equals(c.id()));
    }

    private static boolean routable(String address) {
        try {
            if (!address.matches("[0-9a-fA-F:.]+")) {
                return false; // literals only: no name is looked up for what another machine said
            }
            InetAddress a = InetAddress.getByName(address);
            return !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
