package dev.lanshare.tray.swing;

import dev.lanshare.config.AppDirs;
import dev.lanshare.config.Share;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.tray.Autostart;
import dev.lanshare.tray.PeerTargets;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.TrayPreferences;
import dev.lanshare.tray.TrayWindows;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.Peer;
import dev.lanshare.tray.model.TrayState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

/**
 * Opens the tray's Swing windows: the settings window (one, made on first use), the share dialog, browse windows
 * and the login dialog before them. Runs on the Swing thread, as {@link TrayWindows} says.
 */
public final class SwingWindows implements TrayWindows {
    private final TrayController controller;
    private final TrayPreferences prefs;
    private final Consumer<Action> actions;
    private final BiConsumer<String, String> notices;
    private SettingsWindow settings;
    private SearchWindow search;
    private DoctorWindow doctor;

    /**
     * @param actions where the windows' own menu actions go ("Share a folder…")
     * @param notices shows a desktop notification (title, text): a copy finished or failed
     */
    public SwingWindows(TrayController controller, TrayPreferences prefs, Consumer<Action> actions,
            BiConsumer<String, String> notices) {
        this.controller = controller;
        this.prefs = prefs;
        this.actions = actions;
        this.notices = notices;
    }

    @Override
    public void onUiThread(Runnable task) {
        if (SwingUtilities.isEventDispatchThread()) {
            task.run();
        } else {
            SwingUtilities.invokeLater(task);
        }
    }

    @Override
    public void openSettings() {
        settings().open();
    }

    /** The settings window, made on first use. */
    public SettingsWindow settings() {
        if (settings == null) {
            settings = new SettingsWindow(controller, Autostart.of(System.getProperty("os.name"), System.getenv(),
                    AppDirs.userHome(), System.getProperty("lanshare.trayCommand", "lanshare-tray")), prefs,
                    () -> actions.accept(new Action.ShareFolder()));
        }
        return settings;
    }

    /** The settings window if it was opened and shows, else null. */
    SettingsWindow settingsIfOpen() {
        return settings != null && settings.frame().isShowing() ? settings : null;
    }

    @Override
    public Optional<Share> askForShare() {
        TrayState state = controller.state();
        List<Share> known = new ArrayList<>(state.shares());
        known.addAll(state.remembered());
        return ShareDialog.ask(settings != null && settings.frame().isVisible() ? settings.frame() : null, known);
    }

    @Override
    public void tellPeerGone(String peer, String share) {
        JOptionPane.showMessageDialog(null, peer + " is no longer on the network.", "Open " + share,
                JOptionPane.INFORMATION_MESSAGE);
    }

    @Override
    public void browse(Peer peer, String share, Optional<PeerClient.Credentials> login) {
        if (login.isPresent()) {
            browseWindow(peer, share, login.get()).open();
            return;
        }
        LoginDialog.ask(null, PeerTargets.of(peer), "", controller.dirs()).ifPresent(l ->
                browseWindow(peer, share, l.credentials()).openAs(l.credentials(), l.remember()));
    }

    /** A browse window on {@code share}, logging in with {@code credentials}. */
    private BrowseWindow browseWindow(Peer peer, String share, PeerClient.Credentials credentials) {
        BrowseWindow window = new BrowseWindow(PeerTargets.of(peer), share, credentials, controller.dirs());
        window.onCopied(notices::accept);
        return window;
    }

    @Override
    public void openSearch() {
        if (search == null) {
            search = new SearchWindow(controller.dirs(), this::colleagues, this::browseFolder);
        }
        search.open();
    }

    @Override
    public void openDoctor() {
        if (doctor == null) {
            doctor = new DoctorWindow(controller::doctor);
        }
        doctor.open();
    }

    /** The colleagues on the menu that have an address to connect to. */
    private List<PeerTarget> colleagues() {
        List<PeerTarget> out = new ArrayList<>();
        for (Peer p : controller.state().peers()) {
            try {
                out.add(PeerTargets.of(p));
            } catch (IllegalArgumentException e) {
                // no usable address: it cannot be asked
            }
        }
        return out;
    }

    /** A browse window on {@code folder} ({@code /SHARE/PATH}) of {@code peer}. */
    private void browseFolder(PeerTarget peer, String folder, PeerClient.Credentials login) {
        String share = folder.substring(1).split("/", 2)[0];
        BrowseWindow window = new BrowseWindow(peer, share, login, controller.dirs());
        window.onCopied(notices::accept);
        window.openAt(folder);
    }

    @Override
    public void update(TrayState state) {
        if (settings != null) {
            settings.update(state);
        }
    }

    @Override
    public void closeAll() {
        if (settings != null) {
            settings.frame().dispose();
        }
        if (search != null) {
            search.frame().dispose();
        }
        if (doctor != null) {
            doctor.frame().dispose();
        }
    }
}
