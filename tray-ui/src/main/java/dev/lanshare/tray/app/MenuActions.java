package dev.lanshare.tray.app;

import dev.lanshare.service.peer.Opener;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.RememberedPasswords;
import dev.lanshare.tray.PeerLogin;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.TrayWindows;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.Peer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Carries out what the tray's menu asks: service work goes to the controller's worker, windows open through
 * {@link TrayWindows} on the UI thread, and starting programs (a file manager on a colleague's share) goes to this
 * class's own thread, so no file or network work runs on the UI thread.
 */
public final class MenuActions implements Consumer<Action> {
    private final TrayController controller;
    private final ServiceStarter starter;
    private final TrayWindows windows;
    private final Runnable quit;
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lanshare-tray-launcher");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param windows makes the windows, given where their own menu actions go (the settings window's "Share a
     *                folder…" comes back here)
     * @param quit    what quitting does once the windows are closed
     */
    public MenuActions(TrayController controller, ServiceStarter starter,
            Function<Consumer<Action>, TrayWindows> windows, Runnable quit) {
        this.controller = controller;
        this.starter = starter;
        this.quit = quit;
        this.windows = windows.apply(this);
    }

    /** The windows the actions open. */
    public TrayWindows windows() {
        return windows;
    }

    /** From any thread: carried out on the UI thread. */
    @Override
    public void accept(Action action) {
        windows.onUiThread(() -> carryOut(action));
    }

    private void carryOut(Action action) {
        if (action instanceof Action.PauseSharing) {
            controller.setPaused(true);
        } else if (action instanceof Action.ResumeSharing) {
            controller.setPaused(false);
        } else if (action instanceof Action.SetShared s) {
            controller.setShared(s.share(), s.shared());
        } else if (action instanceof Action.ShareFolder) {
            windows.askForShare().ifPresent(share -> controller.saveShare(share, true));
        } else if (action instanceof Action.OpenPeerShare o) {
            launcher.execute(() -> open(o));
        } else if (action instanceof Action.SearchShares) {
            windows.openSearch();
        } else if (action instanceof Action.Diagnose) {
            windows.openDoctor();
        } else if (action instanceof Action.OpenSettings) {
            windows.openSettings();
        } else if (action instanceof Action.StartService) {
            controller.startService(starter);
        } else if (action instanceof Action.Quit) {
            windows.closeAll();
            launcher.shutdown();
            quit.run();
        }
    }

    /**
     * In GNOME Files or Dolphin, which speak sftp://; in Finder and Explorer through this machine's WebDAV gateway;
     * else (or when that fails) in lanshare's own browse window.
     */
    private void open(Action.OpenPeerShare o) {
        String os = System.getProperty("os.name", "");
        if (Opener.needsGateway(os)) {
            Optional<String> gateway = controller.gatewayUrl();
            if (gateway.isPresent() && Opener.runAll(Opener.viaGateway(gateway.get(), o.peer(), o.share(), os,
                    System.getenv(), Opener::onPath), ProcessBuilder.Redirect.DISCARD)) {
                return;
            }
        } else {
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
        }
        Optional<Peer> peer = controller.state().peers().stream().filter(p -> p.name().equals(o.peer())).findFirst();
        if (peer.isEmpty()) {
            windows.onUiThread(() -> windows.tellPeerGone(o.peer(), o.share()));
            return;
        }
        browseAs(peer.get(), o.share());
    }

    /**
     * Opens lanshare's browse window on {@code share}: as the account remembered for that colleague, else as a
     * guest where the share is open to guests, else after asking who to log in as. Reads the remembered
     * passwords: not on the UI thread.
     */
    public void browseAs(Peer peer, String share) {
        Optional<PeerClient.Credentials> known = Optional.empty();
        try {
            known = PeerLogin.known(peer, share, new RememberedPasswords(controller.dirs().peerPasswords()));
        } catch (IOException e) {
            // an unreadable file of remembered passwords: ask, as if nothing was remembered
        }
        Optional<PeerClient.Credentials> login = known;
        windows.onUiThread(() -> windows.browse(peer, share, login));
    }
}
