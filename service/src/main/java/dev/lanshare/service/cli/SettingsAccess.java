package dev.lanshare.service.cli;

import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.EditRefused;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsEdits;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import dev.lanshare.service.control.ControlException;
import dev.lanshare.service.keys.PublicKeyLine;
import dev.lanshare.service.control.ServiceClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * How commands read and change the settings: through the running service when there is one (it is the one writer
 * of the settings), else straight to the file with the same {@link SettingsEdits}. Also {@code --home}, which every
 * command takes.
 */
final class SettingsAccess {
    /** One request to the running service. */
    @FunctionalInterface
    interface Call<T> {
        T on(ServiceClient service) throws IOException, ControlException;
    }

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

    /** The running service's answer to {@code call}, or empty when no service runs for this home. */
    <T> Optional<T> ask(Call<T> call) throws IOException {
        Optional<ServiceClient> client = ServiceClient.connect(dirs());
        if (client.isEmpty()) {
            return Optional.empty();
        }
        try (ServiceClient c = client.get()) {
            return Optional.of(call.on(c));
        } catch (ControlException e) {
            throw new UserError(e.getMessage());
        }
    }

    void addShare(Share share) throws IOException, SettingsException {
        change(c -> c.share(share), s -> SettingsEdits.addShare(s, share));
    }

    void removeShare(String name) throws IOException, SettingsException {
        change(c -> c.unshare(name), s -> SettingsEdits.removeShare(s, name));
    }

    void addAccount(Account account) throws IOException, SettingsException {
        change(c -> c.addAccount(account), s -> SettingsEdits.addAccount(s, account));
    }

    void removeAccount(String name) throws IOException, SettingsException {
        change(c -> c.removeAccount(name), s -> SettingsEdits.removeAccount(s, name));
    }

    void setPasswordHash(String name, String hash) throws IOException, SettingsException {
        change(c -> c.setPassword(name, hash), s -> SettingsEdits.setPasswordHash(s, name, hash));
    }

    /** Adds a key line the caller has read with {@link PublicKeyLine#parse}. */
    void addKey(String name, PublicKeyLine key) throws IOException, SettingsException {
        change(c -> c.addKey(name, key.line()), s -> SettingsEdits.addKey(s, name, key.line(), key.fingerprint(),
                kept -> PublicKeyLine.names(kept, key.line())));
    }

    /** @param key a key line or its {@code SHA256:} fingerprint */
    void removeKey(String name, String key) throws IOException, SettingsException {
        try {
            change(c -> c.removeKey(name, key), s -> SettingsEdits.removeKeys(s, name,
                    kept -> PublicKeyLine.names(kept, key)));
        } catch (UserError e) {
            throw e.getMessage().endsWith("has no such key") ? new UserError(e.getMessage()
                    + "; see 'lanshare user list'") : e;
        }
    }

    /** Makes a change through the running service ({@code live}), or, when none runs, the same edit to the file. */
    private void change(Call<?> live, UnaryOperator<Settings> offline) throws IOException, SettingsException {
        if (ask(live).isEmpty()) {
            updateFile(offline);
        }
    }

    private void updateFile(UnaryOperator<Settings> change) throws IOException, SettingsException {
        Path file = dirs().settingsFile();
        if (!SettingsFile.exists(file)) {
            SettingsFile.save(file, Settings.empty());
        }
        try {
            SettingsFile.update(file, change);
        } catch (EditRefused e) {
            throw new UserError(e.getMessage());
        }
    }
}
