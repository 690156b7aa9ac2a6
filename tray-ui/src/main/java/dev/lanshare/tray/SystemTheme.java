package dev.lanshare.tray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether the desktop asks for dark windows, read once at start (off the Swing thread: it runs a program):
 * GNOME's color-scheme, macOS's AppleInterfaceStyle, Windows' AppsUseLightTheme; GTK_THEME or LANSHARE_THEME
 * first, so a user or a test can decide.
 */
public final class SystemTheme {
    private SystemTheme() {
    }

    public static boolean dark(String osName, Map<String, String> env) {
        String forced = env.getOrDefault("LANSHARE_THEME", "").toLowerCase(Locale.ROOT);
        if (!forced.isEmpty()) {
            return forced.equals("dark");
        }
        if (env.getOrDefault("GTK_THEME", "").toLowerCase(Locale.ROOT).contains("dark")) {
            return true;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return answer(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).trim().equalsIgnoreCase("dark");
        }
        if (os.startsWith("windows")) {
            return windowsDark(answer(List.of("reg", "query",
                    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v",
                    "AppsUseLightTheme")));
        }
        return gnomeDark(answer(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")));
    }

    /** {@code 'prefer-dark'} from gsettings. */
    static boolean gnomeDark(String answer) {
        return answer.contains("prefer-dark");
    }

    /** {@code AppsUseLightTheme    REG_DWORD    0x0} from reg query: 0 means dark. */
    static boolean windowsDark(String answer) {
        return answer.matches("(?s).*AppsUseLightTheme\\s+REG_DWORD\\s+0x0+\\s*");
    }

    /** What {@code command} prints, or "" when it is missing, fails or takes longer than two seconds. */
    private static String answer(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
