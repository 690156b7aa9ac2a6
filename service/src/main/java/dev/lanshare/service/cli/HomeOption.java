package dev.lanshare.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import dev.lanshare.service.control.ControlClient;
import dev.lanshare.service.control.ControlException;
import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.keys.PublicKeyLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * {@code --home}, shared by every command, and the changes commands make: through the running service when
 * there is one (it is the one writer of the settings), else straight to the file.
 */
final class HomeOption {
    @Option(names = "--home", paramLabel = "DIR",
            description = "Keep settings, keys and logs in DIR (default: $LANSHARE_HOME, else the platform's folders).")
    Path home;

    AppDirs dirs() {
        return AppDirs.resolve(Optional.ofNullable(home));
    }

    Settings load() throws IOException, SettingsException {
        Path file = dirs().settingsFile();
        return SettingsFile.exists(file) ? SettingsFile.load(file) : Settings.empty();
    }

    /** The running service's answer to {@code op}, or empty when no service runs for this home. */
    Optional<JsonNode> ask(String op, Map<String, ?> params) throws IOException {
        Optional<ControlClient> client = ControlClient.connect(dirs());
        if (client.isEmpty()) {
            return Optional.empty();
        }
        try (ControlClient c = client.get()) {
            return Optional.of(c.request(op, params));
        } catch (ControlException e) {
            throw new UserError(e.getMessage());
        }
    }

    void addShare(Share share) throws IOException, SettingsException {
        if (ask("shares.add", Map.of("share", Protocol.share(share))).isEmpty()) {
            updateFile(s -> s.withShare(share));
        }
    }

    void removeShare(String name) throws IOException, SettingsException {
        if (ask("shares.remove", Map.of("name", name)).isEmpty()) {
            updateFile(s -> s.withoutShare(name));
        }
    }

    void addAccount(Account account) throws IOException, SettingsException {
        Map<String, Object> json = new java.util.LinkedHashMap<>(Map.of("name", account.name(), "keys",
                account.keys()));
        account.passwordHash().ifPresent(h -> json.put("passwordHash", h));
        if (ask("accounts.add", Map.of("account", json)).isEmpty()) {
            updateFile(s -> s.withAccount(account));
        }
    }

    void removeAccount(String name) throws IOException, SettingsException {
        if (ask("accounts.remove", Map.of("name", name)).isEmpty()) {
            updateFile(s -> s.withoutAccount(name));
        }
    }

    void setPasswordHash(String name, String hash) throws IOException, SettingsException {
        if (ask("accounts.password", Map.of("name", name, "passwordHash", hash)).isEmpty()) {
            updateFile(s -> s.withAccount(s.account(name).orElseThrow().withPasswordHash(hash)));
        }
    }

    void addKey(String name, String line) throws IOException, SettingsException {
        if (ask("accounts.keys.add", Map.of("name", name, "key", line)).isEmpty()) {
            Account a = existing(name);
            if (PublicKeyLine.anyNames(a.keys(), line)) {
                throw new UserError("account '" + name + "' has that key already");
            }
            updateFile(s -> s.withAccount(a.withKey(line)));
        }
    }

    void removeKey(String name, String key) throws IOException, SettingsException {
        if (ask("accounts.keys.remove", Map.of("name", name, "key", key)).isEmpty()) {
            Account a = existing(name);
            List<String> kept = PublicKeyLine.without(a.keys(), key);
            if (kept.size() == a.keys().size()) {
                throw new UserError("account '" + name + "' has no such key; see 'lanshare user list'");
            }
            updateFile(s -> s.withAccount(new Account(name, a.passwordHash(), kept)));
        }
    }

    private Account existing(String name) throws IOException, SettingsException {
        return load().account(name).orElseThrow(() -> new UserError("no account named '" + name + "'"));
    }

    private void updateFile(UnaryOperator<Settings> change) throws IOException, SettingsException {
        Path file = dirs().settingsFile();
        if (!SettingsFile.exists(file)) {
            SettingsFile.save(file, Settings.empty());
        }
        SettingsFile.update(file, change);
    }
}
