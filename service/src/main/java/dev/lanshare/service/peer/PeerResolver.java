package dev.lanshare.service.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the machine a user means: {@code host[:port]} directly, else a peer from the running service's list by
 * device id, display name, or a prefix of the name that only one peer has.
 */
public final class PeerResolver {
    public static final int DEFAULT_PORT = 2222;
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9a-fA-F:.]+\\]|[^:\\[\\]]+):(\\d{1,5})$");
    private static final Pattern ADDRESS = Pattern.compile("^(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:.]+\\]|localhost"
            + "|[A-Za-z0-9-]+\\.local)$");

    private PeerResolver() {
    }

    /** @param peers the service's {@code peers.list} answer; empty when no service runs */
    public static PeerTarget resolve(String text, List<PeerInfo> peers) throws PeerException {
        Optional<PeerTarget> direct = direct(text);
        Optional<PeerInfo> found = byName(text, peers);
        if (found.isPresent()) {
            return fromPeer(found.get());
        }
        if (direct.isPresent()) {
            // a machine the service knows, given by its address: the same colleague as by its name, so the same
            // remembered account and pinned key (under its device id), and the fingerprint it announced is checked
            PeerTarget d = direct.get();
            for (PeerInfo p : peers) {
                if (p.port() == d.port() && !p.deviceId().isEmpty() && (p.addresses().stream()
                        .anyMatch(a -> sameHost(a, d.host())) || sameHost(p.address(), d.host()))) {
                    PeerTarget known = fromPeer(p);
                    return new PeerTarget(text, d.host(), d.port(), known.trustId(), known.fingerprint(),
                            known.guests());
                }
            }
        }
        return direct.orElseThrow(() -> new PeerException("no peer called '" + text + "'"
                + (peers.isEmpty() ? "; no peers are known (is the service running? see 'lanshare peers')"
                : "; known: " + String.join(", ", peers.stream().map(PeerInfo::name).toList()))
                + ", or give host:port"));
    }

    static Optional<PeerTarget> direct(String text) {
        Matcher m = HOST_PORT.matcher(text);
        String host;
        int port;
        if (m.matches()) {
            host = m.group(1);
            port = Integer.parseInt(m.group(2));
        } else if (ADDRESS.matcher(text).matches()) {
            host = text;
            port = DEFAULT_PORT;
        } else {
            return Optional.empty();
        }
        host = host.replaceAll("^\\[|\\]$", "");
        return Optional.of(new PeerTarget(text, host, port, host.toLowerCase(Locale.ROOT) + ":" + port,
                Optional.empty(), false));
    }

    private static boolean sameHost(String a, String b) {
        return a != null && !a.isEmpty() && a.replaceAll("^\\[|\\]$", "").equalsIgnoreCase(b);
    }

    private static Optional<PeerInfo> byName(String text, List<PeerInfo> peers) throws PeerException {
        String t = text.toLowerCase(Locale.ROOT);
        for (PeerInfo p : peers) {
            if (p.deviceId().equalsIgnoreCase(text) || p.name().equalsIgnoreCase(text)) {
                return Optional.of(p);
            }
        }
        List<PeerInfo> prefixed = new ArrayList<>();
        for (PeerInfo p : peers) {
            if (p.name().toLowerCase(Locale.ROOT).startsWith(t)) {
                prefixed.add(p);
            }
        }
        if (prefixed.size() > 1) {
            throw new PeerException("'" + text + "' could be " + String.join(" or ",
                    prefixed.stream().map(PeerInfo::name).toList()) + "; type more of the name");
        }
        return prefixed.stream().findFirst();
    }

    private static PeerTarget fromPeer(PeerInfo p) {
        String host = p.connectTo();
        return new PeerTarget(p.name().isEmpty() ? host : p.name(), host, p.port(),
                p.deviceId().isEmpty() ? host + ":" + p.port() : p.deviceId(),
                p.fingerprint().isEmpty() ? Optional.empty() : Optional.of(p.fingerprint()), p.openToGuests());
    }
}
