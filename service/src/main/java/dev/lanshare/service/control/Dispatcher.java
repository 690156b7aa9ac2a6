package dev.lanshare.service.control;

import dev.lanshare.service.keys.KeyLineException;
import dev.lanshare.service.keys.PublicKeyLine;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.config.AddedPeer;
import dev.lanshare.config.EditRefused;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsEdits;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.Share;
import dev.lanshare.service.control.Protocol.Op;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerInfo;
import dev.lanshare.service.peer.PeerResolver;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.Progress;
import dev.lanshare.service.peer.SearchAll;
import dev.lanshare.service.peer.Transfers;
import dev.lanshare.service.search.Match;
import dev.lanshare.service.search.SearchRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Turns one request into a result, through {@link Operations}. Every change is one of {@link SettingsEdits}, made
 * to the settings as saved, and validated as a whole.
 */
final class Dispatcher {
    /** Longest a {@code search.all} may wait for answers. */
    static final long MAX_SEARCH_MS = 60_000;
    private final Operations ops;

    Dispatcher(Operations ops) {
        this.ops = ops;
    }

    Object handle(String name, JsonNode params) throws ControlException, IOException {
        Op op = Op.named(name).orElseThrow(() -> new ControlException("unknown request '" + name + "'"));
        try {
            return shares(op, params);
        } catch (EditRefused e) {
            throw new ControlException(e.getMessage());
        }
    }

    private Object shares(Op op, JsonNode params) throws ControlException, IOException {
        switch (op) {
            case HELLO:
                return Map.of("protocol", Protocol.VERSION);
            case STATUS:
                return ops.status();
            case SHARES_LIST:
                return ops.settings().shares().stream().map(Protocol::share).toList();
            case SHARES_ADD:
                Share share = Protocol.share(params.path("share"));
                return Protocol.share(edit(s -> SettingsEdits.addShare(s, share)).share(share.name()).orElseThrow());
            case SHARES_CHANGE:
                Share changed = Protocol.share(params.path("share"));
                return Protocol.share(edit(s -> SettingsEdits.changeShare(s, changed)).share(changed.name())
                        .orElseThrow());
            case SHARES_REMOVE:
                String gone = SettingsEdits.existingShare(ops.settings(), Protocol.text(params, "name")).name();
                edit(s -> SettingsEdits.removeShare(s, gone));
                return new Protocol.Removed(gone);
            default:
                return accounts(op, params);
        }
    }

    private Object accounts(Op op, JsonNode params) throws ControlException, IOException {
        switch (op) {
            case ACCOUNTS_LIST:
                return ops.settings().accounts().stream().map(Protocol.AccountInfo::of).toList();
            case ACCOUNTS_ADD:
                var account = Protocol.account(params.path("account"));
                return Protocol.AccountInfo.of(edit(s -> SettingsEdits.addAccount(s, account)).account(account.name())
                        .orElseThrow());
            case ACCOUNTS_REMOVE:
                String gone = Protocol.text(params, "name");
                edit(s -> SettingsEdits.removeAccount(s, gone));
                return new Protocol.Removed(gone);
            case ACCOUNTS_PASSWORD:
                String who = Protocol.text(params, "name");
                String hash = Protocol.text(params, "passwordHash");
                edit(s -> SettingsEdits.setPasswordHash(s, who, hash));
                return new Protocol.Changed(who);
            case KEYS_ADD:
                return addKey(Protocol.text(params, "name"), Protocol.text(params, "key"));
            case KEYS_REMOVE:
                return removeKey(Protocol.text(params, "name"), Protocol.text(params, "key"));
            default:
                return machine(op, params);
        }
    }

    private Object machine(Op op, JsonNode params) throws ControlException, IOException {
        switch (op) {
            case MACHINE_NAME:
                return rename(params.path("name"));
            case SHARING_PAUSE:
            case SHARING_RESUME:
                ops.setPaused(op == Op.SHARING_PAUSE);
                return new Protocol.Paused(op == Op.SHARING_PAUSE);
            case PEERS_LIST:
                return ops.peers();
            case PEERS_ADD:
                return addPeer(Protocol.text(params, "address"), params.path("fingerprint").asText(""));
            case PEERS_REMOVE:
                AddedPeer gone = addedPeer(Protocol.text(params, "address"), "");
                edit(s -> SettingsEdits.removePeer(s, gone));
                return new Protocol.Removed(gone.address());
            case DOCTOR:
                return ops.doctor(params.path("peer").isTextual() ? params.path("peer").asText() : null);
            default: // subscribe, search.all and peer.copy are the server's (they answer more than once);
                // the rest are above
                throw new ControlException("unknown request '" + op.wire + "'");
        }
    }

