package dev.lanshare.service.discovery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether mDNS from other machines reaches this one: joins the IPv4 mDNS group on 5353 beside the responders
 * (with address reuse, as they do), asks once who has services ({@code _services._dns-sd._udp} and
 * {@code _lanshare._tcp}, answers by multicast), and counts the packets that arrive from addresses that are not
 * this machine's own.
 */
final class MdnsListen {
    static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);

    private MdnsListen() {
    }

    /** What arrived: how many packets from other machines, and from which addresses. */
    record Heard(int packets, Set<String> from) {
    }

    static Heard listen(List<Interfaces.Choice> on, Duration time) throws IOException {
        Set<InetAddress> own = ownAddresses();
        Set<String> from = new TreeSet<>();
        int packets = 0;
        try (MulticastSocket socket = new MulticastSocket(null)) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(GROUP.getPort()));
            Set<String> joined = new HashSet<>();
            for (Interfaces.Choice c : on) {
                NetworkInterface nif = NetworkInterface.getByName(c.interfaceName());
                if (nif != null && joined.add(c.interfaceName())) {
                    socket.joinGroup(GROUP, nif);
                    socket.setNetworkInterface(nif);
                    byte[] q = query();
                    socket.send(new DatagramPacket(q, q.length, GROUP));
                }
            }
            long end = System.nanoTime() + time.toNanos();
            byte[] buf = new byte[9000];
            while (System.nanoTime() < end) {
                socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (!own.contains(p.getAddress())) {
                    packets++;
                    from.add(p.getAddress().getHostAddress());
                }
            }
        }
        return new Heard(packets, from);
    }

    private static Set<InetAddress> ownAddresses() throws IOException {
        Set<InetAddress> own = new HashSet<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            own.addAll(Collections.list(nif.getInetAddresses()));
        }
        return own;
    }

    /** One mDNS query (RFC 6762 section 18), two PTR questions, multicast answers wanted. */
    static byte[] query() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0}); // id 0, flags 0, 2 questions
        for (String name : List.of("_services._dns-sd._udp.local", "_lanshare._tcp.local")) {
            for (String label : name.split("\\.")) {
                byte[] b = label.getBytes(StandardCharsets.US_ASCII);
                out.write(b.length);
                out.writeBytes(b);
            }
            out.writeBytes(new byte[] {0, 0, 12, 0, 1}); // end of name, type PTR, class IN
        }
        return out.toByteArray();
    }
}
