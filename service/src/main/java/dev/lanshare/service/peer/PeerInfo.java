package dev.lanshare.service.peer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A colleague's machine as the running service describes it ({@code peers.list}, {@code lanshare peers --json}; the
 * fields are in docs/discovery.md): what the command line and the tray read to list colleagues and to connect.
 *
 * @param address     the address to connect to: the first of {@code addresses}, else {@code host}
 * @param source      {@code mdns}, {@code manual} (added by address) or {@code introduced} (by another machine)
 * @param lastSeen    an ISO-8601 instant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerInfo(String deviceId, String name, String host, String address, List<String> addresses, int port,
        String fingerprint, String url, boolean guests, List<ShareInfo> shares, boolean sharesTruncated,
        String lastSeen, String source) {
    /** One of its shares: whether it is read-only and open to guests. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ShareInfo(String name, boolean readOnly, boolean guests) {
        public ShareInfo {
            name = name == null ? "" : name;
        }
    }

    public PeerInfo {
        deviceId = orEmpty(deviceId);
        name = orEmpty(name);
        host = orEmpty(host);
        address = orEmpty(address);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        port = port == 0 ? PeerResolver.DEFAULT_PORT : port;
        fingerprint = orEmpty(fingerprint);
        url = orEmpty(url);
        shares = shares == null ? List.of() : List.copyOf(shares);
        lastSeen = orEmpty(lastSeen);
        source = source == null || source.isEmpty() ? "mdns" : source;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The name to show: its name, else its host. */
    public String label() {
        return name.isEmpty() ? host : name;
    }

    /** Where to connect: {@code address}, else {@code host}, else the first of {@code addresses}. */
    public String connectTo() {
        if (!address.isEmpty()) {
            return address;
        }
        return !host.isEmpty() || addresses.isEmpty() ? host : addresses.get(0);
    }

    /** Whether a guest may open something there: the machine says so, or one of its shares does. */
    public boolean openToGuests() {
        return guests || shares.stream().anyMatch(ShareInfo::guests);
    }
}
