package dev.lanshare.tray.sni;

import dev.lanshare.tray.TrayBackend;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.MenuEntry;
import dev.lanshare.tray.model.TrayState;
import dev.lanshare.tray.icons.Icons;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.types.UInt32;

/**
 * The tray on Linux desktops: a StatusNotifierItem with a dbusmenu, on the session bus. D-Bus calls arrive on
 * dbus-java's threads and are handed to one executor, so a slow action never holds the bus.
 */
public final class SniTray implements TrayBackend, StatusNotifierItem {
    static final String ITEM_PATH = "/StatusNotifierItem";
    private final DBusConnection bus;
    private final String busName = "org.kde.StatusNotifierItem-" + ProcessHandle.current().pid() + "-1";
    private final ExecutorService handoff = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lanshare-tray-dbus");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<Action> actions;
    private final SniMenu menu;
    private volatile TrayState state = TrayState.notRunning(List.of(), "");

    private SniTray(DBusConnection bus, Consumer<Action> actions) {
        this.bus = bus;
        this.actions = actions;
        this.menu = new SniMenu(a -> handoff.execute(() -> actions.accept(a)));
    }

    /** A private connection to the session bus (or to {@code address}); null address means the user's bus. */
    public static DBusConnection connect(String address) throws DBusException {
        DBusConnectionBuilder b = address == null ? DBusConnectionBuilder.forSessionBus()
                : DBusConnectionBuilder.forAddress(address);
        return b.withShared(false).build();
    }

    /** Whether a panel listens for items: the watcher's name has an owner. */
    public static boolean watcherPresent(DBusConnection bus) {
        try {
            return bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class)
                    .NameHasOwner(StatusNotifierWatcher.BUS_NAME);
        } catch (DBusException | RuntimeException e) {
            return false;
        }
    }

    /** Exports the item and its menu, then registers with the watcher; closes {@code bus} on failure. */
    public static SniTray start(DBusConnection bus, Consumer<Action> actions) throws DBusException {
        SniTray tray = new SniTray(bus, actions);
        try {
            bus.requestBusName(tray.busName);
            bus.exportObject(ITEM_PATH, tray);
            bus.exportObject(SniMenu.PATH, tray.menu);
            bus.getRemoteObject(StatusNotifierWatcher.BUS_NAME, StatusNotifierWatcher.PATH,
                    StatusNotifierWatcher.class).registerStatusNotifierItem(tray.busName);
            return tray;
        } catch (DBusException | RuntimeException e) {
            tray.close();
            throw e;
        }
    }

    public String busName() {
        return busName;
    }

    @Override
    public void show(TrayState next, List<MenuEntry> entries) {
        state = next;
        int revision = menu.update(entries);
        try {
            bus.sendMessage(new DbusMenu.LayoutUpdated(SniMenu.PATH, new UInt32(revision), 0));
            bus.sendMessage(new NewIcon(ITEM_PATH));
            bus.sendMessage(new NewTitle(ITEM_PATH));
        } catch (DBusException e) {
            // the host reads the layout again when it opens the menu; a lost signal only delays the change
        }
    }

    /** Through the desktop's notification server, off the caller's thread; lost quietly when there is none. */
    @Override
    public void notify(String title, String text) {
        handoff.execute(() -> {
            try {
                bus.getRemoteObject(Notifications.BUS_NAME, Notifications.PATH, Notifications.class)
                        .Notify("lanshare", new UInt32(0), "", title, text, new String[0], Map.of(), -1);
            } catch (DBusException | RuntimeException e) {
                // no notification server: the menu still shows the news
            }
        });
    }

    @Override
    public String getCategory() {
        return "ApplicationStatus";
    }

    @Override
    public String getId() {
        return "lanshare";
    }

    @Override
    public String getTitle() {
        return state.summary();
    }

    @Override
    public String getStatus() {
        return "Active";
    }

    @Override
    public String getIconName() {
        return ""; // IconPixmap carries the icon: nothing has to be installed in an icon theme
    }

    @Override
    public Pixmap[] getIconPixmap() {
        return Icons.SIZES.stream().filter(s -> s <= 64).map(s -> pixmap(Icons.icon(state.icon(), s)))
                .toArray(Pixmap[]::new);
    }

    static Pixmap pixmap(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ByteBuffer argb = ByteBuffer.allocate(w * h * 4); // big-endian: the spec's network byte order
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                argb.putInt(image.getRGB(x, y));
            }
        }
        return new Pixmap(w, h, argb.array());
    }

    @Override
    public boolean getItemIsMenu() {
        return false;
    }

    @Override
    public DBusPath getMenu() {
        return new DBusPath(SniMenu.PATH);
    }

    @Override
    public void contextMenu(int x, int y) {
        // hosts show the dbusmenu themselves
    }

    @Override
    public void activate(int x, int y) {
        handoff.execute(() -> actions.accept(new Action.OpenSettings()));
    }

    @Override
    public void secondaryActivate(int x, int y) {
        activate(x, y);
    }

    @Override
    public void scroll(int delta, String orientation) {
    }

    @Override
    public String getObjectPath() {
        return ITEM_PATH;
    }

    @Override
    public void close() {
        handoff.shutdown();
        bus.disconnect();
    }
}
