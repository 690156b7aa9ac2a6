package dev.lanshare.service.peer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which program hands an {@code sftp://} URL to the desktop's file manager: {@code gio open} on GNOME (and
 * other GTK desktops), {@code kioclient exec} on KDE, {@code xdg-open} last; none without a desktop session.
 */
public final class Opener {
    private Opener() {
    }

    /**
     * @param env       the environment (XDG_CURRENT_DESKTOP, DISPLAY, WAYLAND_DISPLAY)
     * @param installed whether a program is on the PATH
     * @return the command to run, or empty: then print the URL
     */
    public static Optional<List<String>> command(String url, Map<String, String> env, Predicate<String> installed) {
        boolean session = env.containsKey("DISPLAY") || env.containsKey("WAYLAND_DISPLAY");
        if (!session) {
            return Optional.empty();
        }
        String desktop = env.getOrDefault("XDG_CURRENT_DESKTOP", "").toUpperCase(Locale.ROOT);
        if (desktop.contains("KDE")) {
            for (String kio : List.of("kioclient", "kioclient6", "kioclient5")) {
                if (installed.test(kio)) {
                    return Optional.of(List.of(kio, "exec", url));
                }
            }
        }
        if (!desktop.contains("KDE") && installed.test("gio")) {
            return Optional.of(List.of("gio", "open", url));
        }
        if (installed.test("xdg-open")) {
            return Optional.of(List.of("xdg-open", url));
        }
        return Optional.empty();
    }

    /** Whether {@code program} is an executable file in one of the PATH's folders. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
