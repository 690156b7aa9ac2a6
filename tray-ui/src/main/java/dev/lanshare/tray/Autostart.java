package dev.lanshare.tray;

import dev.lanshare.config.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * "Start at login" for the tray. On Linux an XDG autostart entry (what GNOME, KDE and the rest read). The macOS
 * LaunchAgent and the Windows Run key are not written yet: {@link #of} is empty there and the box is disabled.
 */
public final class Autostart {
    private final Path entry;
    private final String command;

    Autostart(Path entry, String command) {
        this.entry = entry;
        this.command = command;
    }

    /** @param command the tray's launcher ({@code lanshare.trayCommand}, set by the installer) */
    public static Optional<Autostart> of(String osName, Map<String, String> env, Path userHome, String command) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : userHome.resolve(".config");
        return Optional.of(new Autostart(config.resolve("autostart/lanshare-tray.desktop"), command));
    }

    public boolean enabled() {
        return Files.exists(entry);
    }

    public void set(boolean on) throws IOException {
        if (!on) {
            Files.deleteIfExists(entry);
            return;
        }
        String desktop = "[Desktop Entry]\nType=Application\nName=lanshare\nComment=Share folders with the office\n"
                + "Exec=" + command + "\nIcon=lanshare\nTerminal=false\nX-GNOME-Autostart-enabled=true\n";
        AtomicFiles.write(entry, desktop.getBytes(StandardCharsets.UTF_8));
    }
}
