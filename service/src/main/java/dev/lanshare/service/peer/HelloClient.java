package dev.lanshare.service.peer;

import dev.lanshare.config.Account;
import dev.lanshare.service.keys.JdkEd25519;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Asks another lanshare machine for its introduction over the {@code lanshare-hello} SSH subsystem, logged in as
 * the guest. The host key is judged before the login: when an expected fingerprint is given, any other key ends
 * the connection at once. One SSH client serves every request; {@link #close} stops it.
 *
 * <p>Discovery asks each machine beyond the local network every few seconds. The session to a machine whose key is
 * known is kept open between asks and closed after {@link #KEEP} without one, so that each ask costs a channel on it
 * rather than a key exchange and a login on both machines. Two idle services, one added to the other by address:
 * each one's CPU went up by about 0.65% of a core with a new session per ask (services an hour old), by about 0.3%
 * with the kept session (services 10-20 minutes old).
 */
public final class HelloClient implements Closeable {
    public static final String SUBSYSTEM = "lanshare-hello";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_ANSWER = 64 * 1024;

    static {
        JdkEd25519.install();
    }

    /** The host key's fingerprint as seen, and the answer. */
    public record Answer(String fingerprint, String text) {
    }

    private static final AttributeRepository.AttributeKey<PublicKey> HOST_KEY = new AttributeRepository.AttributeKey<>();
    /** Answers the guest's keyboard-interactive login, which asks nothing, with nothing. */
    private static final UserInteraction GUEST = new UserInteraction() {
        @Override
        public String[] interactive(ClientSession session, String name, String instruction, String lang,
                String[] prompt, boolean[] echo) {
            return new String[prompt.length];
        }

        @Override
        public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
            return null;
        }
    };
    /** How long a session no ask used stays open (its idle time: MINA closes it). */
    static final Duration KEEP = Duration.ofSeconds(60);

    /** A session logged in and checked, and the key it showed. */
    private record Kept(ClientSession session, String seen) {
    }

    private final SshClient client = SshClient.setUpDefaultClient();
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    public HelloClient() {
        // nothing secret travels here: the quick exchanges first
        client.setKeyExchangeFactories(HostKeyCheck.quick());
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(client, true); // one small request, one answer
        org.apache.sshd.core.CoreModuleProperties.IDLE_TIMEOUT.set(client, KEEP); // a kept session nobody asks on
        client.setServerKeyVerifier((session, address, key) -> {
            session.setAttribute(HOST_KEY, key);
            return true; // judged in ask(), before anything but the guest's empty login is sent
        });
        client.start();
    }

    /**
     * @param fingerprint the host key expected ({@code SHA256:...}), or null to accept any and say which it was
     */
    public Answer ask(String host, int port, String fingerprint, String request) throws IOException {
        kept.values().removeIf(k -> !k.session().isOpen()); // closed after KEEP unused, or by the other side
        String key = host + " " + port + " " + fingerprint;
        Kept reuse = fingerprint == null ? null : kept.remove(key); // one ask at a time uses a kept session
        if (reuse != null) {
            long start = System.nanoTime();
            try {
                Answer a = exchange(reuse.session(), reuse.seen(), request);
                keep(key, reuse.session(), reuse.seen());
                return a;
            } catch (IOException | RuntimeException e) {
                reuse.session().close(true);
                // a session the other side closed since (it restarted, say) fails at once: a new one below; one to a
                // machine that went away times out, and a new one would only time out as well
                if (System.nanoTime() - start > TIMEOUT.toNanos() / 2) {
                    throw e;
                }
            }
        }
        ClientSession session;
        try {
            session = client.connect(Account.GUEST, host, port).verify(TIMEOUT).getSession();
        } catch (IOException e) {
            // in the words of the other commands (it was MINA's "DefaultConnectFuture[...]: Failed (...)")
            throw new IOException(host + ":" + port + " cannot be reached (" + HostKeyCheck.rootMessage(e) + ")", e);
        }
        try {
            session.setUserInteraction(GUEST); // the guest's login: keyboard-interactive with no prompts
            try {
                session.auth().verify(TIMEOUT);
            } catch (IOException e) {
                throw new IOException(host + ":" + port + " (host key " + fingerprint(session.getAttribute(HOST_KEY))
                        + ") does not let guests in: machines introduce themselves as the guest, so that machine"
                        + " needs a share open to guests", e);
            }
            String seen = fingerprint(session.getAttribute(HOST_KEY));
            if (seen == null || fingerprint != null && !fingerprint.equals(seen)) {
                throw new IOException(host + ":" + port + " answered with host key " + seen + ", not " + fingerprint
                        + "; not talking to it (another machine may be answering in its place)");
            }
            Answer a = exchange(session, seen, request);
            if (fingerprint != null) {
                keep(key, session, seen);
            } else {
                session.close(true); // a first contact, to learn the key: not kept
            }
            return a;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    private static Answer exchange(ClientSession session, String seen, String request) throws IOException {
        try (ChannelSubsystem channel = session.createSubsystemChannel(SUBSYSTEM)) {
            channel.open().verify(TIMEOUT);
            OutputStream out = channel.getInvertedIn();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new Answer(seen, readAll(channel.getInvertedOut()));
        }
    }

    private void keep(String key, ClientSession session, String seen) {
        Kept before = kept.put(key, new Kept(session, seen));
        if (before != null && before.session() != session) {
            before.session().close(true);
        }
    }

    /** Sessions open now, kept for the next ask (for checks). */
    int kept() {
        return kept.size();
    }

    public static String fingerprint(PublicKey key) {
        return key == null ? null : KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            all.write(buf, 0, n);
            if (all.size() > MAX_ANSWER) {
                throw new IOException("the answer is longer than " + MAX_ANSWER + " bytes");
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        kept.values().forEach(k -> k.session().close(true));
        kept.clear();
        client.stop();
    }
}
