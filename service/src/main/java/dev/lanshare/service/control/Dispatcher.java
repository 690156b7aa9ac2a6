package dev.lanshare.service.control;

import dev.lanshare.service.keys.KeyLineException;
import dev.lanshare.service.keys.PublicKeyLine;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.config.Account;
import dev.lanshare.config.AddedPeer;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.Share;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Turns one request into a result, through {@link Operations}. Every change is validated as a whole. */
final class Dispatcher {
    private final Operations ops;

    Dispatcher(Operations ops) {
        this.ops = ops;
    }

    Object handle(String op, JsonNode params) throws ControlException, IOException {
        switch (op) {
            case "hello":
                return Map.of("protocol", Protocol.VERSION);
            case "status":
                return ops.status();
            case "shares.list":
                return ops.settings().shares().stream().map(Protocol::share).toList();
            case "shares.add":
                Share share = Protocol.share(params.path("share"));
                return Protocol.share(edit(s -> s.withShare(share)).share(share.name()).orElseThrow());
            case "shares.change":
                Share changed = Protocol.share(params.path("share"));
                existingShare(changed.name());
                return Protocol.share(edit(s -> s.withShare(changed)).share(changed.name()).orElseThrow());
            case "shares.remove":
                String name = existingShare(Protocol.text(params, "name"));
                edit(s -> s.withoutShare(name));
                return Map.of("removed", name);
            case "accounts.list":
                return ops.settings().accounts().stream().map(Protocol::account).toList();
            case "accounts.add":
                return addAccount(Protocol.account(params.path("account")));
            case "accounts.remove":
                String account = existingAccount(Protocol.text(params, "name"));
                edit(s -> s.withoutAccount(account));
                return Map.of("removed", account);
            case "accounts.password":
                String who = existingAccount(Protocol.text(params, "name"));
                String hash = Protocol.text(params, "passwordHash");
                edit(s -> s.withAccount(s.account(who).orElseThrow().withPasswordHash(hash)));
                return Map.of("changed", who);
            case "accounts.keys.add":
                return addKey(existingAccount(Protocol.text(params, "name")), Protocol.text(params, "key"));
            case "accounts.keys.remove":
                return removeKey(existingAccount(Protocol.text(params, "name")), Protocol.text(params, "key"));
            case "machine.name":
                return rename(params.path("name"));
            case "sharing.pause":
                ops.setPaused(true);
                return Map.of("paused", true);
            case "sharing.resume":
                ops.setPaused(false);
                return Map.of("paused", false);
            case "peers.list":
                return ops.peers();
            case "peers.add":
                return addPeer(Protocol.text(params, "address"), params.path("fingerprint").asText(""));
            case "peers.remove":
                AddedPeer gone = addedPeer(Protocol.text(params, "address"), "");
                if (ops.settings().peers().stream().noneMatch(p -> p.sameAddress(gone))) {
                    throw new ControlException("no peer was added as '" + gone.address() + "'");
                }
                edit(s -> s.withoutPeer(gone));
                return Map.of("removed", gone.address());
            case "discovery.doctor":
                return ops.doctor(params.path("peer").isTextual() ? params.path("peer").asText() : null);
            default:
                throw new ControlException("unknown request '" + op + "'");
        }
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
        edit(s -> s.withPeer(asked));
        return Map.of("added", met, "address", asked.address());
    }

    private static AddedPeer addedPeer(String address, String fingerprint) throws ControlException {
        try {
            return AddedPeer.parse(address, Settings.DEFAULT_PORT, fingerprint);
        } catch (IllegalArgumentException e) {
            throw new ControlException(e.getMessage());
        }
    }

    private Object addAccount(Account account) throws ControlException, IOException {
        if (ops.settings().account(account.name()).isPresent()) {
            throw new ControlException("account '" + account.name() + "' exists");
        }
        return Protocol.account(edit(s -> s.withAccount(account)).account(account.name()).orElseThrow());
    }

    /** Adds one OpenSSH public key to an account, checked with MINA's parser (the one logins use). */
    private Object addKey(String who, String text) throws ControlException, IOException {
        PublicKeyLine key = keyLine(text);
        if (PublicKeyLine.anyNames(ops.settings().account(who).orElseThrow().keys(), key.line())) {
            throw new ControlException("account '" + who + "' has that key already (" + key.fingerprint() + ")");
        }
        Settings saved = edit(s -> s.withAccount(s.account(who).orElseThrow().withKey(key.line())));
        return Map.of("name", who, "fingerprint", key.fingerprint(), "keys",
                saved.account(who).orElseThrow().keys().size());
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
        Account before = ops.settings().account(who).orElseThrow();
        List<String> kept = PublicKeyLine.without(before.keys(), text);
        if (kept.size() == before.keys().size()) {
            throw new ControlException("account '" + who + "' has no such key");
        }
        edit(s -> s.withAccount(new Account(who, s.account(who).orElseThrow().passwordHash(), kept)));
        return Map.of("name", who, "removed", before.keys().size() - kept.size(), "keys", kept.size());
    }

    /** The name peers see; empty means the host name. Discovery announces the new one within a second or two. */
    private Object rename(JsonNode name) throws ControlException, IOException {
        if (!name.isTextual()) {
            throw new ControlException("'name' is missing (an empty one means: use the host name)");
        }
        String next = name.asText().strip();
        edit(s -> s.withName(next));
        return Map.of("name", next);
    }

    private String existingShare(String name) throws ControlException {
        return ops.settings().share(name).map(Share::name)
                .orElseThrow(() -> new ControlException("no share named '" + name + "'"));
    }

    private String existingAccount(String name) throws ControlException {
        return ops.settings().account(name).map(Account::name)
                .orElseThrow(() -> new ControlException("no account named '" + name + "'"));
    }

    private Settings edit(UnaryOperator<Settings> change) throws ControlException, IOException {
        try {
            return ops.edit(change);
        } catch (SettingsException e) {
            throw new ControlException("nothing was changed:\n"
                    + e.getMessage());
        }
    }
}
