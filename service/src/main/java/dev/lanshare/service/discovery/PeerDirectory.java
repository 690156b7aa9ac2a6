package dev.lanshare.service.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The peers this machine knows: an expiring cache keyed by device id, driven by an injected clock. A peer seen
 * through several interfaces or address families is one peer. A peer is shown while it has a live sighting and
 * was seen (announced, or answered a reachability check) within {@code expiry}; a hidden one is kept a while
 * longer so that it can come back, then forgotten. Never more than {@code capacity} peers are kept, whatever
 * arrives on the network. Methods return the events they caused; not thread-safe (one discovery thread owns it).
 */
final class PeerDirectory {
    /** Sightings of one peer kept at most: one per network it shares with us is plenty. */
    static final int MAX_SIGHTINGS = 8;

    private final Clock clock;
    private final String ownDeviceId;
    private final int capacity;
    private final Duration expiry;
    private final Duration forget;
    private final Predicate<InetAddress> ownSubnet;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> idBySighting = new HashMap<>();

    private static final class Entry {
        final Map<String, Sighting> sightings = new LinkedHashMap<>();
        Sighting latest;
        LanshareTxt.Content content;
        Instant lastSeen;
        Peer shown;
    }

    /** What a reachability check should try: the peer's best address in one of our subnets. */
    record Target(String deviceId, InetAddress address, int port) {
    }

