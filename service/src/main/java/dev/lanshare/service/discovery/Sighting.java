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

    String key() {
        return key(via, instance);
    }

    static String key(String via, String instance) {
        return via + "|" + instance;
    }
}