    /**
     * {@code search.all}: asks every colleague on the list at once, from this process; each answer goes to
     * {@code each} as it arrives ({@code peer}, {@code matches}, {@code error}, {@code afterMs}); the result names
     * those that did not answer in time.
     */
    Object searchAll(JsonNode params, Consumer<Object> each) throws ControlException, IOException {
        SearchRequest request;
        try {
            request = SearchRequest.parse(Protocol.text(params, "request"));
        } catch (SearchRequest.BadRequest e) {
            throw new ControlException(e.getMessage());
        }
        long timeout = Math.max(1, Math.min(MAX_SEARCH_MS, params.path("timeoutMs").asLong(3000)));
        List<PeerInfo> known = new ArrayList<>();
        for (Map<String, Object> p : ops.peers()) {
            known.add(Protocol.read(Protocol.JSON.valueToTree(p), PeerInfo.class));
        }
        List<PeerTarget> targets = new ArrayList<>();
        for (PeerInfo p : known) {
            try {
                targets.add(PeerResolver.resolve(p.deviceId(), known));
            } catch (PeerException e) {
                each.accept(answer(p.name(), List.of(), e.getMessage(), 0));
            }
        }
        try {
            SearchAll.Outcome o = ops.searchAll(targets, request, Duration.ofMillis(timeout),
                    a -> each.accept(answer(a.peer().label(), a.matches(), a.error(), a.after().toMillis())));
            return Map.of("asked", targets.size(), "notAnswered", o.silent().stream().map(PeerTarget::label).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("the service is stopping");
        }
    }

    /**
     * {@code peer.copy}: a copy with a colleague ({@code lanshare get/put} while the service runs), made by this
     * process on the connection it keeps to that colleague; its progress goes to {@code each} as it happens
     * ({@code started}, {@code advanced}, {@code fileDone}, {@code finished}). When {@code each} fails (the
     * command went away: Ctrl-C) the copy stops, keeping what arrived for the next run to resume.
     */
    Object copy(JsonNode params, Consumer<Object> each) throws ControlException, IOException {
        String direction = Protocol.text(params, "direction");
        if (!direction.equals("get") && !direction.equals("put")) {
            throw new ControlException("'direction' is get or put, not '" + direction + "'");
        }
        String remotePath = Protocol.text(params, "remotePath");
        java.nio.file.Path local = java.nio.file.Path.of(Protocol.text(params, "local"));
        if (!local.isAbsolute()) {
            throw new ControlException("'local' must be an absolute path: " + local);
        }
        JsonNode user = params.path("user");
        PeerClient.Credentials who = user.isTextual() && !user.asText().isEmpty()
                ? new PeerClient.Credentials(user.asText(), params.path("password").asText(""))
                : PeerClient.Credentials.guest();
        Transfers.Options options = new Transfers.Options(Math.max(0, params.path("limit").asLong(0)),
                params.path("verify").asBoolean(false));
        List<PeerInfo> known = new ArrayList<>();
        for (Map<String, Object> p : ops.peers()) {
            known.add(Protocol.read(Protocol.JSON.valueToTree(p), PeerInfo.class));
        }
        try {
            PeerTarget peer = PeerResolver.resolve(Protocol.text(params, "peer"), known);
            ops.copy(peer, who, new Transfers.Job(direction.equals("put"), remotePath, local, options),
                    new WireProgress(each));
        } catch (PeerException e) {
            throw new ControlException(e.getMessage());
        }
        return Map.of("copied", true);
    }

    /**
     * A copy's progress as {@code peer.copy}'s partial answers: bytes moved and files done, summed over 100 ms
     * (a folder of small files would otherwise send a line per file).
     */
    private static final class WireProgress implements Progress {
        private static final long EVERY_NANOS = 100_000_000L;
        private final Consumer<Object> each;
        private long unsent;
        private int filesDone;
        private String last = "";
        private long sentAt = System.nanoTime();

        WireProgress(Consumer<Object> each) {
            this.each = each;
        }

        @Override
        public synchronized void started(long bytes, int files, long resumedBytes) {
            each.accept(Map.of("started", Map.of("bytes", bytes, "files", files, "resumed", resumedBytes)));
        }

        @Override
        public synchronized void advanced(long bytes) {
            unsent += bytes;
            long now = System.nanoTime();
            if (now - sentAt >= EVERY_NANOS) {
                flush(now);
            }
        }

        private void flush(long now) {
            if (unsent > 0 || filesDone > 0) {
                each.accept(Map.of("advanced", unsent, "filesDone", filesDone, "last", last));
                unsent = 0;
                filesDone = 0;
            }
            sentAt = now;
        }

        @Override
        public synchronized void fileDone(String name) {
            filesDone++;
            last = name;
            long now = System.nanoTime();
            if (now - sentAt >= EVERY_NANOS) {
                flush(now);
            }
        }

        @Override
        public synchronized void note(String line) {
            flush(System.nanoTime()); // in its place among the bytes moved
            each.accept(Map.of("note", line));
        }

        @Override
        public synchronized void finished() {
            flush(System.nanoTime());
            each.accept(Map.of("finished", true));
        }
    }

    private static Map<String, Object> answer(String peer, List<Match> matches, String error, long afterMs) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("peer", peer);
        a.put("matches", matches);
        if (error != null) {
            a.put("error", error);
        }
        a.put("afterMs", afterMs);
        return a;
    }

