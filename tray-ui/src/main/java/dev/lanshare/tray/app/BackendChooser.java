package dev.lanshare.tray.app;

import dev.lanshare.tray.TrayBackend;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.sni.SniTray;
import dev.lanshare.tray.swing.AwtTray;
import dev.lanshare.tray.swing.WindowTray;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;

/**
 * Chooses the tray's backend and starts it: {@code --ui=sni|awt|window} when given, else the desktop's
 * StatusNotifierItem host on Linux when one listens, java.awt.SystemTray where the JDK supports it, else the
 * window, so that no one is left without the controls. A backend asked for but missing falls back the same way.
 */
public final class BackendChooser {
    /** The backends: where the menu appears. */
    public enum Kind {
        SNI, AWT, WINDOW;

        /** The value of {@code --ui}, in any case. */
        public static Kind parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ui must be sni, awt or window, not '" + text + "'");
            }
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private BackendChooser() {
    }

    /**
     * The backend asked for: the flag when given, else the best this desktop offers.
     *
     * @param sniWatcher   a StatusNotifierWatcher owns its name on the session bus
     * @param awtSupported {@code SystemTray.isSupported()}
     */
    public static Kind wanted(Optional<String> flag, String osName, boolean sniWatcher, boolean awtSupported) {
        if (flag.isPresent()) {
            return Kind.parse(flag.get());
        }
        boolean linux = osName.toLowerCase(Locale.ROOT).contains("linux");
        if (linux && sniWatcher) {
            return Kind.SNI;
        }
        return awtSupported ? Kind.AWT : Kind.WINDOW;
    }

    /** The backend that can start here: {@code wanted} when its host is present, else the best of the rest. */
    public static Kind available(Kind wanted, boolean sniWatcher, boolean awtSupported) {
        if (wanted == Kind.SNI && sniWatcher) {
            return Kind.SNI;
        }
        if (wanted == Kind.WINDOW) {
            return Kind.WINDOW;
        }
        return awtSupported ? Kind.AWT : Kind.WINDOW;
    }

    /**
     * Starts {@code kind}, which hands each chosen entry's action to {@code actions}.
     *
     * @param bus the session bus for {@link Kind#SNI}, else unused
     */
    public static TrayBackend open(Kind kind, DBusConnection bus, Consumer<Action> actions) throws DBusException {
        return switch (kind) {
            case SNI -> SniTray.start(bus, actions);
            case AWT -> new AwtTray(actions);
            case WINDOW -> new WindowTray(actions);
        };
    }

    /**
     * Chooses for this desktop ({@code flag} first) and starts the backend; says on stderr when it is not the one
     * asked for, and falls back to the others when the panel refuses the SNI item.
     */
    public static TrayBackend start(Optional<String> flag, String osName, Consumer<Action> actions)
            throws DBusException {
        DBusConnection bus = osName.toLowerCase(Locale.ROOT).contains("linux") ? sessionBus() : null;
        boolean watcher = bus != null && SniTray.watcherPresent(bus);
        boolean awt = AwtTray.supported();
        Kind wanted = wanted(flag, osName, watcher, awt);
        Kind used = available(wanted, watcher, awt);
        if (used != wanted) {
            System.err.println("lanshare-tray: no " + wanted.label() + " tray here; using " + used.label());
        }
        if (used != Kind.SNI && bus != null) {
            bus.disconnect();
        }
        try {
            return open(used, bus, actions);
        } catch (DBusException e) {
            System.err.println("lanshare-tray: the panel refused the tray icon (" + e.getMessage() + ")");
            return open(available(Kind.AWT, false, awt), null, actions);
        }
    }

    private static DBusConnection sessionBus() {
        try {
            return SniTray.connect(null);
        } catch (DBusException | RuntimeException e) {
            return null; // no session bus: the other backends still work
        }
    }
}
