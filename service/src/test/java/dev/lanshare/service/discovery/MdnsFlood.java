package dev.lanshare.service.discovery;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Garbage for port 5353, run inside a test host: random bytes, truncated and mangled responses, absurd TXT
 * records, and thousands of well-formed announcements of fake lanshare machines. Sends to the mDNS group on one
 * interface and to one unicast target (a test host), a bounded number of packets, then stops. Test code only.
 *
 * <p>Arguments: interface, unicast target, fake services, junk packets, seed, own address (for fake A records).
 */
public final class MdnsFlood {
    private static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);

    private MdnsFlood() {
    }

    public static void main(String[] args) throws Exception {
        NetworkInterface nif = NetworkInterface.getByName(args[0]);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(args[1]), 5353);
        int fakes = Integer.parseInt(args[2]);
        int junk = Integer.parseInt(args[3]);
        Random random = new Random(Long.parseLong(args[4]));
        byte[] self = InetAddress.getByName(args[5]).getAddress();
        try (MulticastSocket socket = new MulticastSocket(0)) {
            socket.setNetworkInterface(nif);
            socket.setTimeToLive(255);
            for (int i = 0; i < Math.max(fakes, junk); i++) {
                if (i < fakes) {
                    send(socket, fake(i, random, self), i % 2 == 0 ? GROUP : target);
                }
                if (i < junk) {
                    send(socket, junk(i, random, self), i % 2 == 0 ? target : GROUP);
                }
                if (i % 20 == 0) {
                    Thread.sleep(5); // a flood, not a denial of service of the test machine itself
                }
            }
        }
        System.out.println("sent " + fakes + " fake services and " + junk + " junk packets");
    }

    private static void send(MulticastSocket socket, byte[] data, InetSocketAddress to) throws Exception {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    /** A well-formed announcement of a lanshare machine that does not exist (its port is closed). */
    static byte[] fake(int i, Random random, byte[] self) {
        String instance = "Fake " + i + "._lanshare._tcp.local";
        String host = "fake-" + i + ".local";
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("txtvers", "1");
        txt.put("pv", "1");
        txt.put("id", String.format("%016x%016x", random.nextLong(), random.nextLong()));
        txt.put("fp", "SHA256:fake");
        txt.put("n", "1");
        txt.put("s0", "rg:Stuff " + i);
        Packet p = new Packet(4);
        p.record("_lanshare._tcp.local", 12, false, 120, name("" + instance));
        p.record(instance, 33, true, 120, concat(new byte[] {0, 0, 0, 0, 0, 9}, name(host)));
        p.record(instance, 16, true, 120, Txt.encode(txt));
        p.record(host, 1, true, 120, self);
        return p.bytes();
    }

    /** Random bytes, a truncated or bit-flipped fake, or a TXT record that lies about its length. */
    static byte[] junk(int i, Random random, byte[] self) {
        switch (i % 4) {
            case 0: {
                byte[] b = new byte[random.nextInt(1500)];
                random.nextBytes(b);
                return b;
            }
            case 1: {
                byte[] f = fake(100_000 + i, random, self);
                return java.util.Arrays.copyOf(f, random.nextInt(f.length));
            }
            case 2: {
                byte[] f = fake(200_000 + i, random, self);
                for (int k = 0; k < 5; k++) {
                    f[12 + random.nextInt(f.length - 12)] ^= (byte) (1 << random.nextInt(8));
                }
                return f;
            }
            default: {
                Packet p = new Packet(1);
                byte[] absurd = new byte[1200];
                for (int k = 0; k < absurd.length; k += 2) {
                    absurd[k] = 1;
                    absurd[k + 1] = 'x';
                }
                absurd[absurd.length - 2] = (byte) 250; // the last string runs past the end
                p.record("Absurd " + i + "._lanshare._tcp.local", 16, true, 120, absurd);
                return p.bytes();
            }
        }
    }

    private static byte[] name(String dotted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : dotted.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.UTF_8);
            out.write(b.length);
            out.writeBytes(b);
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A DNS response (RFC 1035 4.1) with answers only, names written without compression. */
    private static final class Packet {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Packet(int answers) {
            out.writeBytes(new byte[] {0, 0, (byte) 0x84, 0, 0, 0, 0, (byte) answers, 0, 0, 0, 0});
        }

        void record(String owner, int type, boolean unique, int ttl, byte[] rdata) {
            out.writeBytes(name(owner));
            short16(type);
            short16(unique ? 0x8001 : 0x0001);
            short16(ttl >>> 16);
            short16(ttl & 0xffff);
            short16(rdata.length);
            out.writeBytes(rdata);
        }

        private void short16(int v) {
            out.write((v >>> 8) & 0xff);
            out.write(v & 0xff);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
