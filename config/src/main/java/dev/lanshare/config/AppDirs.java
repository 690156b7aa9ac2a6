package dev.lanshare.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where lanshare keeps its files on this platform.
 *
 * @param config  settings and the host key ({@code $XDG_CONFIG_HOME/lanshare} on Linux)
 * @param state   logs, status and remembered peers ({@code $XDG_STATE_HOME/lanshare} on Linux)
 * @param runtime the control socket ({@code $XDG_RUNTIME_DIR/lanshare} on Linux, else inside state)
 */
public record AppDirs(Path config, Path state, Path runtime) {
    public static final String HOME_VARIABLE = "LANSHARE_HOME";
    private static final String APP = "lanshare";

    public Path settingsFile() {
        return config.resolve("settings.yaml");
    }

    public Path hostKey() {
        return config.resolve("host_key");
    }

    public Path statusFile() {
        return state.resolve("status.json");
    }

    public Path activityLog() {
        return state.resolve("activity.log");
    }

    /** Passwords remembered for colleagues' machines ({@code lanshare get --remember}, the tray's login). */
    public Path peerPasswords() {
        return state.resolve("peer_passwords");
    }

    /** Everything below one folder: what {@code --home} and {@code LANSHARE_HOME} ask for. */
    public static AppDirs under(Path home) {
        Path h = home.toAbsolutePath().normalize();
        return new AppDirs(h, h.resolve("state"), h.resolve("run"));
    }

    /** The folders for this process: {@code --home} first, then {@code LANSHARE_HOME}, then the platform's. */
    public static AppDirs resolve(Optional<Path> homeFlag) {
        return resolve(homeFlag, System.getenv(), System.getProperty("os.name"), userHome());
    }

    static AppDirs resolve(Optional<Path> homeFlag, Map<String, String> env, String osName, Path userHome) {
        if (homeFlag.isPresent()) {
            return under(homeFlag.get());
        }
        String home = env.get(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            return under(Path.of(home));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            Path base = userHome.resolve("Library/Application Support").resolve(APP);
            return new AppDirs(base, base.resolve("state"), base.resolve("run"));
        }
        if (os.startsWith("windows")) {
            String appData = env.getOrDefault("APPDATA", userHome.resolve("AppData/Roaming").toString());
            Path base = Path.of(appData).resolve(APP);
            return new AppDirs(base, base.resolve("state"), base.resolve("run"));
        }
        Path config = xdg(env, "XDG_CONFIG_HOME", userHome.resolve(".config")).resolve(APP);
        Path state = xdg(env, "XDG_STATE_HOME", userHome.resolve(".local/state")).resolve(APP);
        String runtimeDir = env.get("XDG_RUNTIME_DIR");
        Path runtime = runtimeDir != null && Path.of(runtimeDir).isAbsolute()
                ? Path.of(runtimeDir).resolve(APP) : state.resolve("run");
        return new AppDirs(config, state, runtime);
    }

    /** The user's home folder: {@code $HOME} where set (Java itself ignores it on Linux), else Java's. */
    public static Path userHome() {
        String home = System.getenv("HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    }

    private static Path xdg(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        // the XDG spec says relative values are invalid and must be ignored
        return value != null && Path.of(value).isAbsolute() ? Path.of(value) : fallback;
    }
}
