package dev.lanshare.tray.swing;

import dev.lanshare.service.peer.Opener;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.RememberedPasswords;
import dev.lanshare.tray.Autostart;
import dev.lanshare.tray.PeerLogin;
import dev.lanshare.tray.PeerTargets;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayBackend;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.TrayPreferences;
import dev.lanshare.tray.UiChoice;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.MenuBuilder;
import dev.lanshare.tray.model.Notices;
import dev.lanshare.tray.model.Peer;
import dev.lanshare.tray.model.TrayState;
import dev.lanshare.tray.sni.SniTray;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;

/**
 * The desktop side of the tray: picks the backend, renders each new state, and carries out what the menu asks.
 * Service work goes to the controller's worker; starting programs goes to this class's own thread.
 */
public final class SwingUi implements Consumer<Action> {
    private final TrayController controller;
    private final ServiceStarter starter;
    private final Runnable quit;
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lanshare-tray-launcher");
        t.setDaemon(true);
        return t;
    });
    private final TrayPreferences prefs;
    private SettingsWindow settings;
    private volatile TrayBackend backend;

    public SwingUi(TrayController controller, ServiceStarter starter, Runnable quit) {
        this.controller = controller;
        this.starter = starter;
        this.quit = quit;
        this.prefs = new TrayPreferences(controller.dirs().state().resolve("tray-prefs.json"));
    }

    public TrayPreferences preferences() {
        return prefs;
    }

    /**
     * The backend that fits: what was asked, else the best this desktop has.
     *
     * @param sniWatcher a StatusNotifierWatcher is on the session bus
     */
    public static UiChoice available(UiChoice wanted, boolean sniWatcher) {
        if (wanted == UiChoice.SNI && sniWatcher) {
            return UiChoice.SNI;
        }
        if (wanted == UiChoice.WINDOW) {
            return UiChoice.WINDOW;
        }
        return AwtTray.supported() ? UiChoice.AWT : UiChoice.WINDOW;
    }

    /**
     * Shows the tray with {@code choice} and follows the controller's states; from any thread.
     *
     * @param bus the session bus for {@link UiChoice#SNI}, else null
     */
    public TrayBackend start(UiChoice choice, DBusConnection bus) throws DBusException {
        backend = choice == UiChoice.SNI ? SniTray.start(bus, this)
                : choice == UiChoice.AWT ? new AwtTray(this) : new WindowTray(this);
        java.util.concurrent.atomic.AtomicReference<TrayState> last = new java.util.concurrent.atomic.AtomicReference<>(
                controller.state());
        controller.addListener(state -> {
            backend.show(state, MenuBuilder.build(state));
            Notices.between(last.getAndSet(state), state).forEach(n -> backend.notify(n.title(), n.text()));
            SwingUtilities.invokeLater(() -> {
                if (settings != null) {
                    settings.update(state);
                }
            });
            showFirstRunOnce(state);
        });
        controller.addEventListener(event -> {
            if (prefs.notifySessions()) {
                Notices.ofEvent(event).ifPresent(n -> backend.notify(n.title(), n.text()));
            }
        });
        return backend;
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
        SwingUtilities.invokeLater(() -> settings().open());
    }

    /** On the Swing thread; created on first use. */
    public SettingsWindow settings() {
        if (settings == null) {
            settings = new SettingsWindow(controller, Autostart.of(System.getProperty("os.name"), System.getenv(),
                    dev.lanshare.config.AppDirs.userHome(), System.getProperty("lanshare.trayCommand",
                            "lanshare-tray")), prefs, this::shareFolder);
        }
        return settings;
    }

    /** The settings window if it was opened, else null; on the Swing thread. */
    SettingsWindow settingsIfOpen() {
        return settings != null && settings.frame().isShowing() ? settings : null;
    }

    @Override
    public void accept(Action action) {
        if (!SwingUtilities.isEventDispatchThread()) {
            SwingUtilities.invokeLater(() -> accept(action));
            return;
        }
        if (action instanceof Action.PauseSharing) {
            controller.setPaused(true);
        } else if (action instanceof Action.ResumeSharing) {
            controller.setPaused(false);
        } else if (action instanceof Action.SetShared s) {
            controller.setShared(s.share(), s.shared());
        } else if (action instanceof Action.ShareFolder) {
            shareFolder();
        } else if (action instanceof Action.OpenPeerShare o) {
            launcher.execute(() -> open(o));
        } else if (action instanceof Action.OpenSettings) {
            settings().open();
        } else if (action instanceof Action.StartService) {
            controller.startService(starter);
        } else if (action instanceof Action.Quit) {
            quit();
        }
    }

    private void shareFolder() {
        ShareDialog.ask(settings != null && settings.frame().isVisible() ? settings.frame() : null)
                .ifPresent(share -> controller.saveShare(share, true));
    }

    /** In GNOME Files or Dolphin, which speak sftp://; else in lanshare's own browse window. */
    private void open(Action.OpenPeerShare o) {
        Optional<List<String>> command = Opener.command(o.url(), System.getenv(), Opener::onPath);
        // xdg-open may hand sftp:// to a browser or to nothing: only gio and kioclient are known to mount it
        if (command.isPresent() && !command.get().get(0).equals("xdg-open")) {
            try {
                new ProcessBuilder(command.get()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return;
            } catch (IOException e) {
                // fall back to the browse window
            }
        }
        Optional<Peer> peer = controller.state().peers().stream().filter(p -> p.name().equals(o.peer())).findFirst();
        if (peer.isEmpty()) {
            SwingUtilities.invokeLater(() -> JOptionPane.showMessageDialog(null, o.peer()
                    + " is no longer on the network.", "Open " + o.share(), JOptionPane.INFORMATION_MESSAGE));
            return;
        }
        browseAs(peer.get(), o.share());
    }

    /**
     * Opens lanshare's browse window on {@code share}: as the account remembered for that colleague, else as a
     * guest where the share is open to guests, else after asking who to log in as. Reads the remembered
     * passwords: not on the Swing thread.
     */
    void browseAs(Peer peer, String share) {
        Optional<PeerClient.Credentials> known = Optional.empty();
        try {
            known = PeerLogin.known(peer, share, new RememberedPasswords(
                    controller.dirs().peerPasswords()));
        } catch (IOException e) {
            // an unreadable file of remembered passwords: ask, as if nothing was remembered
        }
        Optional<PeerClient.Credentials> login = known;
        SwingUtilities.invokeLater(() -> {
            if (login.isPresent()) {
                browse(peer, share, login.get()).open();
                return;
            }
            LoginDialog.ask(null, PeerTargets.of(peer), "", controller.dirs()).ifPresent(l ->
                    browse(peer, share, l.credentials()).openAs(l.credentials(), l.remember()));
        });
    }

    /** A browse window on {@code share}, logging in with {@code credentials}; on the Swing thread. */
    public BrowseWindow browse(Peer peer, String share, PeerClient.Credentials credentials) {
        BrowseWindow window = new BrowseWindow(PeerTargets.of(peer), share, credentials, controller.dirs());
        window.onCopied((title, text) -> {
            if (backend != null) {
                backend.notify(title, text);
            }
        });
        return window;
    }

    private void quit() {
        if (settings != null) {
            settings.frame().dispose();
        }
        if (backend != null) {
            backend.close();
        }
        launcher.shutdown();
        quit.run();
    }
}
