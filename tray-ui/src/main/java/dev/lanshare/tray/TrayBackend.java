package dev.lanshare.tray;

import dev.lanshare.tray.model.MenuEntry;
import dev.lanshare.tray.model.TrayState;
import java.util.List;

/**
 * Where the tray menu appears: the desktop's tray (StatusNotifierItem or java.awt.SystemTray) or a small window
 * where no tray exists. Each backend renders the same menu data; choosing an entry hands its
 * {@link dev.lanshare.tray.model.Action} back to the app.
 */
public interface TrayBackend extends AutoCloseable {
    /** Shows {@code menu} and the icon for {@code state}; callable from any thread. */
    void show(TrayState state, List<MenuEntry> menu);

    /** A desktop notification; backends without one show nothing (the window has the news in its menu). */
    default void notify(String title, String text) {
    }

    @Override
    void close();
}
