package dev.lanshare.service.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.config.Account;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.Share;
import java.io.IOException;
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
            case "sharing.pause":
                ops.setPaused(true);
                return Map.of("paused", true);
            case "sharing.resume":
                ops.setPaused(false);
                return Map.of("paused", false);
            case "peers.list":
                return ops.peers();
            default:
                throw new ControlException("unknown request '" + op + "'");
        }
    }

    private Object addAccount(Account account) throws ControlException, IOException {
        if (ops.settings().account(account.name()).isPresent()) {
            throw new ControlException("account '" + account.name() + "' exists");
        }
        return Protocol.account(edit(s -> s.withAccount(account)).account(account.name()).orElseThrow());
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
            throw new ControlException(String.join("; ", e.problems().stream().map(p -> p.message()).toList()));
        }
    }
}
