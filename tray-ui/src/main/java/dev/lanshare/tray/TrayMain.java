package dev.lanshare.tray;

import dev.lanshare.config.AppDirs;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.sni.SniTray;
import dev.lanshare.tray.swing.AwtTray;
import dev.lanshare.tray.swing.Look;
import dev.lanshare.tray.swing.SwingUi;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.swing.SwingUtilities;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;

/**
 * {@code lanshare-tray [--ui=sni|awt|window] [--home DIR]}: the tray app. Quitting it leaves the service running.
 */
public final class TrayMain {
    static final long RETRY_MILLIS = 2000;

    private TrayMain() {
    }

    /** The parsed command line. */
    record Args(Optional<String> ui, Optional<Path> home) {
        static Args parse(String... args) {
            Optional<String> ui = Optional.empty();
            Optional<Path> home = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--ui=")) {
                    ui = Optional.of(args[i].substring("--ui=".length()));
                } else if (args[i].equals("--home") && i + 1 < args.length) {
                    home = Optional.of(Path.of(args[++i]));
                } else if (args[i].startsWith("--home=")) {
                    home = Optional.of(Path.of(args[i].substring("--home=".length())));
                } else {
                    throw new IllegalArgumentException("usage: lanshare-tray [--ui=sni|awt|window] [--home DIR]");
                }
            }
            return new Args(ui, home);
        }
    }

    public static void main(String[] argv) throws Exception {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("mac")) {
            // read once, when AWT's tray class loads: the menu-bar icon is then tinted like the system's own
            System.setProperty("apple.awt.enableTemplateImages", "true");
        }
        Args args;
        try {
            args = Args.parse(argv);
            args.ui().ifPresent(UiChoice::parse);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        AppDirs dirs = AppDirs.resolve(args.home());
        TrayController controller = new TrayController(dirs, RETRY_MILLIS);
        ServiceStarter starter = ServiceStarter.of(args.home().orElse(null), dirs.state());
        SwingUi ui = new SwingUi(controller, starter, () -> {
            controller.close();
            System.exit(0);
        });
        Optional<SingleInstance> only = SingleInstance.claim(dirs.runtime().resolve("tray.sock"),
                () -> ui.accept(new Action.OpenSettings()));
        if (only.isEmpty()) {
            System.err.println("lanshare-tray is running already; its settings window is in front now.");
            return;
        }
        boolean dark = SystemTheme.dark(System.getProperty("os.name"), System.getenv());
        SwingUtilities.invokeAndWait(() -> Look.install(dark));
        start(ui, args);
        controller.start();
    }

    /** Picks the backend (see {@link UiChoice}) and starts it; a failing SNI backend falls back to the others. */
    private static void start(SwingUi ui, Args args) throws Exception {
        String os = System.getProperty("os.name");
        DBusConnection bus = os.toLowerCase(Locale.ROOT).contains("linux") ? sessionBus() : null;
        boolean watcher = bus != null && SniTray.watcherPresent(bus);
        UiChoice wanted = UiChoice.choose(args.ui(), os, watcher, AwtTray.supported());
        UiChoice used = SwingUi.available(wanted, watcher);
        if (used != wanted) {
            System.err.println("lanshare-tray: no " + wanted.name().toLowerCase(Locale.ROOT) + " tray here; using "
                    + used.name().toLowerCase(Locale.ROOT));
        }
        if (used != UiChoice.SNI && bus != null) {
            bus.disconnect();
        }
        try {
            ui.start(used, bus);
        } catch (DBusException e) {
            System.err.println("lanshare-tray: the panel refused the tray icon (" + e.getMessage() + ")");
            ui.start(SwingUi.available(UiChoice.AWT, false), null);
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
