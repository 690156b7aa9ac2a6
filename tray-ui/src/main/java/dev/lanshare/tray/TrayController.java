package dev.lanshare.tray;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.config.Account;
import dev.lanshare.config.Share;
import dev.lanshare.service.control.ControlException;
import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.control.Protocol.Finding;
import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.tray.model.StateReader;
import dev.lanshare.tray.model.TrayState;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The tray's one link to the service, through the control channel only. Every request runs on one worker thread,
 * in order, so no window ever waits on the service; a second connection follows the event stream and refreshes
 * the state on each event, and reconnects when the service comes back. Listeners get each new state on the worker
 * thread and must hand it to their own UI thread.
 */
public final class TrayController implements Closeable {
    /** One step of work against the service, on the worker thread. */
    @FunctionalInterface
    interface Work {
        void run() throws IOException, ControlException;
    }

    private final AppDirs dirs;
    private final RememberedFolders remembered;
    private final long retryMillis;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "lanshare-tray-worker"));
    private final List<Consumer<TrayState>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Protocol.ServiceEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final Thread events = daemon(this::followEvents, "lanshare-tray-events");
    private volatile TrayState state;
    private volatile boolean closed;
    private volatile ServiceClient subscription;
    private volatile String problem = "";
    private boolean problemIsDown; // worker thread only: the problem was that the service did not answer
    private ServiceClient requests; // worker thread only

    public TrayController(AppDirs dirs, long retryMillis) {
        this.dirs = dirs;
        this.remembered = new RememberedFolders(dirs.state().resolve("tray-folders.json"));
        this.retryMillis = retryMillis;
        this.state = TrayState.notRunning(remembered.all(), "");
    }

    public AppDirs dirs() {
        return dirs;
    }

    public void start() {
        events.start();
    }

    public TrayState state() {
        return state;
    }

    /** {@code listener} hears every new state, first the current one; on the worker thread. */
    public void addListener(Consumer<TrayState> listener) {
        listeners.add(listener);
        worker.execute(() -> listener.accept(state));
    }

    /**
     * {@code listener} hears each event of the service's stream as it comes (see the control protocol), on the
     * event thread; it must not block.
     */
    public void addEventListener(Consumer<Protocol.ServiceEvent> listener) {
        eventListeners.add(listener);
    }

    public CompletableFuture<Void> setShared(String name, boolean shared) {
        return shared ? act("share " + name, () -> shareRemembered(name))
                : act("stop sharing " + name, () -> unshare(name));
    }

    public CompletableFuture<Void> setPaused(boolean paused) {
        // the service closes its sessions and withdraws its announcements; a refusal is shown in words
        return act(paused ? "pause sharing" : "resume sharing",
                () -> service().setPaused(paused));
    }

    /** Adds a new share, or changes one: shared folders through the service, unticked ones in the tray's list. */
    public CompletableFuture<Void> saveShare(Share share, boolean shared) {
        return act("save " + share.name(), () -> {
            if (shared) {
                service().share(share);
                remembered.forget(share.name());
            } else {
                remembered.remember(share);
            }
        });
    }

    public CompletableFuture<Void> addAccount(String name, char[] password, List<String> keys) {
        return act("add account " + name, () -> {
            // the hash is slow on purpose: off the Swing thread
            Optional<String> hash = password.length > 0 ? Optional.of(PasswordHash.hash(password)) : Optional.empty();
            service().addAccount(new Account(name, hash, keys));
        });
    }

    public CompletableFuture<Void> removeAccount(String name) {
        return act("remove account " + name, () -> service().removeAccount(name));
    }

    /** Lets an account log in with one more public key; the service checks the line. */
    public CompletableFuture<Void> addKey(String name, String keyLine) {
        return act("add a key to " + name, () -> service().addKey(name, keyLine));
    }

    /** @param key the key's line or its {@code SHA256:} fingerprint */
    public CompletableFuture<Void> removeKey(String name, String key) {
        return act("remove a key of " + name, () -> service().removeKey(name, key));
    }

    /** The name colleagues see; empty for the host name. The service announces the new one. */
    public CompletableFuture<Void> setName(String name) {
        return act("rename this machine", () -> service().rename(name));
    }

    public CompletableFuture<Void> setPassword(String name, char[] password) {
        return act("set the password of " + name, () -> service().setPassword(name,
                PasswordHash.hash(password)));
    }

    /**
     * The service's doctor ({@code lanshare doctor [PEER]}), about {@code peer} too when it is not blank. It takes
     * seconds, so it runs on a thread and a connection of its own, not the worker's that keeps the menu current.
     */
    public CompletableFuture<List<Finding>> doctor(String peer) {
        CompletableFuture<List<Finding>> result = new CompletableFuture<>();
        daemon(() -> {
            try (ServiceClient service = ServiceClient.connect(dirs)
                    .orElseThrow(() -> new IOException("lanshare is not running"))) {
                result.complete(service.doctor(peer == null || peer.isBlank() ? null : peer.strip()));
            } catch (IOException | ControlException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "lanshare-tray-doctor").start();
        return result;
    }

    /**
     * The address of this machine's WebDAV gateway ({@code http://127.0.0.1:PORT/TOKEN/}), through which Finder
     * and Explorer open colleagues' folders; empty while the service or its gateway is not running. Asks the
     * service: not on the UI thread.
     */
    public Optional<String> gatewayUrl() {
        try {
            Optional<ServiceClient> connected = ServiceClient.connect(dirs);
            if (connected.isEmpty()) {
                return Optional.empty();
            }
            try (ServiceClient service = connected.get()) {
                return service.status().gatewayUrl();
            }
        } catch (IOException | ControlException e) {
            return Optional.empty();
        }
    }

    /** Starts {@code lanshare serve}; the event thread notices when it answers. */
    public CompletableFuture<Void> startService(ServiceStarter starter) {
        return act("start lanshare", starter::start);
    }

    private void shareRemembered(String name) throws IOException, ControlException {
        Share share = remembered.all().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new ControlException("the tray does not know a folder called '" + name + "'"));
        service().share(share);
        remembered.forget(name);
    }

    private void unshare(String name) throws IOException, ControlException {
        Optional<Share> share = state.shares().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
        if (share.isPresent()) {
            remembered.remember(share.get()); // first, so that a failure never loses the folder
        }
        service().unshare(name);
    }

    /** Runs {@code work} on the worker; a failure becomes the state's problem, in words; then refreshes. */
    private CompletableFuture<Void> act(String what, Work work) {
        return CompletableFuture.runAsync(() -> {
            try {
                work.run();
                problem = "";
                problemIsDown = false;
            } catch (ControlException e) {
                problem = "Could not " + what + ": " + e.getMessage();
                problemIsDown = false;
            } catch (IOException e) {
                dropRequests();
                problem = "Could not " + what + ": " + e.getMessage();
                problemIsDown = true;
            }
            doRefresh();
        }, worker);
    }

    /** Asks for a fresh state; several events in a row cost one refresh. */
    public void refresh() {
        if (closed || !refreshQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                refreshQueued.set(false);
                doRefresh();
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile: nobody listens any more
        }
    }

    private void doRefresh() {
        TrayState next;
        try {
            ServiceClient service = service();
            next = StateReader.read(service.status(), service.shares(), service.peers(), service.accounts(),
                    remembered.all());
        } catch (IOException | ControlException e) {
            dropRequests();
            next = TrayState.notRunning(remembered.all(), "");
        }
        if (problemIsDown && next.running() && !state.running()) {
            problem = ""; // "lanshare is not running" is not true any more
            problemIsDown = false;
        }
        next = next.withProblem(problem);
        if (!next.equals(state)) {
            state = next;
            for (Consumer<TrayState> l : listeners) {
                l.accept(next);
            }
        }
    }

    /** The worker's connection to the service, made when there is none. */
    private ServiceClient service() throws IOException {
        if (requests == null) {
            requests = ServiceClient.connect(dirs).orElseThrow(() -> new IOException("lanshare is not running"));
        }
        return requests;
    }

    private void dropRequests() {
        if (requests != null) {
            closeQuietly(requests);
            requests = null;
        }
    }

    /** Follows the event stream while the service runs; polls for it, slowly, while it does not. */
    private void followEvents() {
        while (!closed) {
            Optional<ServiceClient> client = ServiceClient.connect(dirs);
            refresh();
            if (client.isPresent()) {
                subscription = client.get();
                try {
                    client.get().subscribe(event -> {
                        eventListeners.forEach(l -> l.accept(event));
                        refresh();
                    });
                } catch (IOException | ControlException e) {
                    // the service stopped: show it, then wait for it to come back
                } finally {
                    closeQuietly(client.get());
                }
                refresh();
            }
            sleep(retryMillis);
        }
    }

    @Override
    public void close() {
        closed = true;
        events.interrupt();
        ServiceClient s = subscription;
        if (s != null) {
            closeQuietly(s);
        }
        worker.execute(this::dropRequests);
        worker.shutdown();
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do with a connection that failed to close
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
