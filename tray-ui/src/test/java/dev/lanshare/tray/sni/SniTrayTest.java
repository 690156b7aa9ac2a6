package dev.lanshare.tray.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.MenuBuilder;
import dev.lanshare.tray.model.ShareInfo;
import dev.lanshare.tray.model.TrayState;
import dev.lanshare.tray.UiChoice;
import dev.lanshare.tray.swing.AwtTray;
import dev.lanshare.tray.swing.SwingUi;
import dev.lanshare.tray.swing.Xvfb;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

/**
 * The StatusNotifierItem backend on a private session bus: a test watcher sees the item register; its menu is
 * read through com.canonical.dbusmenu with dbus-send (a client that is not dbus-java); a click on "Sharing on"
 * comes back as the pause action.
 */
class SniTrayTest {
    /** What a panel does: it owns the watcher name and hears items register. */
    static final class TestWatcher implements StatusNotifierWatcher {
        final BlockingQueue<String> registered = new LinkedBlockingQueue<>();

        @Override
        public void registerStatusNotifierItem(String service) {
            registered.add(service);
        }

        @Override
        public String getObjectPath() {
            return PATH;
        }
    }

    /** What a desktop's notification server does: it hears Notify calls. */
    static final class TestNotifications implements Notifications {
        final BlockingQueue<String> shown = new LinkedBlockingQueue<>();

        @Override
        public UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body,
                String[] actions, Map<String, Variant<?>> hints, int expireTimeout) {
            shown.add(appName + ": " + summary + ": " + body);
            return new UInt32(1);
        }

        @Override
        public String getObjectPath() {
            return PATH;
        }
    }

    static TrayState sharing() {
        return new TrayState(true, false, "Ann's PC", 2222, "SHA256:abc",
                List.of(new ShareInfo("Plans", "/home/ann/Plans", true, Map.of("accounts", "read"))),
                List.of(), List.of(), List.of(), "");
    }

    @Test
    void registersShowsItsMenuAndPausesOnAClick() throws Exception {
        Xvfb.ensure(); // drawing the icon's pixmaps starts AWT, which needs the display the build set
        try (PrivateBus bus = PrivateBus.start(); DBusConnection panel = SniTray.connect(bus.address())) {
            DBusConnection trayBus = SniTray.connect(bus.address());
            assertFalse(SniTray.watcherPresent(trayBus), "no panel yet");
            TestWatcher watcher = new TestWatcher();
            panel.requestBusName(StatusNotifierWatcher.BUS_NAME);
            panel.exportObject(StatusNotifierWatcher.PATH, watcher);
            assertTrue(SniTray.watcherPresent(trayBus), "the panel's watcher is on the bus");
            assertEquals(UiChoice.SNI, SwingUi.available(UiChoice.choose(Optional.empty(), "Linux",
                    SniTray.watcherPresent(trayBus), AwtTray.supported()), true), "a panel listens: SNI is chosen");

            BlockingQueue<Action> clicked = new LinkedBlockingQueue<>();
            try (SniTray tray = SniTray.start(trayBus, clicked::add)) {
                assertEquals(tray.busName(), watcher.registered.poll(5, TimeUnit.SECONDS));
                tray.show(sharing(), MenuBuilder.build(sharing()));

                String title = bus.send(tray.busName(), SniTray.ITEM_PATH, "org.freedesktop.DBus.Properties.Get",
                        "string:org.kde.StatusNotifierItem", "string:Title");
                assertTrue(title.contains("lanshare: sharing 1 folder"), title);
                String menuPath = bus.send(tray.busName(), SniTray.ITEM_PATH, "org.freedesktop.DBus.Properties.Get",
                        "string:org.kde.StatusNotifierItem", "string:Menu");
                assertTrue(menuPath.contains("object path \"/MenuBar\""), menuPath);
                String icon = bus.send(tray.busName(), SniTray.ITEM_PATH, "org.freedesktop.DBus.Properties.Get",
                        "string:org.kde.StatusNotifierItem", "string:IconPixmap");
                assertTrue(icon.contains("int32 22") && icon.contains("int32 64"), "icon sizes in " + icon.lines()
                        .limit(12).toList());

                String layout = bus.send(tray.busName(), SniMenu.PATH, "com.canonical.dbusmenu.GetLayout",
                        "int32:0", "int32:-1", "array:string:label,toggle-type,toggle-state,type,children-display");
                for (String label : List.of("Sharing on", "Plans (read-only)", "Share a folder…", "Colleagues",
                        "No colleagues found yet", "Settings…", "Quit tray (sharing goes on)")) {
                    assertTrue(layout.contains("string \"" + label + "\""), label + " in\n" + layout);
                }
                int sharingOn = idOf(layout, "Sharing on");
                bus.send(tray.busName(), SniMenu.PATH, "com.canonical.dbusmenu.Event", "int32:" + sharingOn,
                        "string:clicked", "variant:int32:0", "uint32:0");
                assertEquals(new Action.PauseSharing(), clicked.poll(5, TimeUnit.SECONDS));

                TestNotifications server = new TestNotifications();
                panel.requestBusName(Notifications.BUS_NAME);
                panel.exportObject(Notifications.PATH, server);
                tray.notify("Ben's Mac is on the network", "Sharing Drawings.");
                assertEquals("lanshare: Ben's Mac is on the network: Sharing Drawings.",
                        server.shown.poll(5, TimeUnit.SECONDS));
            }
        }
    }

    /** The id of the node whose first property is {@code label}, from dbus-send's printout. */
    private static int idOf(String layout, String label) {
        Matcher m = Pattern.compile("int32 (\\d+)\\s+array \\[\\s+dict entry\\(\\s+string \"label\"\\s+"
                + "variant\\s+string \"" + Pattern.quote(label) + "\"").matcher(layout);
        assertTrue(m.find(), "no node labelled " + label + " in\n" + layout);
        return Integer.parseInt(m.group(1));
    }
}
