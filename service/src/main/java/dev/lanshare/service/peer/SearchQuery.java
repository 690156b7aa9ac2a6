package dev.lanshare.service.peer;

import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.search.Match;
import dev.lanshare.service.search.SearchProtocol;
import dev.lanshare.service.search.SearchRequest;
import dev.lanshare.service.keys.HostKey;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;

/**
 * Asks colleagues' machines a search over their SSH port ({@value SearchProtocol#SUBSYSTEM}), with MINA's client:
 * one client for many peers at once, each session pinned to the peer's trusted host key (remembered in
 * {@link TrustStore}, else the fingerprint it announced), logging in with the given account or as the guest.
 * {@link #ask} needs only a {@link ClientSession}, so that a shared session pool can take over the connecting.
 */
public final class SearchQuery implements Closeable {
    private static final AttributeRepository.AttributeKey<PeerTarget> PEER = new AttributeRepository.AttributeKey<>();

    static {
        dev.lanshare.service.keys.JdkEd25519.install();
    }

    private final SshClient client = SshClient.setUpDefaultClient();
    private final TrustStore trust;
    private final AppDirs dirs;
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    public SearchQuery(AppDirs dirs) {
        this.dirs = dirs;
        this.trust = new TrustStore(dirs.state().resolve("known_peers"));
        // nothing is kept secret for long on a search connection, and the post-quantum exchange costs about a
        // second of a cold JVM: the cheap curve25519 goes first (the peer still offers the others)
        List<KeyExchangeFactory> kex = new ArrayList<>();
        kex.add(ClientBuilder.DH2KEX.apply(BuiltinDHFactories.curve25519));
        ClientBuilder.setUpDefaultKeyExchanges(true).stream()
                .filter(f -> !f.getName().equals(BuiltinDHFactories.curve25519.getName())).forEach(kex::add);
        client.setKeyExchangeFactories(kex);
        client.setServerKeyVerifier((session, address, key) -> judge(peerOf(session), key));
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
            session.addPasswordIdentity(who.password());
            session.auth().verify(timeout);
            return session;
        } catch (IOException e) {
            session.close(true);
            String why = refused.remove(peer.trustId());
            if (why != null) {
                throw new PeerException.HostKeyChanged(why);
            }
            throw new PeerException(peer.label() + " did not let " + who.user() + " in ("
                    + HostKeyCheck.rootMessage(e) + ")", e);
        }
    }

    /** Asks one search on an open session; {@code each} gets the matches as they arrive. */
    public static SearchProtocol.Line ask(ClientSession session, SearchRequest request, Consumer<Match> each,
            Duration timeout) throws IOException {
        try (ChannelSubsystem channel = session.createSubsystemChannel(SearchProtocol.SUBSYSTEM)) {
            channel.open().verify(timeout);
            OutputStream out = channel.getInvertedIn();
            out.write((request.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(channel.getInvertedOut(),
                    StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                SearchProtocol.Line l = SearchProtocol.read(line);
                if (l.end()) {
                    return l;
                }
                l.match().ifPresent(each);
            }
            throw new IOException("the answer stopped before its end");
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
        String line = PublicKeyEntry.toString(key);
        String seen = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        try {
            var remembered = trust.key(peer.trustId());
            if (remembered.isPresent()) {
                return remembered.get().equals(line) || refuse(peer, "the host key of " + peer.label()
                        + " has CHANGED: it was " + HostKeyCheck.fingerprintOf(remembered.get()) + ", now it is "
                        + seen + "; if its owner confirms, run: lanshare trust " + peer.label() + " --reset");
            }
            if (peer.fingerprint().isPresent() && !peer.fingerprint().get().equals(seen)) {
                return refuse(peer, peer.label() + " announced host key " + peer.fingerprint().get()
                        + " but answered with " + seen + "; not connecting");
            }
            trust.remember(peer.trustId(), line);
            return true;
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
