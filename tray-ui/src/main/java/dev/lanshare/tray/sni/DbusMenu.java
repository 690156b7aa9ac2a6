package dev.lanshare.tray.sni;

import org.freedesktop.dbus.annotations.DBusBoundProperty;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.annotations.DBusProperty;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** com.canonical.dbusmenu: how a StatusNotifierItem host reads the menu and reports clicks. */
@DBusInterfaceName("com.canonical.dbusmenu")
public interface DbusMenu extends DBusInterface {
    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "Version")
    UInt32 getVersion();

    @DBusBoundProperty(access = DBusProperty.Access.READ, name = "Status")
    String getStatus();

    @DBusMemberName("GetLayout")
    MenuStructs.Layout getLayout(int parentId, int recursionDepth, String[] propertyNames);

    @DBusMemberName("GetGroupProperties")
    MenuStructs.PropertyGroup[] getGroupProperties(int[] ids, String[] propertyNames);

    @DBusMemberName("GetProperty")
    Variant<?> getProperty(int id, String name);

    @DBusMemberName("Event")
    void event(int id, String eventId, Variant<?> data, UInt32 timestamp);

    @DBusMemberName("EventGroup")
    int[] eventGroup(MenuStructs.Event[] events);

    @DBusMemberName("AboutToShow")
    boolean aboutToShow(int id);

    @DBusMemberName("AboutToShowGroup")
    MenuStructs.AboutToShowGroup aboutToShowGroup(int[] ids);

    /** The whole layout below {@code parent} changed: hosts call GetLayout again. */
    class LayoutUpdated extends DBusSignal {
        public LayoutUpdated(String path, UInt32 revision, int parent) throws DBusException {
            super(path, revision, parent);
        }
    }
}
