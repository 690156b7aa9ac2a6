package dev.lanshare.tray.app;

import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayBackend;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.TrayPreferences;
import dev.lanshare.tray.TrayWindows;
import dev.lanshare.tray.model.MenuBuilder;
import dev.lanshare.tray.model.Notices;
import dev.lanshare.tray.model.TrayState;
import dev.lanshare.tray.swing.SwingWindows;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts the tray together and keeps it current: the backend renders each state the controller hands over, with
 * its notices; the open windows follow; the menu's actions go to {@link MenuActions}. The backend itself is
 * chosen by {@link BackendChooser}.
 */
public final class TrayApp {
    private final TrayController controller;
    private final TrayPreferences prefs;
    private final MenuActions actions;
    private volatile TrayBackend backend;

    /** @param quit what quitting the tray does last, after its windows and backend are closed */
    public TrayApp(TrayController controller, ServiceStarter starter, Runnable quit) {
        this.controller = controller;
        this.prefs = new TrayPreferences(controller.dirs().state().resolve("tray-prefs.json"));
        this.actions = new MenuActions(controller, starter,
                menu -> new SwingWindows(controller, prefs, menu, this::notify), () -> {
                    if (backend != null) {
                        backend.close();
                    }
                    quit.run();
                });
    }

    public TrayPreferences preferences() {
        return prefs;
    }

    /** Where the backend hands the menu's actions. */
    public MenuActions actions() {
        return actions;
    }

    public TrayWindows windows() {
        return actions.windows();
    }

    /** Shows the tray on {@code started} and follows the controller's states from now on; from any thread. */
    public void start(TrayBackend started) {
        backend = started;
        AtomicReference<TrayState> last = new AtomicReference<>(controller.state());
        TrayWindows windows = windows();
        controller.addListener(state -> {
            backend.show(state, MenuBuilder.build(state));
            Notices.between(last.getAndSet(state), state).forEach(n -> backend.notify(n.title(), n.text()));
            windows.onUiThread(() -> windows.update(state));
            showFirstRunOnce(state);
        });
        controller.addEventListener(event -> {
            if (prefs.notifySessions()) {
                Notices.ofEvent(event).ifPresent(n -> backend.notify(n.title(), n.text()));
            }
        });
    }

    /**
     * After the service's first run, the settings window opens by itself once, with what is shared and the
     * password colleagues need; the tray remembers that it did (on the controller's worker: a file is written).
     */
    private void showFirstRunOnce(TrayState state) {
        if (state.firstRun().isEmpty() || prefs.firstRunShown()) {
            return;
        }
        try {
            prefs.setFirstRunShown();
        } catch (IOException e) {
            // shown again at the next start: better than never
        }
        windows().onUiThread(() -> windows().openSettings());
    }

    /** A desktop notification through the backend, once there is one. */
    private void notify(String title, String text) {
        if (backend != null) {
            backend.notify(title, text);
        }
    }
}
