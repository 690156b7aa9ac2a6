package dev.lanshare.tray.model;

import dev.lanshare.config.Share;
import dev.lanshare.tray.model.MenuEntry.Check;
import dev.lanshare.tray.model.MenuEntry.Item;
import dev.lanshare.tray.model.MenuEntry.Separator;
import dev.lanshare.tray.model.MenuEntry.Submenu;
import java.util.ArrayList;
import java.util.List;

/** The tray menu for a state: pure data, the same for every backend. */
public final class MenuBuilder {
    public static final String SHARING_ON = "Sharing on";
    public static final String SHARE_FOLDER = "Share a folder…";
    public static final String COLLEAGUES = "Colleagues";
    public static final String SEARCH = "Search everyone's shares…";
    public static final String CANT_SEE = "Can't see someone?";
    public static final String SETTINGS = "Settings…";
    public static final String QUIT = "Quit tray (sharing goes on)";
    public static final String START = "Start lanshare";

    private MenuBuilder() {
    }

    public static List<MenuEntry> build(TrayState state) {
        List<MenuEntry> menu = new ArrayList<>();
        if (!state.running()) {
            menu.add(Item.info("lanshare is not running"));
            menu.add(Item.of(START, new Action.StartService()));
        } else {
            menu.add(new Check(SHARING_ON, !state.paused(),
                    state.paused() ? new Action.ResumeSharing() : new Action.PauseSharing()));
            menu.add(new Separator());
            menu.addAll(folders(state));
            menu.add(Item.of(SHARE_FOLDER, new Action.ShareFolder()));
            menu.add(new Separator());
            menu.add(colleagues(state.peers()));
            menu.add(Item.of(SEARCH, new Action.SearchShares()));
        }
        if (!state.problem().isEmpty()) {
            menu.add(Item.info(state.problem()));
        }
        menu.add(new Separator());
        menu.add(Item.of(SETTINGS, new Action.OpenSettings()));
        menu.add(Item.of(QUIT, new Action.Quit()));
        return List.copyOf(menu);
    }

    /** Shared folders ticked, remembered ones not; the label says what others may do there. */
    static List<MenuEntry> folders(TrayState state) {
        List<MenuEntry> out = new ArrayList<>();
        if (state.shares().isEmpty() && state.remembered().isEmpty()) {
            out.add(Item.info("No folder is shared"));
        }
        for (Share s : state.shares()) {
            out.add(new Check(folderLabel(s), true, new Action.SetShared(s.name(), false)));
        }
        for (Share s : state.remembered()) {
            out.add(new Check(folderLabel(s), false, new Action.SetShared(s.name(), true)));
        }
        return out;
    }

    public static String folderLabel(Share s) {
        return s.name() + " (" + Shares.accessWords(s) + (s.openToGuests() ? ", guests too" : "") + ")";
    }

    /** Each colleague with its shares, then the doctor for the one that is missing. */
    static MenuEntry colleagues(List<Peer> peers) {
        List<MenuEntry> entries = new ArrayList<>();
        if (peers.isEmpty()) {
            entries.add(Item.info("No colleagues found yet"));
        }
        for (Peer p : peers) {
            entries.add(new Submenu(p.name(), peerShares(p)));
        }
        entries.add(new Separator());
        entries.add(Item.of(CANT_SEE, new Action.Diagnose()));
        return new Submenu(COLLEAGUES, entries);
    }

    private static List<MenuEntry> peerShares(Peer p) {
        if (p.shares().isEmpty()) {
            return List.of(Item.info("Shares nothing now"));
        }
        List<MenuEntry> out = new ArrayList<>();
        for (Peer.Share s : p.shares()) {
            String label = "Open " + s.name() + (s.readOnly() ? " (read-only)" : "");
            out.add(Item.of(label, new Action.OpenPeerShare(p.name(), s.name(), p.shareUrl(s.name()))));
        }
        return out;
    }
}
