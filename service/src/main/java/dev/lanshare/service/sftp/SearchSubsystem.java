package dev.lanshare.service.sftp;

import dev.lanshare.service.auth.Logins;
import dev.lanshare.service.search.RateLimit;
import dev.lanshare.service.search.SearchProtocol;
import dev.lanshare.service.search.SearchRequest;
import dev.lanshare.service.search.Searcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;

/**
 * The search subsystem ({@value SearchProtocol#SUBSYSTEM}) on the SFTP port: reads request lines, answers each
 * from {@link Searcher} as the logged-in account (a guest sees guest shares only), at most
 * {@link SearchProtocol#PER_SECOND} searches a second per session and {@link #CHANNELS} search channels at once.
 */
final class SearchSubsystem implements SubsystemFactory {
    static final int CHANNELS = 2;
    private static final AttributeKey<RateLimit> RATE = new AttributeKey<>();
    private final PerSession channels = new PerSession(CHANNELS);

    private volatile Searcher searcher;

    void use(Searcher s) {
        this.searcher = s;
    }

    @Override
    public String getName() {
        return SearchProtocol.SUBSYSTEM;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        Session session = channel.getSession();
        Runnable release = channels.take(session);
        if (release == null) {
            throw new IOException("at most " + CHANNELS + " search channels per session");
        }
        RateLimit rate = session.computeAttributeIfAbsent(RATE, k -> new RateLimit(SearchProtocol.PER_SECOND,
                System::nanoTime));
        return new Answering(session.getUsername(), rate, release);
    }

    private final class Answering implements Command, Runnable {
        private final String user;
        private final RateLimit rate;
        private final Runnable release;
        private InputStream in;
        private OutputStream out;
        private ExitCallback exit;
        private Thread thread;

        Answering(String user, RateLimit rate, Runnable release) {
            this.user = user;
            this.rate = rate;
            this.release = release;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            thread = new Thread(this, "lanshare-search-" + user);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            int code = 0;
            try {
                for (String line = readLine(); line != null; line = readLine()) {
                    write(answer(line));
                }
            } catch (IOException e) {
                code = 1;
            } finally {
                release.run(); // no longer counts against the session's CHANNELS, however it ends
                exit.onExit(code);
            }
        }

        private List<String> answer(String line) {
            Searcher s = searcher;
            if (s == null) {
                return List.of(SearchProtocol.error("this machine is not answering searches"));
            }
            if (!rate.tryTake()) {
                return List.of(SearchProtocol.error("too many searches; slow down"));
            }
            return SearchProtocol.answer(s, line, user, Logins.isGuest(user));
        }

        /** One line, at most {@link SearchRequest#MAX_LINE} bytes; null at the end of input. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (line.size() >= SearchRequest.MAX_LINE) {
                    write(List.of(SearchProtocol.error("request longer than " + SearchRequest.MAX_LINE
                            + " bytes")));
                    throw new IOException("request too long");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        }

        private void write(List<String> lines) throws IOException {
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append(l).append('\n'));
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void destroy(ChannelSession channel) {
            // no interrupt: Lucene's files are closed for every reader when a thread is interrupted inside
            // them. A channel closed without an end of input leaves the read loop waiting on it (and counting
            // against the session's channels); closing the input ends it
            release.run();
            try {
                if (in != null) {
                    in.close();
                }
            } catch (IOException e) {
                // closed already
            }
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = new java.io.BufferedInputStream(in);
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }
    }
}
