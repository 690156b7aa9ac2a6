package dev.lanshare.service.discovery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Another lanshare machine as this one sees it on the network.
 *
 * @param deviceId        stable id the machine generated once (32 hex digits); the identity of a peer
 * @param name            its DNS-SD instance name: the display name, as the network finally accepted it
 * @param host            its mDNS host name, such as {@code ann-laptop.local}
 * @param addresses       where it answers, best first (an address in one of our own subnets leads)
 * @param port            its SFTP port
 * @param fingerprint     its SSH host-key fingerprint ({@code SHA256:...}) to check the key against
 * @param shares          the folders it shares, as far as its announcement holds them
 * @param sharesTruncated the announcement had no room for every share: list the SFTP root for the rest
 * @param lastSeen        when it last announced itself or answered a reachability check
 * @param source          how it is known: {@value #MDNS} (on this network), {@value #MANUAL} (added by address)
 *                        {@value #INTRODUCED} (another machine told us about it)
 *                        or {@value #DNS_SD} (registered in the office DNS domain)
 */
public record Peer(String deviceId, String name, String host, List<InetAddress> addresses, int port,
        String fingerprint, List<Folder> shares, boolean sharesTruncated, Instant lastSeen, String source) {
    public static final String MDNS = "mdns";
    public static final String MANUAL = "manual";
    public static final String INTRODUCED = "introduced";
    public static final String DNS_SD = "dns-sd";

    /** One shared folder of a peer. */
    public record Folder(String name, boolean readOnly, boolean guests) {
        public Folder {
            Objects.requireNonNull(name, "name");
        }
    }

    public Peer {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
        shares = List.copyOf(shares);
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(source, "source");
    }

    /** A peer found over mDNS. */
    public Peer(String deviceId, String name, String host, List<InetAddress> addresses, int port,
            String fingerprint, List<Folder> shares, boolean sharesTruncated, Instant lastSeen) {
        this(deviceId, name, host, addresses, port, fingerprint, shares, sharesTruncated, lastSeen, MDNS);
    }

    /** Whether some share is open to guests: a file manager then logs in as {@code guest}. */
    public boolean guests() {
        return shares.stream().anyMatch(Folder::guests);
    }

    /**
     * The URL a file manager opens, {@code sftp://[guest@]ADDRESS:PORT/}. It names the best address rather than
     * the {@code .local} host name, because resolving {@code .local} needs nss-mdns, which not every machine has.
     */
    public String url() {
        String where = addresses.isEmpty() ? host : literal(addresses.get(0));
        return "sftp://" + (guests() ? "guest@" : "") + where + ":" + port + "/";
    }

    /**
     * The peer as the control channel sends it ({@code peers.list}, {@code peer-found} ...): plain JSON values,
     * keys as in {@code docs/discovery.md}.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", deviceId);
        m.put("name", name);
        m.put("host", host);
        m.put("address", addresses.isEmpty() ? host : addresses.get(0).getHostAddress());
        m.put("addresses", addresses.stream().map(InetAddress::getHostAddress).toList());
        m.put("port", port);
        m.put("fingerprint", fingerprint);
        m.put("url", url());
        m.put("guests", guests());
        m.put("shares", shares.stream().map(f -> Map.of("name", f.name(), "readOnly", f.readOnly(),
                "guests", f.guests())).toList());
        m.put("sharesTruncated", sharesTruncated);
        m.put("lastSeen", lastSeen.toString());
        m.put("source", source);
        return m;
    }

    /** The same peer with everything but {@link #lastSeen}: what decides whether it "changed". */
    boolean sameAs(Peer other) {
        return other != null && deviceId.equals(other.deviceId) && name.equals(other.name)
                && host.equals(other.host) && addresses.equals(other.addresses) && port == other.port
                && fingerprint.equals(other.fingerprint) && shares.equals(other.shares)
                && sharesTruncated == other.sharesTruncated && source.equals(other.source);
    }

    private static String literal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            String text = v6.getHostAddress();
            // a zone id ("%eth0") is only meaningful on this machine and must be escaped in a URL
            return "[" + text.replace("%", "%25") + "]";
        }
        return address.getHostAddress();
    }
}
