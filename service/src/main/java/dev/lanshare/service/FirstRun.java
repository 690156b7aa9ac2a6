package dev.lanshare.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.config.Access;
import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsValidator;
import dev.lanshare.config.Share;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings a machine starts with: one account named after its user, with a random password, and
 * {@code ~/Public} (created if missing) shared read-only with accounts.
 *
 * <p>Under systemd nobody reads what {@code serve} prints, so the first password is also kept in
 * {@code first-run.json} in the state folder (owner-only, like every secret here) until its account's password
 * is changed or the account removed: {@code lanshare status} and the tray show it from there.
 */
public final class FirstRun {
    static final String FILE = "first-run.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param password shown to the user; the settings keep only its hash */
    public record Defaults(Settings settings, String account, String password, Path folder) {
    }

    /**
     * What the owner needs to let a colleague in after the first run.
     *
     * @param hash the account's password hash when it was made: a different one means the password was changed
     */
    public record Notice(String account, String password, String folder, String hash) {
        /** As the control channel's {@code status} sends it (without the hash). */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("account", account);
            m.put("password", password);
            m.put("folder", folder);
            return m;
        }

        @Override
        public String toString() {
            return "Notice[" + account + ", " + folder + "]";
        }
    }

    private FirstRun() {
    }

    public static Defaults defaults(String osUser, Path userHome) throws IOException {
        String account = accountName(osUser);
        String password = PasswordHash.randomPassword();
        // the real path, as the share keeps it: the tray finds the share by its folder
        Path publicFolder = Files.createDirectories(userHome.resolve("Public")).toRealPath();
        Settings settings = Settings.empty()
                .withAccount(new Account(account, Optional.of(PasswordHash.hash(password.toCharArray())), List.of()))
                .withShare(new Share("Public", publicFolder, true, Map.of(Share.ACCOUNTS, Access.READ)));
        return new Defaults(settings, account, password, publicFolder);
    }

    /** Keeps the first password (owner-only) until {@link #current} sees it changed. */
    public static void keep(AppDirs dirs, Defaults d) throws IOException {
        String hash = d.settings().account(d.account()).flatMap(Account::passwordHash).orElseThrow();
        AtomicFiles.createPrivateDirectories(dirs.state());
        AtomicFiles.write(dirs.state().resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                new Notice(d.account(), d.password(), d.folder().toString(), hash)));
    }

    /**
     * The first-run password while it is still the account's password; once the password was changed or the
     * account removed, the file is deleted and the answer is empty.
     */
    public static Optional<Notice> current(AppDirs dirs, Settings settings) {
        Path file = dirs.state().resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Notice n = JSON.readValue(file.toFile(), Notice.class);
            boolean same = settings.account(n.account()).flatMap(Account::passwordHash)
                    .filter(h -> h.equals(n.hash())).isPresent();
            if (same) {
                return Optional.of(n);
            }
            Files.deleteIfExists(file); // changed or removed: the password is no longer anybody's secret to show
        } catch (IOException e) {
            // unreadable: nothing to show; the account and its password still work
        }
        return Optional.empty();
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
