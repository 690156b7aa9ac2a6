package dev.lanshare.service.sftp;

import dev.lanshare.config.Settings;
import dev.lanshare.service.activity.ActivityLog;
import dev.lanshare.service.auth.LoginThrottle;
import dev.lanshare.service.auth.Logins;
import dev.lanshare.service.events.Events;
import dev.lanshare.service.keys.Algorithms;
import dev.lanshare.service.keys.HostKey;
import dev.lanshare.service.keys.JdkEd25519;
import dev.lanshare.service.sharefs.OpenChannels;
import dev.lanshare.service.sharefs.PartialUploads;
import dev.lanshare.service.sharefs.ShareFileSystem;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.sshd.common.PropertyResolverUtils;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.session.ServerSessionImpl;
import org.apache.sshd.server.session.SessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.sftp.server.UnsupportedAttributePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP server: MINA SSHD with only the SFTP subsystem (no shell, no exec, no forwarding), this machine's host
 * key, the modern {@link Algorithms}, the network policy checked before any byte of SSH, and one
 * {@link ShareFileSystem} per session.
 */
public final class SftpServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SftpServer.class);
    /** How many ports after the preferred one to try when it is taken. */
    static final int PORT_TRIES = 20;
    /**
     * The largest SSH packet's data a client may send on a channel: 256 KiB less 512 bytes, so that the whole packet
     * with its headers and padding stays within the 256 KiB that MINA's (and OpenSSH's) packet reader accepts.
     */
    static final long MAX_PACKET = 256 * 1024 - 512;
    /** How much a client may send on a channel before it waits for this side to take it: 4 MiB. */
    static final long WINDOW = 4L * 1024 * 1024;

    static {
        JdkEd25519.install();
    }

    /**
     * @param bindAddress     where to listen; null for every interface
     * @param preferredPort   0 for any free port
     * @param placeholderRoot an empty folder whose attributes stand for {@code /}
     */
    public record Options(Path hostKeyFile, Path placeholderRoot, InetAddress bindAddress, int preferredPort) {
    }

    private final SshServer sshd;
    private final HostKey hostKey;
    private final Set<ShareFileSystem> fileSystems = ConcurrentHashMap.newKeySet();
    private final HelloSubsystem hello = new HelloSubsystem();
    private Sessions sessions;
    private final ThreadPoolExecutor checker;
    private final ScheduledExecutorService timer;
    private PartialUploads partials;
    private volatile boolean paused;
    private java.util.function.IntSupplier sweepHours;
    private Supplier<Settings> settings;
    private final SearchSubsystem search = new SearchSubsystem();

    private SftpServer(SshServer sshd, HostKey hostKey, ThreadPoolExecutor checker, ScheduledExecutorService timer) {
        this.sshd = sshd;
        this.hostKey = hostKey;
        this.checker = checker;
        this.timer = timer;
    }

    /**
     * Registers the security providers and loads MINA's server classes on another thread, so that start-up does
     * this on the second core while the settings are read. Failures are left to {@link #start} to report.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                SecurityUtils.isEDDSACurveSupported();
                SshServer.setUpDefaultServer();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("warm-up failed; start() will report it", e);
            }
        }, "lanshare-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Starts listening on the preferred port, or on the next free one after it. */
    public static SftpServer start(Options options, Supplier<Settings> settings, ActivityLog activity,
            Events events) throws IOException {
        HostKey key = HostKey.loadOrCreate(options.hostKeyFile());
        Files.createDirectories(options.placeholderRoot());
        if (dev.lanshare.config.AtomicFiles.isPosix()) {
            // what clients see as the permissions of "/": nothing can be created there
            Files.setPosixFilePermissions(options.placeholderRoot(),
                    java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        ThreadPoolExecutor checker = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                daemon("lanshare-auth"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("lanshare-auth-delay"));
        IOException last = null;
        int first = options.preferredPort();
        int tries = first == 0 ? 1 : PORT_TRIES;
        for (int i = 0; i < tries && first + i <= 65535; i++) {
            SshServer sshd = SshServer.setUpDefaultServer();
            SftpServer server = new SftpServer(sshd, key, checker, timer);
            server.configure(options, settings, activity, events, first == 0 ? 0 : first + i);
            try {
                sshd.start();
                timer.scheduleWithFixedDelay(() -> server.partials.sweep(Duration.ofHours(
                        server.sweepHours.getAsInt())), 1, 60, TimeUnit.MINUTES);
                timer.scheduleWithFixedDelay(server.partials::flush, 1, 1, TimeUnit.SECONDS);
                if (i > 0) {
                    LOG.warn("port {} is taken; listening on {} instead", first, server.port());
                }
                return server;
            } catch (BindException e) {
                last = e;
                sshd.stop(true);
                if (!String.valueOf(e.getMessage()).contains("in use")) {
                    break; // not a taken port (an address that is not this machine's): every port would fail alike
                }
            }
        }
        checker.shutdownNow();
        timer.shutdownNow();
        if (last != null && !String.valueOf(last.getMessage()).contains("in use")) {
            String where = options.bindAddress() == null ? "" : " on " + options.bindAddress().getHostAddress();
            throw new IOException("cannot listen" + where + " (" + last.getMessage() + ")"
                    + (options.bindAddress() == null ? "" : ": is it an address of this machine?"), last);
        }
        throw new IOException("no free port from " + first + " to " + (first + tries - 1)
                + "; set another 'port' in the settings", last);
    }

    private void configure(Options options, Supplier<Settings> settings, ActivityLog activity, Events events,
            int port) {
        Settings now = settings.get();
        sshd.setHost(options.bindAddress() == null ? null : options.bindAddress().getHostAddress());
        sshd.setPort(port);
        sshd.setIoServiceFactoryFactory(OneThreadTransport.factory());
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey.keyPair()));
        sshd.setCipherFactories(Algorithms.ciphers(now.chacha20()));
        sshd.setMacFactories(Algorithms.macs());
        sshd.setKeyExchangeFactories(Algorithms.keyExchanges(ServerBuilder.DH2KEX));
        sshd.setSignatureFactories(Algorithms.signatures());
        sshd.addSessionListener(new Algorithms.PerClient());

        Logins logins = new Logins(settings);
        Authenticators auth = new Authenticators(logins, new LoginThrottle(Clock.systemUTC()), checker, timer);
        sshd.setPasswordAuthenticator(auth);
        sshd.setPublickeyAuthenticator(auth);
        sshd.setKeyboardInteractiveAuthenticator(auth);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);

        // SFTP and nothing else
        sshd.setShellFactory(null);
        sshd.setCommandFactory(null);
        sshd.setAgentFactory(null);
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setChannelFactories(List.of(limited(ChannelSessionFactory.INSTANCE)));
        ShareAccessor accessor = new ShareAccessor();
        SftpSubsystemFactory sftp = new InlineSftpSubsystem.Factory();
        sftp.setFileSystemAccessor(accessor);
        sftp.setErrorStatusDataHandler(accessor);
        // an attribute refused by the share file system must refuse the stat, not answer "unknown"
        sftp.setUnsupportedAttributePolicy(UnsupportedAttributePolicy.ThrowException);
        sftp.addSftpEventListener(accessor);
        partials = new PartialUploads(options.placeholderRoot().resolveSibling("partial-uploads"), activity,
                Clock.systemUTC());
        sweepHours = () -> settings.get().partialUploadHours();
        this.settings = settings;
        sftp.addSftpEventListener(new ActivityListener(activity, partials));
        sessions = new Sessions(activity, events);
        // introductions alone are no use of the shares (see Sessions)
        sshd.setSubsystemFactories(List.of(sessions.announcing(sftp), hello, sessions.announcing(search)));
        sshd.setFileSystemFactory(new Factory(settings, options.placeholderRoot()));

        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, Sessions.LOGIN_TIME); // shorter for a burst: see Sessions
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, Duration.ofMinutes(30));
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(sshd, 10);
        SftpModuleProperties.MAX_OPEN_HANDLES_PER_SESSION.set(sshd, 256);
        SftpModuleProperties.OPENSSH_EXTENSIONS.set(sshd, InlineSftpSubsystem.OPENSSH_EXTENSIONS);
        // MINA flushes every file written to the disk when it is closed, and the client waits for that: 0.99 s
        // for a 512 MiB upload (strace), a third of its time, on the network thread that every session's traffic
        // goes through. OpenSSH's sftp-server and Samba flush only when the client asks (the fsync@openssh.com
        // request, `sftp -f`, which MINA answers); the system writes the file out within seconds either way
        PropertyResolverUtils.updateProperty(sshd, SftpFileSystemAccessor.PROP_AUTO_SYNC_FILE_ON_CLOSE, false);
        // replies are small and each one is awaited: with Nagle's algorithm on, a reply waits in the socket for the
        // client's delayed ack (40 ms on Linux) whenever an earlier one is unacknowledged; seen as 40 ms stalls
        // with replies "notsent" during uploads (ss -tin)
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        // a client's write of 255 KiB (OpenSSH's sftp and lanshare's own) arrives in one SSH packet instead of
        // eight of MINA's default 32 KiB: fewer packets to open and check here, and MINA's client builds the
        // request straight into the packet it sends, with no copy and no new buffer per packet
        CoreModuleProperties.MAX_PACKET_SIZE.set(sshd, MAX_PACKET);
        // MINA gives credit back once three packets' worth is missing from the window: with 256 KiB packets a 2 MiB
        // window ran a quarter short between adjustments, so at 2 ms one way uploads slowed by a fifth (OpenSSH's
        // sftp as much as lanshare's). A window is also the most one channel can have waiting in memory here
        CoreModuleProperties.WINDOW_SIZE.set(sshd, WINDOW);

        sshd.setSessionFactory(new AcceptedConnectionCheck(settings, activity));
        // no cap per account (MINA's MAX_CONCURRENT_SESSIONS): an office logs in as guest; ConnectionLimits instead
        sshd.addSessionListener(sessions);
        sshd.addSessionListener(new ClientAlive(timer));
    }

    public int port() {
        return sshd.getPort();
    }

    /**
     * {@code factory}'s channels, within the bounds of {@link ChannelBounds} (per session, per address, in all); one
     * more is refused and the session goes on. MINA's own limit ({@code MAX_CONCURRENT_CHANNELS}) closes the whole
     * session instead, with every copy on it. A refusal is logged, once a minute at most per address.
     */
    private static ChannelFactory limited(ChannelFactory factory) {
        ChannelBounds channels = new ChannelBounds();
        RefusalLog refusals = new RefusalLog(LOG, "channel");
        return new ChannelFactory() {
            @Override
            public String getName() {
                return factory.getName();
            }

            @Override
            public Channel createChannel(Session session) throws IOException {
                String address = Authenticators.address(session.getRemoteAddress());
                ChannelBounds.Taken taken = channels.take(session, address);
                if (taken.release() == null) {
                    refusals.refused(address, taken.refused());
                    return null; // refused: MINA answers the client's open with a failure
                }
                Channel channel;
                try {
                    channel = factory.createChannel(session);
                } catch (IOException | RuntimeException e) {
                    taken.release().run();
                    throw e;
                }
                channel.addChannelListener(new ChannelListener() {
                    @Override
                    public void channelClosed(Channel c, Throwable reason) {
                        taken.release().run();
                    }
                });
                return channel;
            }
        };
    }

    public String fingerprint() {
        return hostKey.fingerprint();
    }

    /**
     * Answers the {@code lanshare-hello} subsystem: {@code handler} gets the client's address and its one-line
     * request and returns the answer (discovery's introductions).
     */
    public void answerHello(java.util.function.BiFunction<InetAddress, String, String> handler) {
        hello.handler(handler);
    }

    /** Logged-in sessions that use the shares now (not those that only exchange introductions). */
    public int sessions() {
        return sessions.loggedIn();
    }

    /**
     * Pausing refuses every new connection and closes the sessions that are open; resuming lets them in again.
     */
    public void setPaused(boolean pause) {
        paused = pause;
        if (pause) {
            sshd.getActiveSessions().forEach(s -> s.close(true));
        }
    }

    /** Answers the search subsystem from {@code searcher} (until then it says searches are not answered). */
    public void answerSearches(dev.lanshare.service.search.Searcher searcher) {
        search.use(searcher);
    }

    /**
     * Applies new settings to sessions already connected: closes files they may no longer read or write, and the
     * sessions of accounts that were removed (which could otherwise go on opening what every account may, searches
     * included: what an account may open is judged on each request, but the session lives on).
     */
    public void settingsChanged() {
        for (ShareFileSystem fs : fileSystems) {
            fs.channels().revoke(share -> fs.visibleShare(share).map(fs::access));
        }
        Settings now = settings.get();
        for (Session s : sshd.getActiveSessions()) {
            String user = s.getUsername();
            if (s.isAuthenticated() && user != null && !Logins.isGuest(user) && now.account(user).isEmpty()) {
                LOG.info("closing the session of {} at {}: the account was removed", user,
                        Authenticators.address(s.getRemoteAddress()));
                s.close(true);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sshd.stop(false);
        } finally {
            checker.shutdownNow();
            timer.shutdownNow();
            if (partials != null) {
                partials.flush();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private final class Factory implements FileSystemFactory {
        private final Supplier<Settings> settings;
        private final Path placeholderRoot;

        Factory(Supplier<Settings> settings, Path placeholderRoot) {
            this.settings = settings;
            this.placeholderRoot = placeholderRoot;
        }

        @Override
        public Path getUserHomeDir(SessionContext session) {
            return null; // the subsystem then starts at the file system's "/"
        }

        @Override
        public ShareFileSystem createFileSystem(SessionContext session) {
            String user = session.getUsername();
            ShareFileSystem[] made = new ShareFileSystem[1];
            made[0] = new ShareFileSystem(settings, user, Logins.isGuest(user), placeholderRoot, new OpenChannels(),
                    () -> fileSystems.remove(made[0]));
            fileSystems.add(made[0]);
            return made[0];
        }
    }

    /**
     * Refuses connections from outside the network policy, and all while paused, before any SSH traffic: the
     * connection is closed at once. The check is made where MINA creates the SSH session, not in its
     * {@code IoServiceEventListener.connectionAccepted}: a refusal there leaves the accepted socket open for
     * ever (MINA closes only a session it made), so every refused connection kept a file descriptor, and a
     * machine outside the policy that kept trying (a colleague's discovery, every few seconds) would in time leave
     * the service none to open files or accept colleagues with.
     */
    private final class AcceptedConnectionCheck extends SessionFactory {
        private final Supplier<Settings> settings;
        private final ActivityLog activity;
        private final RefusalLog refusals = new RefusalLog(LOG);

        AcceptedConnectionCheck(Supplier<Settings> settings, ActivityLog activity) {
            super(sshd);
            this.settings = settings;
            this.activity = activity;
        }

        @Override
        protected ServerSessionImpl doCreateSession(IoSession connection) throws Exception {
            InetAddress address = ((InetSocketAddress) connection.getRemoteAddress()).getAddress();
            if (paused) {
                throw new IOException("sharing is paused");
            }
            if (!settings.get().network().allows(address)) {
                // a colleague outside the policy tries every few seconds: one line a minute for it
                if (refusals.refused(address.getHostAddress(), "outside the network policy (settings: network.allow)")) {
                    activity.record("refused", "address", address.getHostAddress(), "why", "outside network policy");
                }
                throw new IOException("address outside the network policy");
            }
            return super.doCreateSession(connection);
        }
    }

}
