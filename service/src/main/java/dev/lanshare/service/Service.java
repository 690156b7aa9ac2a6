package dev.lanshare.service;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.service.activity.ActivityLog;
import dev.lanshare.service.control.ControlClient;
import dev.lanshare.service.control.ControlServer;
import dev.lanshare.service.control.Operations;
import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.discovery.Discovery;
import dev.lanshare.service.discovery.Peer;
import dev.lanshare.service.discovery.PeerEvent;
import dev.lanshare.service.events.Events;
import dev.lanshare.service.gateway.Gateway;
import dev.lanshare.service.gateway.PeerFiles;
import dev.lanshare.service.peer.HelloClient;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.SearchAll;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerPool;
import dev.lanshare.service.peer.Progress;
import dev.lanshare.service.peer.Transfers;
import dev.lanshare.service.search.SearchIndex;
import dev.lanshare.service.search.SearchRequest;
import dev.lanshare.service.sftp.SftpServer;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: loads the settings (a bad file stops it here, with every problem), opens the activity log,
 * starts the SFTP server, then watches the settings file and applies valid changes to everything, sessions
 * already connected included. Parts start in order and {@link #close} stops them in reverse.
 */
public final class Service implements Closeable, Operations {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    static final long WATCH_MILLIS = 500;

    /**
     * @param bindAddress null for every interface; @param port null for the port in the settings
     * @param discovery   announce this machine and list peers over mDNS (tests that need no network turn it off)
     */
    public record Options(AppDirs dirs, InetAddress bindAddress, Integer port, boolean discovery) {
        /** With discovery on, as {@code lanshare serve} runs. */
        public Options(AppDirs dirs, InetAddress bindAddress, Integer port) {
            this(dirs, bindAddress, port, true);
        }
    }

    private final AppDirs dirs;
    private final AtomicReference<Settings> settings;
    private final List<Closeable> parts = new ArrayList<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lanshare-settings-watcher");
        t.setDaemon(true);
        return t;
    });
    private final String started = Instant.now().toString();
    private final Events events = new Events();
    private SftpServer sftp;
    private HelloClient hello;
    private SearchAll askingAll;
    private PeerPool peerPool;
    private SearchIndex search;
    private Discovery discovery;
    private Gateway gateway;
    private boolean announce;
    private InetAddress bound;
    private volatile boolean paused;
    private String seenName;
    private FileVersion seen;
    private int seenSessions = -1;
    private final HeapSizing heap = new HeapSizing();

    private Service(AppDirs dirs, Settings initial) {
        this.dirs = dirs;
        this.settings = new AtomicReference<>(initial);
    }

    /**
     * Prepares, on another thread, what {@link #start} will need first (security providers, the SSH server's
     * classes), so that it runs on the second core while the settings are read. Failures are left to start.
     */
    public static void warmUp() {
        SftpServer.warmUpInBackground();
    }

    public static Service start(Options options) throws IOException, SettingsException {
        AppDirs dirs = options.dirs();
        Path file = dirs.settingsFile();
        Service service = new Service(dirs, SettingsFile.load(file));
        try {
            service.startParts(options);
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private void startParts(Options options) throws IOException {
        AtomicFiles.createPrivateDirectories(dirs.state());
        PeerClient.sweepPinned(dirs);
        rememberFileVersion();
        ActivityLog activity = ActivityLog.open(dirs.activityLog());
        parts.add(activity);
        search = SearchIndex.start(SearchIndex.Options.in(dirs.state().resolve("search-index")), settings::get);
        parts.add(search);
        int port = options.port() != null ? options.port() : settings.get().port();
        sftp = SftpServer.start(new SftpServer.Options(dirs.hostKey(), dirs.state().resolve("top"),
                options.bindAddress(), port), settings::get, activity, events);
        parts.add(sftp);
        if (options.discovery()) {
            hello = new HelloClient();
            parts.add(hello);
        }
        sftp.answerSearches(search.searcher());
        parts.add(() -> {
            SearchAll a;
            synchronized (this) {
                a = askingAll;
                askingAll = null;
            }
            if (a != null) {
                a.close();
            }
        });
        startDiscovery(options);
        peerPool = new PeerPool(dirs);
        parts.add(peerPool);
        startGateway(options);
        parts.add(ControlServer.start(ControlClient.socketFile(dirs), this, events));
        parts.add(() -> StatusFile.remove(dirs.statusFile()));
        writeStatus();
        watcher.scheduleWithFixedDelay(this::tick, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        parts.add(heap);
        parts.add(watcher::shutdownNow);
    }

    /** Started after the SFTP server, whose port and host key it announces, and stopped before it. */
    private void startDiscovery(Options options) throws IOException {
        announce = options.discovery();
        bound = options.bindAddress();
        startDiscovery();
    }

    private void startDiscovery() throws IOException {
        if (announce) {
            Discovery.Config config = Discovery.Config.of(dirs.config(), Hosts.hostName()).boundTo(bound);
            discovery = Discovery.start(config, settings::get, sftp.port(), sftp.fingerprint());
            parts.add(discovery);
            discovery.addListener(e -> events.publish(eventType(e), e.peer().describe()));
            Discovery d = discovery;
            sftp.answerHello(d::answerIntroduction);
            d.contactThrough((host, port, fingerprint, request) -> {
                HelloClient.Answer a = hello.ask(host, port, fingerprint, request);
                return new Discovery.Reply(a.fingerprint(), a.text());
            });
        }
    }

    /**
     * The WebDAV gateway to colleagues' shares, after discovery (its peer list). Sharing goes on without it when
     * no port is free. A port other than the settings' is kept there, unless this run's port was given by hand.
     */
    private void startGateway(Options options) {
        try {
            gateway = Gateway.start(new Gateway.Options(dirs.state(), settings.get().gatewayPort(), this::peers,
                    PeerFiles.over(dirs, peerPool), p -> {
                        if (options.port() == null) {
                            keepGatewayPort(p);
                        }
                    }));
            parts.add(gateway);
        } catch (IOException e) {
            LOG.warn("the gateway to colleagues' folders did not start: {}", e.getMessage());
        }
    }

    private void keepGatewayPort(int port) {
        try {
            edit(s -> s.withGatewayPort(port));
        } catch (SettingsException | IOException e) {
            LOG.warn("could not keep gateway port {} in the settings: {}", port, e.getMessage());
        }
    }

    private static String eventType(PeerEvent e) {
        return e instanceof PeerEvent.Found ? "peer-found" : e instanceof PeerEvent.Changed ? "peer-changed"
                : "peer-lost";
    }

    /** Announcements and the peer list; empty when the options turned discovery off. */
    public Optional<Discovery> discovery() {
        return Optional.ofNullable(discovery);
    }

    @Override
    public Settings settings() {
        return settings.get();
    }

    public Events events() {
        return events;
    }

    @Override
    public Protocol.Status status() {
        // the first password, until it is changed: under systemd nobody saw serve print it
        Protocol.FirstRunInfo first = FirstRun.current(dirs, settings.get())
                .map(n -> new Protocol.FirstRunInfo(n.account(), n.password(), n.folder())).orElse(null);
        return new Protocol.Status(true, ProcessHandle.current().pid(), name(), sftp.port(), sftp.fingerprint(),
                sftp.sessions(), paused, started, dirs.settingsFile().toString(),
                gateway == null ? null : gateway.url(), first);
    }

    @Override
    public synchronized Settings edit(UnaryOperator<Settings> change) throws SettingsException, IOException {
        Path file = dirs.settingsFile();
        // the change is made to the file as it is on disk, never to the last good settings: a hand edit that has
        // problems (served from the last good ones meanwhile) or that came in since the last reload must not be
        // overwritten; update() refuses a broken file with every problem and leaves it as it is
        if (SettingsFile.exists(file)) {
            SettingsFile.update(file, change);
        } else {
            SettingsFile.save(file, change.apply(settings.get()));
        }
        rememberFileVersion();
        Settings saved = SettingsFile.load(file);
        apply(saved);
        return saved;
    }

    @Override
    public synchronized void setPaused(boolean pause) throws IOException {
        if (pause == paused) {
            return;
        }
        paused = pause;
        sftp.setPaused(pause);
        if (pause && discovery != null) {
            parts.remove(discovery);
            discovery.close(); // says goodbye, so peers drop this machine at once
            discovery = null;
        } else if (!pause) {
            startDiscovery();
        }
        LOG.info(pause ? "sharing paused: not serving, not announcing" : "sharing resumed");
        events.publish(pause ? "sharing-paused" : "sharing-resumed", Map.of("paused", pause));
    }

    @Override
    public List<Map<String, Object>> peers() {
        return discovery == null ? List.of() : discovery.peers().stream().map(Peer::describe).toList();
    }

    @Override
    public Map<String, Object> introduce(String host, int port) throws IOException {
        if (discovery == null || hello == null) {
            throw new IOException("discovery is off (sharing is paused); resume it first");
        }
        return discovery.introduce(host, port);
    }

    @Override
    public List<Protocol.Finding> doctor(String peer) throws IOException {
        return discovery != null ? discovery.diagnose(peer) : Discovery.diagnoseStopped(name(), sftp.port(), peer);
    }

    @Override
    public SearchAll.Outcome searchAll(List<PeerTarget> peers, SearchRequest request, Duration timeout,
            Consumer<SearchAll.Answer> each) throws InterruptedException {
        return askingAll().search(peers, request, timeout, each);
    }

    /** How many connections to colleagues this service keeps now (copies and the gateway share them). */
    public int peerConnections() {
        return peerPool == null ? 0 : peerPool.size();
    }

    @Override
    public void copy(PeerTarget peer, PeerClient.Credentials who, Transfers.Job job, Progress progress)
            throws PeerException {
        try (PeerPool.Lease lease = peerPool.lease(peer, who)) {
            try {
                job.run(lease.client(), progress);
            } catch (PeerException.NotAllCopied | PeerException.Busy e) {
                throw e; // the peer answered every request (or was asked none): its connection is kept
            } catch (PeerException | RuntimeException e) {
                lease.broken(); // the next copy connects anew rather than find out whether this one still works
                throw e;
            }
        }
    }

    /** What {@code lanshare find} asks through: made on first use; its sessions stay open a minute for the next. */
    private synchronized SearchAll askingAll() {
        if (askingAll == null) {
            askingAll = new SearchAll(dirs);
        }
        return askingAll;
    }

    public int port() {
        return sftp.port();
    }

    public String fingerprint() {
        return sftp.fingerprint();
    }

    public int sessions() {
        return sftp.sessions();
    }

    private void tick() {
        try {
            if (fileChanged()) {
                reload();
            }
            if (sftp.sessions() != seenSessions || !Objects.equals(name(), seenName)) {
                writeStatus();
            }
            heap.busy(sftp.sessions() > 0 || peerPool.size() > 0);
            SearchAll a;
            synchronized (this) {
                a = askingAll;
            }
            if (a != null) {
                a.closeIdle();
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("watching the settings failed; will try again", e);
        }
    }

    private boolean fileChanged() throws IOException {
        FileVersion now = fileVersion();
        return now != null && !now.equals(seen);
    }

    /** The settings file's time and size, as one stat reads them (twice a second); null when there is none. */
    private record FileVersion(FileTime modified, long size) {
    }

    private FileVersion fileVersion() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(dirs.settingsFile(), BasicFileAttributes.class);
            return new FileVersion(a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Reads the settings file again; applies it when valid, else logs every problem and keeps the last good one. */
    synchronized void reload() throws IOException {
        rememberFileVersion();
        try {
            apply(SettingsFile.load(dirs.settingsFile()));
        } catch (SettingsException e) {
            LOG.error("the changed settings were not applied; the last good ones stay in force:\n{}",
                    e.getMessage());
        }
    }

    private void apply(Settings next) throws IOException {
        Settings before = settings.get();
        if (next.equals(before)) {
            return;
        }
        if (next.chacha20() != before.chacha20() || next.port() != before.port()) {
            LOG.warn("the new port and cipher settings take effect when the service restarts");
        }
        settings.set(next);
        FirstRun.current(dirs, next); // forgets the first password as soon as it was changed
        sftp.settingsChanged();
        search.settingsChanged();
        if (discovery != null) {
            discovery.settingsChanged();
        }
        writeStatus();
        List<String> shares = next.shares().stream().map(s -> s.name()).toList();
        LOG.info("settings changed: sharing {}", shares);
        events.publish("settings-changed", Map.of("shares", shares));
    }

    private void rememberFileVersion() throws IOException {
        seen = fileVersion();
    }

    /** The name peers see: after a name conflict on the network, the one discovery settled on. */
    private String name() {
        return discovery != null ? discovery.announcedName() : settings.get().displayName(Hosts.hostName());
    }

    private void writeStatus() throws IOException {
        seenSessions = sftp.sessions();
        seenName = name();
        StatusFile.write(dirs.statusFile(), new StatusFile.Status(ProcessHandle.current().pid(),
                seenName, sftp.port(), sftp.fingerprint(), seenSessions, started,
                dirs.settingsFile().toString()));
    }

    /** Stops every part in reverse order; later failures are kept as suppressed exceptions. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = new IOException("stopping the service failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        parts.clear();
        watcher.shutdownNow();
        if (failure != null) {
            throw failure;
        }
    }
}
