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
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;

/**
 * Asks another lanshare machine for its introduction over the {@code lanshare-hello} SSH subsystem, logged in as
 * the guest. The host key is judged before the login: when an expected fingerprint is given, any other key ends
 * the connection at once. One SSH client serves every request; {@link #close} stops it.
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
    private final SshClient client = SshClient.setUpDefaultClient();

    public HelloClient() {
        // nothing secret travels here: the quick exchanges first
        client.setKeyExchangeFactories(HostKeyCheck.quick());
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(client, true); // one small request, one answer
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
        try (ClientSession session = client.connect(Account.GUEST, host, port).verify(TIMEOUT).getSession()) {
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
            try (ChannelSubsystem channel = session.createSubsystemChannel(SUBSYSTEM)) {
                channel.open().verify(TIMEOUT);
                OutputStream out = channel.getInvertedIn();
                out.write(request.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return new Answer(seen, readAll(channel.getInvertedOut()));
            }
        }
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
        client.stop();
    }
}
