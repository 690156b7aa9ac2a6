package dev.lanshare.service.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

/**
 * The algorithms this server offers: modern only (no SHA-1, no CBC, no small DH groups, no DSA, no {@code ssh-rsa}
 * signatures).
 *
 * <p>AES-GCM is offered to every client; MINA's chacha20-poly1305 is pure Java and halves throughput, so it is
 * offered only when the settings ask for it. AES-CTR with HMAC-SHA2 is sound but costs more CPU per byte than
 * AES-GCM, which the JDK runs on the CPU's AES and carry-less multiply instructions; some clients speak only CTR
 * (Debian 12's paramiko 2.12, older libssh2 and PuTTY-family clients). The client's order wins, and OpenSSH's
 * client puts AES-CTR before AES-GCM: offered CTR, it would pick it. So CTR is offered per session, after the
 * client's identification line has arrived and before this server's key exchange offer is sent (MINA sends it
 * right after the identification): every client gets CTR after GCM, except those named by {@link #preferCtrToGcm},
 * which speak GCM but would choose CTR. The identification is part of the key exchange hash, so a man in the middle
 * cannot change it to steer a client to CTR.
 */
public final class Algorithms {
    /** {@code OpenSSH_6.2} or later (also {@code OpenSSH_for_Windows_8.1}): AES-GCM since 6.2. */
    private static final Pattern OPENSSH = Pattern.compile("OpenSSH_(?:for_Windows_)?(\\d+)\\.(\\d+)");
    /** MINA's own client: AES-GCM since 2.6, listed after AES-CTR. */
    private static final Pattern MINA = Pattern.compile("APACHE-SSHD-(\\d+)\\.(\\d+)");

    private Algorithms() {
    }

    public static List<NamedFactory<Cipher>> ciphers(boolean chacha20) {
        List<BuiltinCiphers> list = new ArrayList<>(List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm));
        if (chacha20) {
            list.add(BuiltinCiphers.cc20p1305_openssh);
        }
        return supported(list);
    }

    /** AES-CTR, for clients without AES-GCM: always with one of {@link #macs()}. */
    public static List<NamedFactory<Cipher>> ctr() {
        return supported(List.of(BuiltinCiphers.aes128ctr, BuiltinCiphers.aes256ctr));
    }

    /**
     * True when the identification line names a client that speaks AES-GCM but lists AES-CTR first: OpenSSH 6.2 or
     * later and MINA 2.6 or later. Other clients either list GCM first or lack it.
     */
    static boolean preferCtrToGcm(String clientVersion) {
        String id = clientVersion == null ? "" : clientVersion;
        return atLeast(OPENSSH.matcher(id), 6, 2) || atLeast(MINA.matcher(id), 2, 6);
    }

    private static boolean atLeast(Matcher m, int major, int minor) {
        if (!m.find()) {
            return false;
        }
        int a = Integer.parseInt(m.group(1));
        return a > major || a == major && Integer.parseInt(m.group(2)) >= minor;
    }

    public static List<NamedFactory<Mac>> macs() {
        return supported(List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm, BuiltinMacs.hmacsha256,
                BuiltinMacs.hmacsha512));
    }

    /**
     * The key exchanges, made into factories by {@code side} ({@code ServerBuilder.DH2KEX} for the server), so that
     * this package needs no server class.
     */
    public static List<KeyExchangeFactory> keyExchanges(Function<DHFactory, KeyExchangeFactory> side) {
        List<BuiltinDHFactories> list = List.of(BuiltinDHFactories.mlkem768x25519,
                BuiltinDHFactories.sntrup761x25519_openssh, BuiltinDHFactories.sntrup761x25519,
                BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.ecdhp256,
                BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp521, BuiltinDHFactories.dhg16_512,
                BuiltinDHFactories.dhg18_512);
        return NamedFactory.setUpTransformedFactories(true, list, side);
    }

    /**
     * The same with curve25519 before sntrup761: for a client's connections on which nothing is kept secret for
     * long (reading a host key, introductions, searches). ML-KEM stays first, post-quantum and as quick as
     * curve25519 (a cold JVM's first exchange: about 160 ms each, measured on loopback); sntrup761 costs 330-430 ms,
     * which is paid only with a peer offering neither of the other two.
     */
    public static List<KeyExchangeFactory> quickKeyExchanges(Function<DHFactory, KeyExchangeFactory> side) {
        List<KeyExchangeFactory> all = new ArrayList<>(keyExchanges(side));
        List<KeyExchangeFactory> curve = all.stream().filter(f -> f.getName().startsWith("curve25519")).toList();
        all.removeAll(curve);
        int after = all.isEmpty() || !all.get(0).getName().startsWith("mlkem") ? 0 : 1;
        all.addAll(after, curve);
        return all;
    }

    public static List<NamedFactory<Signature>> signatures() {
        return supported(List.of(BuiltinSignatures.ed25519, BuiltinSignatures.ed25519_cert,
                BuiltinSignatures.sk_ssh_ed25519, BuiltinSignatures.nistp256, BuiltinSignatures.nistp256_cert,
                BuiltinSignatures.nistp384, BuiltinSignatures.nistp384_cert, BuiltinSignatures.nistp521,
                BuiltinSignatures.nistp521_cert, BuiltinSignatures.sk_ecdsa_sha2_nistp256,
                BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA512_cert, BuiltinSignatures.rsaSHA256,
                BuiltinSignatures.rsaSHA256_cert));
    }

    private static <T, F extends NamedFactory<T> & org.apache.sshd.common.OptionalFeature> List<NamedFactory<T>>
            supported(List<F> list) {
        return new ArrayList<>(NamedFactory.setUpBuiltinFactories(true, list));
    }

    /**
     * Adds AES-CTR, after the server's ciphers, to the offer of a session whose client is not known to prefer it to
     * AES-GCM. MINA calls this when the client's identification has arrived, before it makes its offer.
     */
    public static final class PerClient implements SessionListener {
        @Override
        public void sessionPeerIdentificationReceived(Session session, String version, List<String> extraLines) {
            if (!preferCtrToGcm(version)) {
                List<NamedFactory<Cipher>> offer = new ArrayList<>(session.getCipherFactories());
                offer.addAll(ctr());
                session.setCipherFactories(offer);
            }
        }
    }
}
