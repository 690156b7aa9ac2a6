package dev.lanshare.tray.swing;

import dev.lanshare.tray.TrayBackend;
import dev.lanshare.tray.icons.Icons;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.MenuEntry;
import dev.lanshare.tray.model.TrayState;
import java.awt.AWTException;
import java.awt.CheckboxMenuItem;
import java.awt.Dimension;
import java.awt.Menu;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.util.List;
import java.util.function.Consumer;
import javax.swing.SwingUtilities;

/** The tray through java.awt.SystemTray: Windows, macOS, and X11 desktops that still have a tray host. */
public final class AwtTray implements TrayBackend {
    private final Consumer<Action> actions;
    private TrayIcon icon;

    public AwtTray(Consumer<Action> actions) {
        this.actions = actions;
    }

    public static boolean supported() {
        return SystemTray.isSupported();
    }

    @Override
    public void show(TrayState state, List<MenuEntry> menu) {
        SwingUtilities.invokeLater(() -> render(state, menu));
    }

    private void render(TrayState state, List<MenuEntry> menu) {
        PopupMenu popup = new PopupMenu();
        add(popup, menu);
        Dimension size = SystemTray.getSystemTray().getTrayIconSize();
        java.awt.Image image = Icons.forTray(state.icon(), System.getProperty("os.name"), size.height);
        if (icon == null) {
            icon = new TrayIcon(image, state.summary(), popup);
            icon.setImageAutoSize(true);
            icon.addActionListener(e -> actions.accept(new Action.OpenSettings())); // a double click
            try {
                SystemTray.getSystemTray().add(icon);
            } catch (AWTException e) {
                throw new IllegalStateException("the system tray refused the icon", e);
            }
        } else {
            icon.setImage(image);
            icon.setToolTip(state.summary());
            icon.setPopupMenu(popup);
        }
    }

    private void add(Menu parent, List<MenuEntry> entries) {
        for (MenuEntry e : entries) {
            if (e instanceof MenuEntry.Separator) {
                parent.addSeparator();
            } else if (e instanceof MenuEntry.Check c) {
                CheckboxMenuItem box = new CheckboxMenuItem(c.label(), c.checked());
                box.addItemListener(ev -> actions.accept(c.action()));
                parent.add(box);
            } else if (e instanceof MenuEntry.Submenu s) {
                Menu sub = new Menu(s.label());
                add(sub, s.entries());
                parent.add(sub);
            } else {
                MenuEntry.Item item = (MenuEntry.Item) e;
                MenuItem mi = new MenuItem(item.label());
                mi.setEnabled(item.enabled() && item.action() != null);
                if (item.action() != null) {
                    mi.addActionListener(ev -> actions.accept(item.action()));
                }
                parent.add(mi);
            }
        }
    }

    @Override
    public void notify(String title, String text) {
        SwingUtilities.invokeLater(() -> {
            if (icon != null) {
                icon.displayMessage(title, text, TrayIcon.MessageType.INFO);
            }
        });
    }

    @Override
    public void close() {
        SwingUtilities.invokeLater(() -> {
            if (icon != null) {
                SystemTray.getSystemTray().remove(icon);
            }
        });
    }
}
