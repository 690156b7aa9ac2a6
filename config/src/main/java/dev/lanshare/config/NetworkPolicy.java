package dev.lanshare.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which client addresses may connect at all. Each entry is a named range ({@code loopback}, {@code private},
 * {@code link-local}, {@code cgnat}, {@code any}) or a CIDR block such as {@code 198.18.0.0/15}.
 */
public record NetworkPolicy(List<String> allow) {
    /** What an office LAN looks like: never the open internet. */
    public static final NetworkPolicy DEFAULT =
            new NetworkPolicy(List.of("loopback", "private", "link-local", "cgnat"));

    private static final Map<String, List<String>> NAMED = Map.of(
            "loopback", List.of("127.0.0.0/8", "::1/128"),
            // RFC 1918 and RFC 4193
            "private", List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"),
            "link-local", List.of("169.254.0.0/16", "fe80::/10"),
            // RFC 6598
            "cgnat", List.of("100.64.0.0/10"),
            "any", List.of("0.0.0.0/0", "::/0"));

    public NetworkPolicy {
        allow = List.copyOf(allow);
    }

    /** Whether a client at {@code address} may connect. IPv4-mapped IPv6 addresses count as IPv4. */
    public boolean allows(InetAddress address) {
        byte[] bytes = unmapped(address.getAddress());
        for (String entry : allow) {
            for (String cidr : NAMED.getOrDefault(entry.toLowerCase(Locale.ROOT), List.of(entry))) {
                Block block = Block.parse(cidr);
                if (block != null && block.contains(bytes)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns a problem description for each entry that is neither a named range nor a CIDR block. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (String entry : allow) {
            if (!NAMED.containsKey(entry.toLowerCase(Locale.ROOT)) && Block.parse(entry) == null) {
                problems.add("network: '" + entry + "' is neither a CIDR block (like 192.168.1.0/24) nor one of "
                        + String.join(", ", List.of("loopback", "private", "link-local", "cgnat", "any")));
            }
        }
        return problems;
    }

    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return bytes;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    private record Block(byte[] network, int prefix) {
        static Block parse(String cidr) {
            int slash = cidr.indexOf('/');
            // only literals: a host name here would mean a DNS look-up
            if (slash < 0 || !isLiteral(cidr.substring(0, slash))) {
                return null;
            }
            try {
                byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                int prefix = Integer.parseInt(cidr.substring(slash + 1));
                return prefix < 0 || prefix > net.length * 8 ? null : new Block(net, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                return null;
            }
        }

        private static boolean isLiteral(String text) {
            return text.matches("(\\d{1,3}\\.){3}\\d{1,3}") || text.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
