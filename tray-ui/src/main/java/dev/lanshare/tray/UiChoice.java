package dev.lanshare.tray;

import java.util.Locale;
import java.util.Optional;

/**
 * Which tray backend to use: {@code --ui=sni|awt|window} when given, else the desktop's StatusNotifierItem host on
 * Linux when one listens, java.awt.SystemTray where the JDK supports it, else the window, so that no one is left
 * without the controls.
 */
public enum UiChoice {
    SNI, AWT, WINDOW;

    /**
     * @param sniWatcher   a StatusNotifierWatcher owns its name on the session bus
     * @param awtSupported {@code SystemTray.isSupported()}
     */
    public static UiChoice choose(Optional<String> flag, String osName, boolean sniWatcher, boolean awtSupported) {
        if (flag.isPresent()) {
            return parse(flag.get());
        }
        boolean linux = osName.toLowerCase(Locale.ROOT).contains("linux");
        if (linux && sniWatcher) {
            return SNI;
        }
        return awtSupported ? AWT : WINDOW;
    }

    public static UiChoice parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ui must be sni, awt or window, not '" + text + "'");
        }
    }
}
