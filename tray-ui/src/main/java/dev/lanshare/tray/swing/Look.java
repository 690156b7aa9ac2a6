package dev.lanshare.tray.swing;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.util.Locale;
import java.util.Map;

/** FlatLaf, light or dark as the desktop asks. */
public final class Look {
    private Look() {
    }

    /** Call once, before the first window; on the Swing thread. */
    public static void install(boolean dark) {
        if (dark) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
    }

    /**
     * Whether the desktop prefers dark: GTK_THEME ending in ":dark" or naming a dark theme. (FlatLaf's own
     * detection of the system theme covers Windows and macOS only.)
     */
    public static boolean prefersDark(Map<String, String> env) {
        String theme = env.getOrDefault("GTK_THEME", "").toLowerCase(Locale.ROOT);
        return theme.contains("dark") || "dark".equalsIgnoreCase(env.getOrDefault("LANSHARE_THEME", ""));
    }
}
