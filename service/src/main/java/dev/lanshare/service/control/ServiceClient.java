package dev.lanshare.service.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.service.peer.PeerInfo;
import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.Share;
import dev.lanshare.service.control.Protocol.AccountInfo;
import dev.lanshare.service.control.Protocol.Op;
import dev.lanshare.service.search.SearchRequest;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The running service's control channel as methods, for the tray and the {@code lanshare} command: each sends one
 * request (see docs/control-protocol.md) and returns its result as settings records or {@link Protocol}'s
 * records; a refusal comes back as {@link ControlException} with the service's reason.
 */
public final class ServiceClient implements Closeable {
    private final ControlClient channel;

    private ServiceClient(ControlClient channel) {
        this.channel = channel;
    }

    /** Connects to the service for {@code dirs}, or empty when none is running. */
    public static Optional<ServiceClient> connect(AppDirs dirs) {
        return ControlClient.connect(dirs).map(ServiceClient::new);
    }

    /**
     * Live facts: {@code running, pid, name, port, fingerprint, sessions, paused, since, settings} and, while the
     * first-run password is unchanged, {@code firstRun}.
     */
    public Protocol.Status status() throws IOException, ControlException {
        return Protocol.read(request(Op.STATUS, Map.of()), Protocol.Status.class);
    }

    public List<Share> shares() throws IOException, ControlException {
        List<Share> out = new ArrayList<>();
        for (JsonNode s : request(Op.SHARES_LIST, Map.of())) {
            out.add(Protocol.share(s));
        }
        return out;
    }

    /** Adds {@code share}, or replaces the share of its name; returns it as saved. */
    public Share share(Share share) throws IOException, ControlException {
        return Protocol.share(request(Op.SHARES_ADD, Map.of("share", Protocol.share(share))));
    }

    /** Changes the share of {@code share}'s name, which must exist; returns it as saved. */
    public Share changeShare(Share share) throws IOException, ControlException {
        return Protocol.share(request(Op.SHARES_CHANGE, Map.of("share", Protocol.share(share))));
    }

    /** Stops sharing {@code name}; returns the name as it was saved. */
    public String unshare(String name) throws IOException, ControlException {
        return Protocol.read(request(Op.SHARES_REMOVE, Map.of("name", name)), Protocol.Removed.class).removed();
    }

    public List<AccountInfo> accounts() throws IOException, ControlException {
        List<AccountInfo> out = new ArrayList<>();
        for (JsonNode a : request(Op.ACCOUNTS_LIST, Map.of())) {
            out.add(Protocol.read(a, AccountInfo.class));
        }
        return out;
    }

    /** Adds a new account; its password travels only as its hash. */
    public AccountInfo addAccount(Account account) throws IOException, ControlException {
        return Protocol.read(request(Op.ACCOUNTS_ADD, Map.of("account", Protocol.accountRequest(account))), AccountInfo.class);
    }

    /** Removes the account and its grants; returns its name. */
    public String removeAccount(String name) throws IOException, ControlException {
        return Protocol.read(request(Op.ACCOUNTS_REMOVE, Map.of("name", name)), Protocol.Removed.class).removed();
    }

    /**
     * Sets an account's password; returns the account's name.
     *
     * @param passwordHash a {@code PasswordHash} string, never the password
     */
    public String setPassword(String name, String passwordHash) throws IOException, ControlException {
        return Protocol.read(request(Op.ACCOUNTS_PASSWORD, Map.of("name", name, "passwordHash", passwordHash)),
                Protocol.Changed.class).changed();
    }

    /** Lets an account log in with one more OpenSSH public key line; the service checks it. */
    public Protocol.KeyAdded addKey(String name, String keyLine) throws IOException, ControlException {
        return Protocol.read(request(Op.KEYS_ADD, Map.of("name", name, "key", keyLine)), Protocol.KeyAdded.class);
    }

    /** @param key the key's line or its {@code SHA256:} fingerprint */
    public Protocol.KeysRemoved removeKey(String name, String key) throws IOException, ControlException {
        return Protocol.read(request(Op.KEYS_REMOVE, Map.of("name", name, "key", key)), Protocol.KeysRemoved.class);
    }

    /** The name peers see; empty for the host name. Returns it as saved. */
    public String rename(String name) throws IOException, ControlException {
        return Protocol.read(request(Op.MACHINE_NAME, Map.of("name", name)), Protocol.Named.class).name();
    }

    /** Pauses sharing (sessions are closed, announcements withdrawn) or resumes it; returns whether it is paused. */
    public boolean setPaused(boolean paused) throws IOException, ControlException {
        Op op = paused ? Op.SHARING_PAUSE : Op.SHARING_RESUME;
        return Protocol.read(request(op, Map.of()), Protocol.Paused.class).paused();
    }

    /** The peers the service knows, as docs/discovery.md describes them. */
    public List<PeerInfo> peers() throws IOException, ControlException {
        List<PeerInfo> out = new ArrayList<>();
        for (JsonNode p : request(Op.PEERS_LIST, Map.of())) {
            out.add(Protocol.read(p, PeerInfo.class));
        }
        return out;
    }

