package dev.lanshare.service;

import dev.lanshare.config.Access;
import dev.lanshare.config.Account;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsValidator;
import dev.lanshare.config.Share;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings a machine starts with: one account named after its user, with a random password shown once, and
 * {@code ~/Public} (created if missing) shared read-only with accounts.
 */
public final class FirstRun {
    /** @param password shown to the user once; only its hash is kept */
    public record Defaults(Settings settings, String account, String password, Path folder) {
    }

    private FirstRun() {
    }

    public static Defaults defaults(String osUser, Path userHome) throws IOException {
        String account = accountName(osUser);
        String password = PasswordHash.randomPassword();
        Path publicFolder = userHome.resolve("Public");
        Files.createDirectories(publicFolder);
        Settings settings = Settings.empty()
                .withAccount(new Account(account, Optional.of(PasswordHash.hash(password.toCharArray())), List.of()))
                .withShare(new Share("Public", publicFolder.toRealPath(), true, Map.of(Share.ACCOUNTS, Access.READ)));
        return new Defaults(settings, account, password, publicFolder);
    }

    /** The OS user name made into a valid account name ("Ann Smith" -> "ann_smith"). */
    static String accountName(String osUser) {
        String name = osUser.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            name = "u" + name;
        }
        name = name.length() > 32 ? name.substring(0, 32) : name;
        return SettingsValidator.accountNameProblem(name) == null ? name : "owner";
    }
}
