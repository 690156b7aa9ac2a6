package dev.lanshare.service.peer;

import dev.lanshare.service.keys.Algorithms;
import dev.lanshare.service.keys.JdkEd25519;
import dev.lanshare.service.keys.KeyLineException;
import dev.lanshare.service.keys.PublicKeyLine;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.kex.KeyExchangeFactory;

/**
 * Decides whether a peer's host key is the right one before any credential is sent: reads the key with a bare
 * key exchange (MINA's client), compares it with what {@link TrustStore} remembers or, the first time, with the
 * fingerprint the peer announced, and only then lets the real connection go ahead pinned to that key.
 */
final class HostKeyCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    static {
        JdkEd25519.install();
    }

    private HostKeyCheck() {
    }

    /** Returns the peer's key as an authorized_keys-style line ({@code ssh-ed25519 AAAA...}) once trusted. */
    static String trusted(PeerTarget peer, TrustStore trust) throws IOException, PeerException {
        PublicKey key = fetch(peer);
        Optional<String> why = refusal(trust, peer, key);
        if (why.isPresent()) {
            throw new PeerException.HostKeyChanged(why.get());
        }
        return PublicKeyEntry.toString(key);
    }

    /**
     * Why {@code key} is not the one to trust for {@code peer}, or empty when it is: the key remembered for the
     * peer, else, the first time, the fingerprint it announced; a key accepted the first time is remembered.
     */
    static Optional<String> refusal(TrustStore trust, PeerTarget peer, PublicKey key) throws IOException {
        String line = PublicKeyEntry.toString(key);
        String seen = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        var remembered = trust.key(peer.trustId());
        if (remembered.isPresent()) {
            return remembered.get().equals(line) ? Optional.empty() : Optional.of(String.format(
                    "the host key of %s has CHANGED: it was %s, now it is %s. This may be a reinstalled "
                            + "machine, or another machine pretending to be it. Ask its owner to read you the "
                            + "fingerprint from 'lanshare status'; if it matches, run: lanshare trust %s --reset",
                    peer.label(), fingerprintOf(remembered.get()), seen, shellWord(peer.label())));
        }
        if (peer.fingerprint().isPresent() && !peer.fingerprint().get().equals(seen)) {
            return Optional.of(String.format("%s announced host key %s but answered with %s; not connecting "
                    + "(another machine may be answering in its place)", peer.label(), peer.fingerprint().get(),
                    seen));
        }
        trust.remember(peer.trustId(), line);
        return Optional.empty();
    }

    /**
     * {@code word} as one word of a POSIX shell's command line, to be pasted: as it is when nothing in it means
     * anything to a shell, else in single quotes ({@code 'Ben'\''s PC'}). The advice to run {@code lanshare trust
     * Ben's PC --reset} did not run as written.
     */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9._:@%+=,/-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    static String fingerprintOf(String keyLine) {
        try {
            return PublicKeyLine.parse(keyLine).fingerprint();
        } catch (KeyLineException e) {
            return "(unreadable)";
        }
    }

    private static PublicKey fetch(PeerTarget peer) throws PeerException {
        AtomicReference<PublicKey> seen = new AtomicReference<>();
        SshClient client = SshClient.setUpDefaultClient();
        // this connection only reads the key (and checks the peer signs with it); nothing secret travels on it, so
        // the quick exchanges go first; the real connection that follows negotiates its own
        client.setKeyExchangeFactories(quick());
        client.setServerKeyVerifier((session, address, key) -> {
            seen.set(key);
            return true; // judged below; no credential is sent on this connection
        });
        client.start();
        try (ClientSession session = client.connect("lanshare", peer.host(), peer.port()).verify(TIMEOUT)
                .getSession()) {
            session.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.WAIT_AUTH,
                    ClientSession.ClientSessionEvent.CLOSED), TIMEOUT);
            // a polite goodbye (SSH_MSG_DISCONNECT), so that the peer does not log a reset connection
            session.close(false).await(TIMEOUT);
        } catch (IOException e) {
            if (seen.get() == null) {
                throw new PeerException(peer.label() + " cannot be reached at " + peer.host() + ":" + peer.port()
                        + " (" + rootMessage(e) + ")", e);
            }
        } finally {
            client.stop();
        }
        if (seen.get() == null) {
            // a lanshare service closes a connection before any SSH when it does not serve that address
            throw new PeerException(peer.label() + " closed the connection before showing its host key: sharing may "
                    + "be paused there, or its settings may not let this machine's address in (network.allow)");
        }
        return seen.get();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
            return "no machine of that name or address is known here";
        }
        String m = String.valueOf(t.getMessage());
        if (m.contains("within specified timeout")) { // MINA's "DefaultConnectFuture[...]: Failed to get ..."
            return "no answer: it timed out";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The key exchanges of connections on which nothing is kept secret for long: {@link Algorithms#quickKeyExchanges}. */
    static List<KeyExchangeFactory> quick() {
        return Algorithms.quickKeyExchanges(ClientBuilder.DH2KEX);
    }
}
