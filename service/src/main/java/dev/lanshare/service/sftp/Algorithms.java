package dev.lanshare.service.sftp;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.server.ServerBuilder;

/**
 * The algorithms this server offers: modern only (no SHA-1, no CBC, no small DH groups). The client's order wins,
 * and OpenSSH's client puts chacha20-poly1305 first, then AES-CTR, then AES-GCM: so the offer alone decides.
 * Only AES-GCM is offered: MINA's chacha20-poly1305 is pure Java and halves throughput (offered only when the
 * settings ask for it), and AES-CTR with HMAC costs more CPU per byte than AES-GCM, which the JDK runs on the
 * CPU's AES and carry-less multiply instructions. Every maintained SSH client supports AES-GCM.
 */
final class Algorithms {
    private Algorithms() {
    }

    static List<NamedFactory<Cipher>> ciphers(boolean chacha20) {
        List<BuiltinCiphers> list = new ArrayList<>(List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm));
        if (chacha20) {
            list.add(BuiltinCiphers.cc20p1305_openssh);
        }
        return supported(list);
    }

    static List<NamedFactory<Mac>> macs() {
        return supported(List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm, BuiltinMacs.hmacsha256,
                BuiltinMacs.hmacsha512));
    }

    static List<KeyExchangeFactory> keyExchanges() {
        List<BuiltinDHFactories> list = List.of(BuiltinDHFactories.mlkem768x25519,
                BuiltinDHFactories.sntrup761x25519_openssh, BuiltinDHFactories.sntrup761x25519,
                BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.ecdhp256,
                BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp521, BuiltinDHFactories.dhg16_512,
                BuiltinDHFactories.dhg18_512);
        return NamedFactory.setUpTransformedFactories(true, list, ServerBuilder.DH2KEX);
    }

    static List<NamedFactory<Signature>> signatures() {
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
}
