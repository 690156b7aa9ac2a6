package dev.lanshare.tray;

import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.tray.model.Peer;
import dev.lanshare.config.Share;
import dev.lanshare.tray.model.TrayState;
import java.util.Optional;

/**
 * Opens the windows the tray's menu leads to (settings, the share dialog, browse windows); a renderer implements
 * it, so that what the menu does is decided here without the window toolkit. Every method but
 * {@link #onUiThread} runs on the toolkit's UI thread.
 */
public interface TrayWindows {
    /** Runs {@code task} on the UI thread: at once when called there, else as soon as it is free. */
    void onUiThread(Runnable task);

    /** Opens the settings window, or brings it to the front. */
    void openSettings();

    /** Asks which folder to share, and how; empty when the person cancels. */
    Optional<Share> askForShare();

    /** Says that {@code peer} left the network before its {@code share} could be opened. */
    void tellPeerGone(String peer, String share);

    /** Opens a browse window on {@code share}, logging in with {@code login}, else after asking who to log in as. */
    void browse(Peer peer, String share, Optional<PeerClient.Credentials> login);

    /** Opens the window that searches every colleague's shares, or brings it to the front. */
    void openSearch();

    /** Opens the window that explains why a colleague is not seen ("Can't see someone?"), or brings it up. */
    void openDoctor();

    /** Shows {@code state} in the windows that are open. */
    void update(TrayState state);

    /** Closes every window, when the tray quits. */
    void closeAll();
}