    /**
     * Contacts the machine; without a fingerprint, answers {@code confirm} with the one it showed (nothing saved),
     * so that the user can check it with the machine's owner; with one, saves the peer when the key matches.
     */
    private Object addPeer(String address, String fingerprint) throws ControlException, IOException {
        AddedPeer asked = addedPeer(address, fingerprint);
        Map<String, Object> met = ops.introduce(asked.host(), asked.port());
        if (Boolean.TRUE.equals(met.get("self"))) {
            throw new ControlException(asked.address() + " is this machine");
        }
        if (fingerprint.isEmpty()) {
            return Map.of("confirm", met, "address", asked.address());
        }
        if (!fingerprint.equals(met.get("fingerprint"))) {
            throw new ControlException(asked.address() + " showed host key " + met.get("fingerprint") + ", not "
                    + fingerprint + "; not adding it (another machine may be answering there)");
        }
        edit(s -> SettingsEdits.addPeer(s, asked));
        return Map.of("added", met, "address", asked.address());
    }

    private static AddedPeer addedPeer(String address, String fingerprint) throws ControlException {
        try {
            AddedPeer asked = AddedPeer.parse(address, Settings.DEFAULT_PORT, fingerprint);
            if (asked.addressProblem() != null) { // before anything is contacted (it failed with an IllegalArgumentException)
                throw new ControlException(asked.addressProblem());
            }
            return asked;
        } catch (IllegalArgumentException e) {
            throw new ControlException(e.getMessage());
        }
    }

    /** Adds one OpenSSH public key to an account, checked with MINA's parser (the one logins use). */
    private Object addKey(String who, String text) throws ControlException, IOException {
        PublicKeyLine key = keyLine(text);
        Settings saved = edit(s -> SettingsEdits.addKey(s, who, key.line(), key.fingerprint(),
                kept -> PublicKeyLine.names(kept, key.line())));
        return new Protocol.KeyAdded(who, key.fingerprint(), saved.account(who).orElseThrow().keys().size());
    }

    private static PublicKeyLine keyLine(String text) throws ControlException {
        try {
            return PublicKeyLine.parse(text);
        } catch (KeyLineException e) {
            throw new ControlException(e.getMessage());
        }
    }

    /** Removes the keys of an account that {@code text} names: a key line or its {@code SHA256:} fingerprint. */
    private Object removeKey(String who, String text) throws ControlException, IOException {
        int[] before = new int[1];
        Settings saved = edit(s -> {
            before[0] = SettingsEdits.existingAccount(s, who).keys().size();
            return SettingsEdits.removeKeys(s, who, kept -> PublicKeyLine.names(kept, text));
        });
        int after = saved.account(who).orElseThrow().keys().size();
        return new Protocol.KeysRemoved(who, before[0] - after, after);
    }

    /** The name peers see; empty means the host name. Discovery announces the new one within a second or two. */
    private Object rename(JsonNode name) throws ControlException, IOException {
        if (!name.isTextual()) {
            throw new ControlException("'name' is missing (an empty one means: use the host name)");
        }
        return new Protocol.Named(edit(s -> SettingsEdits.rename(s, name.asText())).name());
    }

    /** Makes {@code change} to the settings as saved; an invalid result saves nothing and says why. */
    private Settings edit(UnaryOperator<Settings> change) throws ControlException, IOException {
        try {
            return ops.edit(change);
        } catch (SettingsException e) {
            throw new ControlException("nothing was changed:\n"
                    + e.getMessage());
        }
    }
}
