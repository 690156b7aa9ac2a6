package dev.lanshare.tray.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Share;
import dev.lanshare.config.Access;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.control.ControlClient;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.tray.LiveService;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.TwoMachines;
import dev.lanshare.tray.app.BackendChooser;
import dev.lanshare.tray.app.BackendChooser.Kind;
import dev.lanshare.tray.app.TrayApp;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.MenuBuilder;
import dev.lanshare.tray.model.TrayState;
import dev.lanshare.tray.swing.AwtTray;
import dev.lanshare.tray.swing.Xvfb;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

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
                List.of(new Share("Plans", Path.of("/home/ann/Plans"), true, Map.of("accounts", Access.READ))),
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
            boolean listens = SniTray.watcherPresent(trayBus);
            assertEquals(Kind.SNI, BackendChooser.available(BackendChooser.wanted(Optional.empty(), "Linux",
                    listens, AwtTray.supported()), listens, AwtTray.supported()), "a panel listens: SNI is chosen");

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

    /**
     * End to end, as on a desktop: the panel (a test watcher on a private bus) sees the item register, reads its
     * menu through com.canonical.dbusmenu with dbus-send, and clicks "Sharing on". The click goes through the
     * tray's controller to a real service over its control channel: the service reports itself paused, and a
     * second real service on the same network cable (two network namespaces) stops seeing it; a second click
     * brings it back; renaming the machine re-announces it under the new name. Needs root for the namespaces;
     * skipped, saying so, without.
     */
    @Test
    void aClickOnSharingOnPausesTheServiceAndItStopsAnnouncing(@TempDir Path tmp) throws Exception {
        Xvfb.ensure(); // the tray's actions run on the Swing thread
        try (TwoMachines office = TwoMachines.create(tmp); PrivateBus bus = PrivateBus.start();
                DBusConnection panel = SniTray.connect(bus.address())) {
            TwoMachines.Machine ann = office.start(office.first(), "Ann's PC");
            TwoMachines.Machine ben = office.start(office.second(), "Ben's PC");
            LiveService.await("Ben's PC seeing Ann's PC", ben::peerNames, n -> n.contains("Ann's PC"));

            TestWatcher watcher = new TestWatcher();
            panel.requestBusName(StatusNotifierWatcher.BUS_NAME);
            panel.exportObject(StatusNotifierWatcher.PATH, watcher);
            DBusConnection trayBus = SniTray.connect(bus.address());
            try (TrayController controller = new TrayController(ann.dirs(), 100)) {
                TrayApp ui = new TrayApp(controller, ServiceStarter.of(null, tmp), () -> { });
                boolean listens = SniTray.watcherPresent(trayBus);
                assertEquals(Kind.SNI, BackendChooser.available(BackendChooser.wanted(Optional.empty(), "Linux",
                        listens, AwtTray.supported()), listens, AwtTray.supported()));
                SniTray tray = (SniTray) BackendChooser.open(Kind.SNI, trayBus, ui.actions());
                ui.start(tray);
                try {
                    controller.start();
                    assertEquals(tray.busName(), watcher.registered.poll(5, TimeUnit.SECONDS));
                    String menu = LiveService.await("the menu of a sharing service", () -> layout(bus, tray),
                            l -> toggle(l, MenuBuilder.SHARING_ON) == 1);

                    click(bus, tray, idOf(menu, MenuBuilder.SHARING_ON));
                    awaitPaused(ann, true);
                    LiveService.await("Ben's PC no longer seeing Ann's PC", ben::peerNames,
                            n -> !n.contains("Ann's PC"));
                    menu = LiveService.await("the menu unticked", () -> layout(bus, tray),
                            l -> toggle(l, MenuBuilder.SHARING_ON) == 0);
                    assertTrue(bus.send(tray.busName(), SniTray.ITEM_PATH, "org.freedesktop.DBus.Properties.Get",
                            "string:org.kde.StatusNotifierItem", "string:Title").contains("sharing paused"));

                    click(bus, tray, idOf(menu, MenuBuilder.SHARING_ON));
                    awaitPaused(ann, false);
                    LiveService.await("Ben's PC seeing Ann's PC again", ben::peerNames,
                            n -> n.contains("Ann's PC"));

                    controller.setName("Ann's Laptop").get(10, TimeUnit.SECONDS); // what "Rename" sends
                    LiveService.await("Ben's PC seeing the new name only", ben::peerNames,
                            n -> n.contains("Ann's Laptop") && !n.contains("Ann's PC"));
                } finally {
                    ui.actions().accept(new Action.Quit());
                }
            }
        }
    }

    /**
     * "Someone connected to my shares" reaches the desktop's notification server (a test one on the private bus)
     * when, and only when, the owner ticked it: a real service, a real SFTP login as a guest.
     */
    @Test
    void someoneConnectingIsNotifiedOnlyWhenAskedFor(@TempDir Path tmp) throws Exception {
        Xvfb.ensure();
        Path drop = java.nio.file.Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        try (PrivateBus bus = PrivateBus.start(); DBusConnection panel = SniTray.connect(bus.address());
                LiveService service = LiveService.in(tmp).start();
                TrayController controller = new TrayController(service.dirs(), 100)) {
            panel.requestBusName(StatusNotifierWatcher.BUS_NAME);
            panel.exportObject(StatusNotifierWatcher.PATH, new TestWatcher());
            TestNotifications server = new TestNotifications();
            panel.requestBusName(Notifications.BUS_NAME);
            panel.exportObject(Notifications.PATH, server);
            TrayApp ui = new TrayApp(controller, ServiceStarter.of(null, tmp), () -> { });
            SniTray tray = (SniTray) BackendChooser.open(Kind.SNI, SniTray.connect(bus.address()), ui.actions());
            ui.start(tray);
            // called after the tray's own listener, on the same thread: an event heard here, the tray has had
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            controller.addEventListener(event -> heard.add(event.type()));
            controller.start();
            try {
                controller.saveShare(new Share("Drop", drop, true, Map.of("guests", Access.READ)), true)
                        .get(10, TimeUnit.SECONDS);
                TrayState state = LiveService.await("sharing", controller::state, s -> !s.shares().isEmpty());
                dev.lanshare.service.peer.PeerTarget target = dev.lanshare.tray.PeerTargets.of(
                        new dev.lanshare.tray.model.Peer("Test Office PC", "", "sftp://127.0.0.1:" + state.port()
                                + "/", state.fingerprint(), List.of()));
                AppDirs visitor = AppDirs.under(tmp.resolve("visitor"));

                assertFalse(ui.preferences().notifySessions(), "off by default");
                PeerClient.open(target, PeerClient.Credentials.guest(), visitor).close();
                LiveService.await("the tray hearing of the session", () -> heard.contains("session-opened"), v -> v);
                // the tray's notices go out one after another: one it sent for the session arrives before this one
                tray.notify("After the session", "nothing before this");
                assertEquals("lanshare: After the session: nothing before this",
                        server.shown.poll(10, TimeUnit.SECONDS), "nothing while not asked for");

                ui.preferences().setNotifySessions(true);
                PeerClient.open(target, PeerClient.Credentials.guest(), visitor).close();
                String shown = server.shown.poll(10, TimeUnit.SECONDS);
                assertTrue(shown != null
                        && shown.startsWith("lanshare: A guest connected to your shares: From 127.0.0.1"), shown);
            } finally {
                ui.actions().accept(new Action.Quit());
            }
        }
    }

    private static String layout(PrivateBus bus, SniTray tray) throws Exception {
        return bus.send(tray.busName(), SniMenu.PATH, "com.canonical.dbusmenu.GetLayout", "int32:0", "int32:-1",
                "array:string:label,toggle-type,toggle-state,type,children-display");
    }

    private static void click(PrivateBus bus, SniTray tray, int id) throws Exception {
        bus.send(tray.busName(), SniMenu.PATH, "com.canonical.dbusmenu.Event", "int32:" + id, "string:clicked",
                "variant:int32:0", "uint32:0");
    }

    private static void awaitPaused(TwoMachines.Machine m, boolean paused) throws Exception {
        LiveService.await("the service " + (paused ? "paused" : "serving"), () -> {
            try (ControlClient c = ControlClient.connect(m.dirs()).orElseThrow()) {
                return c.request("status", Map.of()).path("paused").asBoolean();
            }
        }, p -> p == paused);
    }

    /** The toggle-state of the check entry {@code label} in dbus-send's printout, or -1. */
    private static int toggle(String layout, String label) {
        Matcher m = Pattern.compile("string \"label\"\\s+variant\\s+string \"" + Pattern.quote(label)
                + "\"\\s+\\)\\s+dict entry\\(\\s+string \"toggle-type\"\\s+variant\\s+string \"checkmark\"\\s+\\)"
                + "\\s+dict entry\\(\\s+string \"toggle-state\"\\s+variant\\s+int32 (\\d+)").matcher(layout);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The id of the node whose first property is {@code label}, from dbus-send's printout. */
    private static int idOf(String layout, String label) {
        Matcher m = Pattern.compile("int32 (\\d+)\\s+array \\[\\s+dict entry\\(\\s+string \"label\"\\s+"
                + "variant\\s+string \"" + Pattern.quote(label) + "\"").matcher(layout);
        assertTrue(m.find(), "no node labelled " + label + " in\n" + layout);
        return Integer.parseInt(m.group(1));
    }
}
