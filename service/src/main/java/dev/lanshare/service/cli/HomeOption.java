package dev.lanshare.service.cli;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsException;
import dev.lanshare.config.SettingsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** {@code --home}, shared by every command, and the settings edits made through it. */
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

    /** Changes the settings file; a running service notices and applies the change within two seconds. */
    Settings update(UnaryOperator<Settings> change) throws IOException, SettingsException {
        Path file = dirs().settingsFile();
        if (!SettingsFile.exists(file)) {
            SettingsFile.save(file, Settings.empty());
        }
        return SettingsFile.update(file, change);
    }
}
