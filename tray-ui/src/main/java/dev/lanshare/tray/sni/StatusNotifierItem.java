package dev.lanshare.tray.sni;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusBoundProperty;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.annotations.DBusProperty;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The tray icon as GNOME (AppIndicator extension), KDE Plasma and most panels show it: the StatusNotifierItem
 * spec, under the org.kde name every host implements. The menu is exported separately ({@link DbusMenu}).
 */
@DBusInterfaceName("org.kde.StatusNotifierItem")
public interface StatusNotifierItem extends DBusInterface {
    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "Category")
    String getCategory();

    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "Id")
    String getId();

    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "Title")
    String getTitle();

    /** Passive, Active or NeedsAttention. */
    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "Status")
    String getStatus();

    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "IconName")
    String getIconName();

    /** The icon as ARGB32 pixmaps in several sizes, so no icon theme has to be installed. */
    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "IconPixmap")
    Pixmap[] getIconPixmap();

    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "ItemIsMenu")
    boolean getItemIsMenu();

    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "Menu")
    DBusPath getMenu();

    @DBusMemberName("ContextMenu")
    void contextMenu(int x, int y);

    @DBusMemberName("Activate")
    void activate(int x, int y);

    @DBusMemberName("SecondaryActivate")
    void secondaryActivate(int x, int y);

    @DBusMemberName("Scroll")
    void scroll(int delta, String orientation);

    /** Tells the host to read the icon again. */
    class NewIcon extends DBusSignal {
        public NewIcon(String path) throws DBusException {
            super(path);
        }
    }

    class NewTitle extends DBusSignal {
        public NewTitle(String path) throws DBusException {
            super(path);
        }
    }
}
