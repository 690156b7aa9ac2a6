package dev.lanshare.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A colleague's machine added by address ({@code lanshare peers add HOST[:PORT]}): one that multicast DNS cannot
 * find, on another subnet. Its host key is pinned by {@code fingerprint}, which the user confirmed when adding it.
 *
 * @param host        an IP address or a host name
 * @param port        its SFTP port
 * @param fingerprint its host key's {@code SHA256:...} fingerprint
 */
public record AddedPeer(String host, int port, String fingerprint) {
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9a-fA-F:.]+\\]|[^:\\[\\]\\s]+)(?::(\\d{1,5}))?$");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    public AddedPeer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** Reads {@code HOST[:PORT]} ({@code [v6]:PORT} for IPv6); the port is {@code defaultPort} when left out. */
    public static AddedPeer parse(String address, int defaultPort, String fingerprint) {
        Matcher m = HOST_PORT.matcher(address == null ? "" : address.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + address + "' is not HOST or HOST:PORT (like 192.168.2.10:2222)");
        }
        int port = m.group(2) == null ? defaultPort : Integer.parseInt(m.group(2));
        return new AddedPeer(m.group(1).replaceAll("^\\[|\\]$", ""), port, fingerprint);
    }

    /** {@code HOST:PORT}, as the settings file holds it. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** A problem with the host or port, or null when they are fine (the fingerprint aside: one may not be known yet). */
    public String addressProblem() {
        if (host.isBlank() || host.length() > 253) {
            return "peer '" + address() + "': the host must be an address or a name of at most 253 characters";
        }
        if (port < 1 || port > 65535) {
            return "peer '" + address() + "': port " + port + " must be between 1 and 65535";
        }
        return null;
    }

    /** Whether this entry names the machine at {@code other} (HOST[:PORT]). */
    public boolean sameAddress(AddedPeer other) {
        return host.equalsIgnoreCase(other.host) && port == other.port;
    }

    /** A problem with this entry, or null when it is fine. */
    String problem() {
        String address = addressProblem();
        if (address != null) {
            return address;
        }
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            return "peer '" + address() + "': fingerprint '" + fingerprint + "' is not like SHA256:... (43 characters"
                    + " after the colon, as 'lanshare status' shows it on that machine)";
        }
        return null;
    }
}