    PeerDirectory(Clock clock, String ownDeviceId, int capacity, Duration expiry, Duration forget,
            Predicate<InetAddress> ownSubnet) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity (" + capacity + ") must be positive");
        }
        this.clock = clock;
        this.ownDeviceId = ownDeviceId;
        this.capacity = capacity;
        this.expiry = expiry;
        this.forget = forget;
        this.ownSubnet = ownSubnet;
    }

    /** A service was resolved or its records changed. Our own announcements and non-lanshare records are ignored. */
    List<PeerEvent> seen(Sighting sighting) {
        Optional<LanshareTxt.Content> content = LanshareTxt.decode(sighting.txt());
        if (content.isEmpty() || content.get().deviceId().equals(ownDeviceId) || sighting.port() < 1
                || sighting.port() > 65535) {
            return List.of();
        }
        List<PeerEvent> events = new ArrayList<>();
        String id = content.get().deviceId();
        forgetSighting(sighting.key(), id, events);
        Entry entry = entries.get(id);
        if (entry == null) {
            makeRoom(events);
            entry = new Entry();
            entries.put(id, entry);
        }
        if (!entry.sightings.containsKey(sighting.key()) && entry.sightings.size() >= MAX_SIGHTINGS) {
            String oldest = entry.sightings.keySet().iterator().next();
            entry.sightings.remove(oldest);
            idBySighting.remove(oldest);
        }
        entry.sightings.remove(sighting.key()); // re-insert: the map's order is the order of last sighting
        entry.sightings.put(sighting.key(), sighting);
        idBySighting.put(sighting.key(), id);
        entry.latest = sighting;
        entry.content = content.get();
        entry.lastSeen = clock.instant();
        publish(id, entry, events);
        return events;
    }

    /** A service JmDNS lists: added when it is new to us; one we know is refreshed only by events and probes. */
    List<PeerEvent> known(Sighting sighting) {
        return idBySighting.containsKey(sighting.key()) ? List.of() : seen(sighting);
    }

    /** A responder lost a service (goodbye or expired records). */
    List<PeerEvent> gone(String via, String instance) {
        List<PeerEvent> events = new ArrayList<>();
        String key = Sighting.key(via, instance);
        String id = idBySighting.get(key);
        if (id != null) {
            forgetSighting(key, null, events);
        }
        return events;
    }

    /** A responder was closed (its interface went away): everything it saw goes. */
    List<PeerEvent> goneVia(String via) {
        List<PeerEvent> events = new ArrayList<>();
        for (String key : List.copyOf(idBySighting.keySet())) {
            if (key.startsWith(via + "|")) {
                forgetSighting(key, null, events);
            }
        }
        return events;
    }

    /** The peer answered a reachability check. */
    List<PeerEvent> reachable(String deviceId) {
        Entry entry = entries.get(deviceId);
        if (entry == null) {
            return List.of();
        }
        entry.lastSeen = clock.instant();
        List<PeerEvent> events = new ArrayList<>();
        publish(deviceId, entry, events);
        return events;
    }

    /** Hides peers not seen within {@code expiry}; forgets hidden ones not seen within {@code forget}. */
    List<PeerEvent> expire() {
        Instant now = clock.instant();
        List<PeerEvent> events = new ArrayList<>();
        for (var it = entries.entrySet().iterator(); it.hasNext();) {
            Entry entry = it.next().getValue();
            boolean stale = entry.lastSeen.plus(expiry).isBefore(now);
            if (stale && entry.shown != null) {
                events.add(new PeerEvent.Lost(entry.shown));
                entry.shown = null;
            }
            if (entry.lastSeen.plus(forget).isBefore(now)) {
                entry.sightings.keySet().forEach(idBySighting::remove);
                it.remove();
            }
        }
        return events;
    }

    /** The peers shown now, by name. */
    List<Peer> peers() {
        return entries.values().stream().filter(e -> e.shown != null).map(e -> e.shown)
                .sorted(Comparator.comparing(Peer::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Peer::deviceId))
                .toList();
    }

    /** Peers, shown or hidden, not seen for {@code quiet} and with an address in one of our subnets. */
    List<Target> probeTargets(Duration quiet) {
        Instant before = clock.instant().minus(quiet);
        List<Target> out = new ArrayList<>();
        entries.forEach((id, e) -> {
            if (e.lastSeen.isBefore(before)) {
                addresses(e).stream().filter(ownSubnet).findFirst()
                        .ifPresent(a -> out.add(new Target(id, a, e.latest.port())));
            }
        });
        return out;
    }

    /**
     * Hidden peers in one of our subnets that were last seen within {@code window} of being hidden: worth a probe
     * every second. One that comes back after its goodbye was lost announces records JmDNS still holds, so no
     * event says it is back: only a probe does.
     */
    List<Target> hiddenTargets(Duration window) {
        Instant since = clock.instant().minus(expiry).minus(window);
        List<Target> out = new ArrayList<>();
        entries.forEach((id, e) -> {
            if (e.shown == null && e.lastSeen.isAfter(since)) {
                addresses(e).stream().filter(ownSubnet).findFirst()
                        .ifPresent(a -> out.add(new Target(id, a, e.latest.port())));
            }
        });
        return out;
    }

    int size() {
        return entries.size();
    }

    private void publish(String id, Entry entry, List<PeerEvent> events) {
        if (entry.lastSeen.plus(expiry).isBefore(clock.instant())) {
            return;
        }
        Peer peer = peer(id, entry);
        if (entry.shown == null) {
            events.add(new PeerEvent.Found(peer));
        } else if (!peer.sameAs(entry.shown)) {
            events.add(new PeerEvent.Changed(peer));
        }
        entry.shown = peer;
    }

    private Peer peer(String id, Entry entry) {
        Sighting s = entry.latest;
        String host = s.host().endsWith(".") ? s.host().substring(0, s.host().length() - 1) : s.host();
        return new Peer(id, s.instance(), host, addresses(entry), s.port(), entry.content.fingerprint(),
                entry.content.shares(), entry.content.truncated(), entry.lastSeen, source(entry));
    }

    /** mDNS when any network of ours sees it, else added by hand, else found in DNS, else introduced. */
    private static String source(Entry entry) {
        List<String> sources = entry.sightings.values().stream().map(Sighting::source).toList();
        return sources.contains(Peer.MDNS) ? Peer.MDNS : sources.contains(Peer.MANUAL) ? Peer.MANUAL
                : sources.contains(Peer.DNS_SD) ? Peer.DNS_SD : Peer.INTRODUCED;
    }

    /** Every address the peer was seen with, best first: our subnet, then IPv4, then global IPv6, link-local last. */
    private List<InetAddress> addresses(Entry entry) {
        Set<InetAddress> all = new LinkedHashSet<>();
        List<Sighting> newestFirst = new ArrayList<>(entry.sightings.values());
        java.util.Collections.reverse(newestFirst);
        newestFirst.forEach(s -> all.addAll(s.addresses()));
        List<InetAddress> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(this::rank));
        return sorted;
    }

    private int rank(InetAddress a) {
        if (ownSubnet.test(a)) {
            return 0;
        }
        if (a instanceof Inet4Address) {
            return 1;
        }
        return a.isLinkLocalAddress() ? 3 : 2;
    }

    /** Removes one sighting; a peer left with none is lost and forgotten. */
    private void forgetSighting(String key, String unlessId, List<PeerEvent> events) {
        String id = idBySighting.get(key);
        if (id == null || id.equals(unlessId)) {
            return;
        }
        idBySighting.remove(key);
        Entry entry = entries.get(id);
        entry.sightings.remove(key);
        if (entry.sightings.isEmpty()) {
            entries.remove(id);
            if (entry.shown != null) {
                events.add(new PeerEvent.Lost(entry.shown));
            }
        } else if (entry.latest.key().equals(key)) {
            entry.latest = List.copyOf(entry.sightings.values()).get(entry.sightings.size() - 1);
            publish(id, entry, events);
        } else {
            publish(id, entry, events);
        }
    }

    /** At capacity, the peer seen longest ago goes, hidden ones first. */
    private void makeRoom(List<PeerEvent> events) {
        if (entries.size() < capacity) {
            return;
        }
        Comparator<Map.Entry<String, Entry>> order = Comparator
                .comparing((Map.Entry<String, Entry> e) -> e.getValue().shown != null)
                .thenComparing(e -> e.getValue().lastSeen);
        Map.Entry<String, Entry> victim = entries.entrySet().stream().min(order).orElseThrow();
        Entry entry = victim.getValue();
        entry.sightings.keySet().forEach(idBySighting::remove);
        entries.remove(victim.getKey());
        if (entry.shown != null) {
            events.add(new PeerEvent.Lost(entry.shown));
        }
    }
}
