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
 */
final class HelloSubsystem implements SubsystemFactory {
    static final String NAME = "lanshare-hello";
    static final int MAX_REQUEST = 64 * 1024;
    private final AtomicReference<BiFunction<InetAddress, String, String>> handler = new AtomicReference<>();

    void handler(BiFunction<InetAddress, String, String> h) {
        handler.set(h);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) {
        return new Exchange();
    }

    private final class Exchange extends AbstractCommandSupport {
        private InetAddress from;

        Exchange() {
            super(NAME, null);
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
