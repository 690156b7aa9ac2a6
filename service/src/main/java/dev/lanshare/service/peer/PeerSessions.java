package dev.lanshare.service.peer;

import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.keys.Algorithms;
import dev.lanshare.service.keys.HostKey;
import java.io.Closeable;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * SSH sessions to colleagues' machines with MINA's client: one client for many peers at once, each session pinned
 * to the peer's trusted host key (remembered in {@link TrustStore}, else the fingerprint it announced), logging in
 * with the given account (this machine's client key, then the password) or as the guest. Searches ask over them
 * ({@link SearchQuery}); copies move files over them ({@link Transfers}).
 */
public final class PeerSessions implements Closeable {
    private static final AttributeRepository.AttributeKey<PeerTarget> PEER = new AttributeRepository.AttributeKey<>();
    /**
     * The receive window of a big file's channel: what may be on its way to us unread. MINA's pipelined reads keep
     * this much in flight (of one packet each); on loopback a 256 MiB copy took about 3 s with MINA's 2 MiB and
     * 0.8-1 s with this, OpenSSH's sftp's time.
     */
    static final long COPY_WINDOW = 16L * 1024 * 1024;
    /**
     * The receive window of each channel of a folder's files in flight together (MINA's default was 2 MiB). What
     * 16 channels held unread lived through collections in both services' small heaps: a folder of 200 files of 5
     * MiB from a warm colleague on loopback (four rounds each) took 5.6-6.2 s with 2 MiB, the copying service
     * collecting 761 times; 4.2-4.7 s with 512 KiB (207 times), the two services' CPU 9.6 -> 7.0 s; 3.6-3.9 s with
     * 256 KiB. 512 KiB still lets 16 files move 2 GB/s at 4 ms of round trip, two files 256 MB/s.
     */
    static final long FOLDER_WINDOW = 512L * 1024;
    /**
     * How often a session asks the colleague for a sign of life, and how many such questions may go unanswered
     * before the session is taken for lost: 20-25 s after a colleague vanished. The answer queues behind what the
     * colleague already sent, at most a {@link #COPY_WINDOW}: 16 MiB, about 7 s on a slow Wi-Fi of 20 Mbit/s.
     */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final int HEARTBEATS_UNANSWERED = 4;

    static {
        dev.lanshare.service.keys.JdkEd25519.install();
    }

    private final SshClient client = SshClient.setUpDefaultClient();
    private final TrustStore trust;
    private final AppDirs dirs;
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    /** Sessions for copies: the post-quantum key exchanges first (ML-KEM, then sntrup761), as the server offers. */
    public PeerSessions(AppDirs dirs) {
        this(dirs, false);
    }

    /**
     * @param quick {@link HostKeyCheck#quick}: for sessions on which nothing is kept secret for long (a search);
     *              copies put both post-quantum exchanges first
     */
    public PeerSessions(AppDirs dirs, boolean quick) {
        this.dirs = dirs;
        this.trust = TrustStore.of(dirs);
        client.setKeyExchangeFactories(quick ? HostKeyCheck.quick()
                : Algorithms.keyExchanges(ClientBuilder.DH2KEX));
        client.setServerKeyVerifier((session, address, key) -> judge(peerOf(session), key));
        // small requests go out at once: with Nagle's algorithm each file's open, close and last read waited for
        // the ACK of the one before (a folder of 2,000 small files on loopback: 3.0 s, 2.0 s without)
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        // a colleague that vanishes (its Wi-Fi gone, its lid shut) sends no reset: without asking it something now
        // and then, a copy waited for MINA's idle timeout (10 minutes) before it said it had lost the connection
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, HEARTBEAT);
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, HEARTBEATS_UNANSWERED);
        client.start();
    }

    /** Connects to {@code peer} and logs in; the session is pinned to the peer's trusted key. */
    public ClientSession connect(PeerTarget peer, PeerClient.Credentials who, Duration timeout) throws IOException,
            PeerException {
        ClientSession session;
        try {
            session = client.connect(who.user(), peer.host(), peer.port(),
                    AttributeRepository.ofKeyValuePair(PEER, peer)).verify(timeout).getSession();
        } catch (IOException e) {
            throw new PeerException(peer.label() + " cannot be reached at " + peer.host() + ":" + peer.port()
                    + " (" + HostKeyCheck.rootMessage(e) + ")", e);
        }
        try {
            if (!Account.GUEST.equals(who.user())) {
                java.nio.file.Path key = dirs.config().resolve("client_key");
                HostKey.loadOrCreate(key);
                session.setKeyIdentityProvider(new org.apache.sshd.common.keyprovider.FileKeyPairProvider(key));
            }
            if (!who.password().isEmpty()) { // an account logging in with this machine's key alone
                session.addPasswordIdentity(who.password());
            }
            session.auth().verify(timeout);
            return session;
        } catch (IOException e) {
            boolean dropped = !session.isOpen(); // before this side closes it: the colleague's side went away
            session.close(true);
            String why = refused.remove(peer.trustId());
            if (why != null) {
                throw new PeerException.HostKeyChanged(why);
            }
            String root = HostKeyCheck.rootMessage(e);
            if (root.contains("authentication methods")) {
                throw new PeerException(peer.label() + PeerErrors.notLetIn(Account.GUEST.equals(who.user())), e);
            }
            if (dropped) { // not a refusal: a copy that reconnected as the colleague stopped says it lost it
                throw new PeerException(peer.label() + " closed the connection while " + who.user()
                        + " was logging in; run the same command again", e);
            }
            throw new PeerException(peer.label() + " did not let " + who.user() + " in (" + root + ")", e);
        }
    }

    private static PeerTarget peerOf(ClientSession session) {
        AttributeRepository context = session instanceof org.apache.sshd.client.session.AbstractClientSession a
                ? a.getConnectionContext() : null;
        return context == null ? null : context.getAttribute(PEER);
    }

    /** The host-key decision of {@link HostKeyCheck}, made during the key exchange of the real connection. */
    private boolean judge(PeerTarget peer, PublicKey key) {
        if (peer == null) {
            return false;
        }
        try {
            Optional<String> why = HostKeyCheck.refusal(trust, peer, key);
            return why.isEmpty() || refuse(peer, why.get());
        } catch (IOException e) {
            return refuse(peer, "the trusted host keys cannot be read: " + e.getMessage());
        }
    }

    private boolean refuse(PeerTarget peer, String why) {
        refused.put(peer.trustId(), why);
        return false;
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }
}
