package dev.lanshare.tray.app;

import dev.lanshare.config.AppDirs;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.SingleInstance;
import dev.lanshare.tray.SystemTheme;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.swing.Look;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Starts the tray app, {@code lanshare-tray [--ui=sni|awt|window] [--home DIR]}: one per user, put together by
 * {@link TrayApp} on the backend {@link BackendChooser} picks. Quitting it leaves the service running.
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
        String os = System.getProperty("os.name", "");
        if (os.toLowerCase(Locale.ROOT).startsWith("mac")) {
            // read once, when AWT's tray class loads: the menu-bar icon is then tinted like the system's own
            System.setProperty("apple.awt.enableTemplateImages", "true");
        }
        Args args;
        try {
            args = Args.parse(argv);
            args.ui().ifPresent(BackendChooser.Kind::parse);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        AppDirs dirs = AppDirs.resolve(args.home());
        TrayController controller = new TrayController(dirs, RETRY_MILLIS);
        ServiceStarter starter = ServiceStarter.of(args.home().orElse(null), dirs.state());
        TrayApp app = new TrayApp(controller, starter, () -> {
            controller.close();
            System.exit(0);
        });
        Optional<SingleInstance> only = SingleInstance.claim(dirs.runtime().resolve("tray.sock"),
                () -> app.actions().accept(new Action.OpenSettings()));
        if (only.isEmpty()) {
            System.err.println("lanshare-tray is running already; its settings window is in front now.");
            return;
        }
        Look.installOnUiThread(SystemTheme.dark(os, System.getenv()));
        app.start(BackendChooser.start(args.ui(), os, app.actions()));
        controller.start();
    }
}
