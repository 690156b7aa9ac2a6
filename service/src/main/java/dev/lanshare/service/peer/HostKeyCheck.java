package dev.lanshare.service.peer;

import dev.lanshare.service.keys.JdkEd25519;
import dev.lanshare.service.keys.KeyLineException;
import dev.lanshare.service.keys.PublicKeyLine;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;

/**
 * Decides whether a peer's host key is the right one, during the key exchange and so before any credential is
 * sent ({@link PeerSessions} asks): the key {@link TrustStore} remembers for the peer, else, the first time, the
 * fingerprint the peer announced; a key accepted the first time is remembered.
 */
final class HostKeyCheck {
    static {
        JdkEd25519.install();
    }

    private HostKeyCheck() {
    }

    /** Why {@code key} is refused for {@code peer}, or empty when it is the trusted one (remembered if new). */
    static Optional<String> refusal(TrustStore trust, PeerTarget peer, PublicKey key) {
        String line = PublicKeyEntry.toString(key);
        String seen = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        try {
            var remembered = trust.key(peer.trustId());
            if (remembered.isPresent()) {
                return remembered.get().equals(line) ? Optional.empty() : Optional.of(String.format(
                        "the host key of %s has CHANGED: it was %s, now it is %s. This may be a reinstalled "
                                + "machine, or another machine pretending to be it. Ask its owner to read you the "
                                + "fingerprint from 'lanshare status'; if it matches, run: lanshare trust %s --reset",
                        peer.label(), fingerprintOf(remembered.get()), seen, peer.label()));
            }
            if (peer.fingerprint().isPresent() && !peer.fingerprint().get().equals(seen)) {
                return Optional.of(String.format("%s announced host key %s but answered with %s; not connecting "
                        + "(another machine may be answering in its place)", peer.label(), peer.fingerprint().get(),
                        seen));
            }
            trust.remember(peer.trustId(), line);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("the trusted host keys cannot be read: " + e.getMessage());
        }
    }

    static String fingerprintOf(String keyLine) {
        try {
            return PublicKeyLine.parse(keyLine).fingerprint();
        } catch (KeyLineException e) {
            return "(unreadable)";
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * MINA's default key exchanges with curve25519 first: for connections on which nothing secret travels (reading
     * a host key, the hello subsystem), where the post-quantum sntrup761 exchange would cost about a second of a
     * cold JVM for nothing.
     */
    static List<KeyExchangeFactory> curve25519First() {
        List<KeyExchangeFactory> kex = new ArrayList<>();
        kex.add(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.curve25519));
        ClientBuilder.setUpDefaultKeyExchanges(true).stream()
                .filter(f -> !f.getName().equals(BuiltinDHFactories.curve25519.getName())).forEach(kex::add);
        return kex;
    }
}
