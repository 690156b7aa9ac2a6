package dev.lanshare.tray;

import dev.lanshare.config.AppDirs;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.swing.Look;
import dev.lanshare.tray.swing.SwingUi;
import java.nio.file.Path;
import java.util.Optional;
import javax.swing.SwingUtilities;

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
        Args args;
        UiChoice wanted;
        try {
            args = Args.parse(argv);
            // no StatusNotifierWatcher probe yet: the SNI backend is still to come, so auto never picks it
            wanted = UiChoice.choose(args.ui(), System.getProperty("os.name"), false,
                    dev.lanshare.tray.swing.AwtTray.supported());
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
        SwingUtilities.invokeAndWait(() -> Look.install(Look.prefersDark(System.getenv())));
        UiChoice used = SwingUi.available(wanted);
        if (used != wanted) {
            System.err.println("lanshare-tray: the " + wanted.name().toLowerCase() + " tray is not available here;"
                    + " using " + used.name().toLowerCase());
        }
        ui.start(used);
        controller.start();
    }
}