    /**
     * Asks the service to add the machine at {@code address}: with an empty {@code fingerprint} it only answers
     * {@code confirm} with the one it showed; with that one, {@code added}. Both with {@code address}.
     */
    public JsonNode addPeer(String address, String fingerprint) throws IOException, ControlException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("address", address);
        params.put("fingerprint", fingerprint);
        return request(Op.PEERS_ADD, params);
    }

    /** Forgets a machine added by address; returns its {@code HOST:PORT}. */
    public String removePeer(String address) throws IOException, ControlException {
        return Protocol.read(request(Op.PEERS_REMOVE, Map.of("address", address)), Protocol.Removed.class).removed();
    }

    /** The findings of {@code lanshare doctor}, about {@code peer} too when it is not null; takes seconds. */
    public List<Protocol.Finding> doctor(String peer) throws IOException, ControlException {
        return List.of(Protocol.read(request(Op.DOCTOR, peer == null ? Map.of() : Map.of("peer", peer)),
                Protocol.Finding[].class));
    }

    /**
     * Has the service ask every colleague on its list {@code request} at once ({@code search.all}); each answer
     * goes to {@code each} as it arrives. Returns the colleagues that did not answer within {@code timeout}.
     */
    public Protocol.SearchDone searchAll(SearchRequest request, Duration timeout,
            Consumer<Protocol.SearchAnswer> each) throws IOException, ControlException {
        JsonNode done = channel.request(Op.SEARCH_ALL.wire, Map.of("request", request.toJson(), "timeoutMs",
                timeout.toMillis()), partial -> {
                    try {
                        each.accept(Protocol.read(partial, Protocol.SearchAnswer.class));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return Protocol.read(done, Protocol.SearchDone.class);
    }

    /**
     * Has the service make a copy with a colleague ({@code peer.copy}) on the connection it keeps to it, with its
     * warm code; the copy's progress comes to {@code progress} as it goes. Closing this connection mid-copy (the
     * command is stopped) stops the copy, keeping what arrived for the next run to resume.
     *
     * @param peer the colleague as the user named it (its name, device id or host:port)
     * @param who  the account to log in with ({@code password} empty for this machine's key alone)
     */
    public void copy(String peer, dev.lanshare.service.peer.PeerClient.Credentials who,
            dev.lanshare.service.peer.Transfers.Job job, dev.lanshare.service.peer.Progress progress)
            throws IOException, ControlException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("direction", job.upload() ? "put" : "get");
        params.put("peer", peer);
        params.put("remotePath", job.remotePath());
        params.put("local", job.local().toAbsolutePath().normalize().toString());
        params.put("user", who.user());
        params.put("password", who.password());
        params.put("verify", job.options().verify());
        params.put("limit", job.options().limitBytesPerSecond());
        channel.request(Op.PEER_COPY.wire, params, partial -> {
            if (partial.has("started")) {
                JsonNode s = partial.path("started");
                progress.started(s.path("bytes").asLong(), s.path("files").asInt(), s.path("resumed").asLong());
            } else if (partial.has("advanced")) {
                for (int i = partial.path("filesDone").asInt(); i > 0; i--) {
                    progress.fileDone(partial.path("last").asText());
                }
                progress.advanced(partial.path("advanced").asLong());
            } else if (partial.has("note")) {
                progress.note(partial.path("note").asText());
            } else if (partial.has("finished")) {
                progress.finished();
            }
        });
    }

    /**
     * Copies with {@code peer} made by the running service for {@code dirs} ({@link #copy}), each on a control
     * connection of its own; empty when no service runs (the caller then copies by itself). A refusal or failure
     * comes back as {@link dev.lanshare.service.peer.PeerException} in the service's words.
     */
    public static Optional<dev.lanshare.service.peer.Copier> copier(AppDirs dirs, String peer,
            dev.lanshare.service.peer.PeerClient.Credentials who, dev.lanshare.service.peer.Transfers.Options options,
            dev.lanshare.service.peer.Progress progress) {
        Optional<ServiceClient> running = connect(dirs); // not a socket file left by a crash
        if (running.isEmpty()) {
            return Optional.empty();
        }
        try {
            running.get().close();
        } catch (IOException e) {
            // it answered: that was all this connection was for
        }
        return Optional.of(new dev.lanshare.service.peer.Copier() {
            @Override
            public void download(String remotePath, java.nio.file.Path dest)
                    throws dev.lanshare.service.peer.PeerException, IOException {
                run(new dev.lanshare.service.peer.Transfers.Job(false, remotePath, dest, options));
            }

            @Override
            public void upload(java.nio.file.Path source, String remotePath)
                    throws dev.lanshare.service.peer.PeerException, IOException {
                run(new dev.lanshare.service.peer.Transfers.Job(true, remotePath, source, options));
            }

            private void run(dev.lanshare.service.peer.Transfers.Job job)
                    throws dev.lanshare.service.peer.PeerException, IOException {
                if (job.local().getFileSystem() != java.nio.file.FileSystems.getDefault()) {
                    // the service reads and writes this machine's folders only, by path
                    throw new java.nio.file.FileSystemException(job.local().toString(), null,
                            "not a folder of this machine");
                }
                ServiceClient c = connect(dirs).orElseThrow(() -> new dev.lanshare.service.peer.PeerException(
                        "lanshare's service stopped; start it again (lanshare serve) and retry"));
                try (c) {
                    c.copy(peer, who, job, progress);
                } catch (ControlException e) {
                    throw new dev.lanshare.service.peer.PeerException(e.getMessage(), e);
                }
            }
        });
    }

    /** Turns this connection into an event stream; blocks, handing each event to {@code listener}, until closed. */
    public void subscribe(Consumer<Protocol.ServiceEvent> listener) throws IOException, ControlException {
        channel.subscribe(message -> listener.accept(Protocol.ServiceEvent.of(message)));
    }

    private JsonNode request(Op op, Map<String, ?> params) throws IOException, ControlException {
        return channel.request(op.wire, params);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
