package dev.lanshare.service.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;

/**
 * The {@code lanshare-hello} SSH subsystem: MINA's side only. It reads one line (at most 64 KiB), hands it with the
 * client's address to the handler that discovery sets, writes the answer and ends. What the lines mean is
 * discovery's business ({@code docs/discovery.md}). Like SFTP, it is open only to logged-in sessions.
 *
 * <p>Each exchange runs on a thread of its own, waiting for the caller's line: at most {@link #CHANNELS} at once per
 * session (one guest session opening 300 channels and sending nothing held 300 threads of the service).
 */
final class HelloSubsystem implements SubsystemFactory {
    static final String NAME = "lanshare-hello";
    static final int MAX_REQUEST = 64 * 1024;
    static final int CHANNELS = 2;
    private final PerSession exchanges = new PerSession(CHANNELS);
    private final AtomicReference<BiFunction<InetAddress, String, String>> handler = new AtomicReference<>();

    void handler(BiFunction<InetAddress, String, String> h) {
        handler.set(h);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        Runnable release = exchanges.take(channel.getSession());
        if (release == null) {
            throw new IOException("at most " + CHANNELS + " introductions at once per session");
        }
        return new Exchange(release);
    }

    private final class Exchange extends AbstractCommandSupport {
        private final Runnable release;
        private InetAddress from;

        Exchange(Runnable release) {
            super(NAME, null);
            this.release = release;
        }

        @Override
        public void destroy(ChannelSession channel) throws Exception {
            release.run(); // the channel closed, answered or not
            super.destroy(channel);
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            from = ((InetSocketAddress) channel.getSession().getClientAddress()).getAddress();
            super.start(channel, env);
        }

        @Override
        public void run() {
            try {
                BiFunction<InetAddress, String, String> h = handler.get();
                if (h == null) {
                    onExit(1, "not answering introductions yet");
                    return;
                }
                String answer = h.apply(from, readLine(getInputStream()));
                getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                getOutputStream().flush();
                onExit(0);
            } catch (IOException | RuntimeException e) {
                onExit(1, String.valueOf(e.getMessage()));
            } finally {
                release.run();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || line.size() >= MAX_REQUEST) {
                throw new IOException("the introduction did not end with a newline within " + MAX_REQUEST + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
