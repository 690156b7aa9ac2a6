package dev.lanshare.service.discovery;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * One resolved {@code _lanshare._tcp} service as one of our mDNS responders saw it: copied out of JmDNS at once
 * so that nothing else touches JmDNS objects from other threads.
 *
 * @param via      the local address whose responder saw it: the same peer is seen once per shared network
 * @param instance the service instance name
 * @param host     the SRV target, such as {@code ann-laptop.local}
 * @param txt      the decoded TXT record
 */
record Sighting(String via, String instance, String host, List<InetAddress> addresses, int port,
        Map<String, String> txt) {
    Sighting {
        addresses = List.copyOf(addresses);
        txt = Map.copyOf(txt);
    }

    /** The {@code via} of a machine met over SSH rather than mDNS: {@code added HOST:PORT}, {@code introduced ID}. */
    static String contact(String source, String where) {
        return source + " " + where;
    }

    /** {@link Peer#MDNS}, {@link Peer#MANUAL}, {@link Peer#INTRODUCED} or {@link Peer#DNS_SD}. */
    String source() {
        return via.startsWith(Peer.MANUAL + " ") ? Peer.MANUAL : via.startsWith(Peer.INTRODUCED + " ")
                ? Peer.INTRODUCED : via.startsWith(Peer.DNS_SD + " ") ? Peer.DNS_SD : Peer.MDNS;
    }

    String key() {
        return key(via, instance);
    }

    static String key(String via, String instance) {
        return via + "|" + instance;
    }
}
