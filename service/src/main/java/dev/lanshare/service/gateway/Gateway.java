package dev.lanshare.service.gateway;

import dev.lanshare.config.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebDAV view of every colleague's shares for this user's own programs: Finder, Explorer and any program's
 * open and save dialogs. Listens on 127.0.0.1 and ::1 only, under a random path token kept in an owner-only
 * file, and reaches colleagues through {@link PeerFiles} alone. See {@code docs/gateway.md}.
 */
public final class Gateway implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** How many ports above the preferred one are tried when it is taken. */
    static final int PORTS_TRIED = 20;

    /**
     * @param stateDir where the token file is kept
     * @param port     the preferred port (from the settings)
     * @param peers    the running service's peer list, as {@code peers.list} sends it
     * @param keepPort told the port when it differs from {@code port}, so that it is kept for next time
     */
    public record Options(Path stateDir, int port, Supplier<List<Map<String, Object>>> peers, PeerFiles files,
            IntConsumer keepPort) {
    }

    private final Server server;
    private final PeerFiles files;
    private final int port;
    private final String token;

    private Gateway(Server server, PeerFiles files, int port, String token) {
        this.server = server;
        this.files = files;
        this.port = port;
        this.token = token;
    }

    public static Gateway start(Options options) throws IOException {
        String token = token(options.stateDir());
        boolean v6 = loopbackV6();
        IOException last = null;
        for (int p = options.port(); p < options.port() + PORTS_TRIED && p <= 65535; p++) {
            Server server = server(options, token, p, v6);
            try {
                server.start();
                if (p != options.port()) {
                    LOG.info("gateway port {} is taken; using {}", options.port(), p);
                    options.keepPort().accept(p);
                }
                return new Gateway(server, options.files(), p, token);
            } catch (Exception e) {
                stop(server);
                if (!(e instanceof BindException || e.getCause() instanceof BindException)) {
                    throw new IOException("the gateway did not start: " + e.getMessage(), e);
                }
                last = new IOException("port " + p + " is taken", e);
            }
        }
        throw new IOException("no free gateway port from " + options.port() + " on", last);
    }

    private static Server server(Options options, String token, int port, boolean v6) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("lanshare-gateway");
        threads.setDaemon(true);
        Server server = new Server(threads);
        for (String host : v6 ? List.of("127.0.0.1", "::1") : List.of("127.0.0.1")) {
            HttpConfiguration http = new HttpConfiguration();
            // a name with % in it arrives as %25, which Jetty refuses by default as an "ambiguous" path; the
            // gateway decodes each path once (Locators) and judges every name itself (GatewayServlet.oddName),
            // so names such as "50% off.pdf" open like any other and "a\b" is refused with a reason. An empty
            // segment ("Plans//a.txt", from clients that join paths) was answered 400: the gateway reads it as one
            // slash (DavPath), and ".." or its encodings in any segment is refused (400), so it leads nowhere
            // else; %2F stays refused by Jetty
            http.setUriCompliance(UriCompliance.DEFAULT.with("lanshare", UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                    UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
            ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
            c.setHost(host);
            c.setPort(port);
            server.addConnector(c);
        }
        Memory memory = new Memory();
        ColleagueNames names = new ColleagueNames(options.stateDir().resolve("gateway-names"));
        Tree tree = new Tree(() -> Colleague.of(options.peers().get(), names), options.files(), memory,
                System::currentTimeMillis);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        // nothing else is mapped: any other path is a 404 that no colleague hears of
        context.addServlet(new ServletHolder(new GatewayServlet(new Site(tree, "/" + token),
                Guard.forThisUser(port))), "/" + token + "/*");
        context.addServlet(new ServletHolder(new NotFound()), "/");
        server.setHandler(context);
        server.setStopTimeout(2000);
        return server;
    }

    /** Every path but the token's, whatever the method. */
    private static final class NotFound extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** Whether ::1 can be listened on (IPv6 may be switched off). */
    private static boolean loopbackV6() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The path token, made once and kept owner-only: without it, nothing of the gateway is reachable. */
    static String token(Path stateDir) throws IOException {
        AtomicFiles.createPrivateDirectories(stateDir);
        Path file = stateDir.resolve("gateway-token");
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (kept.matches("[0-9a-f]{32,}")) {
                return kept;
            }
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        AtomicFiles.write(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
        return token;
    }

    public int port() {
        return port;
    }

    /** What Finder, Explorer and the others open: {@code http://127.0.0.1:PORT/TOKEN/}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/" + token + "/";
    }

    @Override
    public void close() {
        stop(server);
        files.close();
    }

    private static void stop(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the gateway: {}", e.toString());
        }
    }
}
