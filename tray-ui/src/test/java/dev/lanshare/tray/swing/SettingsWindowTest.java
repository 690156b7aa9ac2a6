package dev.lanshare.tray.swing;

import static dev.lanshare.tray.LiveService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Share;
import dev.lanshare.config.Access;
import dev.lanshare.tray.LiveService;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.app.BackendChooser;
import dev.lanshare.tray.app.TrayApp;
import dev.lanshare.tray.model.Action;
import java.awt.Point;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.swing.JTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The settings window against a real service, clicked as a person would, under Xvfb. */
@ExtendWith(OnScreen.class)
class SettingsWindowTest {
    @TempDir
    Path tmp;

    @Test
    void tickingAFolderSharesItAndUntickingStops() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Site Plans")).toRealPath();
        Path drop = Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        try (LiveService service = LiveService.in(tmp).start();
                TrayController controller = new TrayController(service.dirs(), 100)) {
            controller.saveShare(new Share("Drop", drop, false,
                    Map.of("accounts", Access.WRITE, "guests", Access.READ)), true).get(10, TimeUnit.SECONDS);
            controller.saveShare(new Share("Plans", plans, true, Map.of("ann", Access.READ)), false)
                    .get(10, TimeUnit.SECONDS);
            TrayApp ui = windowTray(controller);
            controller.start();
            SettingsWindow settings = Edt.call(() -> windows(ui).settings());
            Edt.run(settings::open);
            JTable table = settings.sharesTable();
            await("Plans listed, unticked", () -> Edt.call(() -> shared(settings, "Plans")), v -> Boolean.FALSE.equals(v));
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-before");

            Edt.click(sharedCell(table, settings, "Plans"));
            assertEquals(List.of("Drop", "Plans"), await("Plans shared", service::shareNames, n -> n.size() == 2));
            await("Plans ticked", () -> Edt.call(() -> shared(settings, "Plans")), v -> Boolean.TRUE.equals(v));
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-shared");

            Edt.click(sharedCell(table, settings, "Plans"));
            assertEquals(List.of("Drop"), await("Plans unshared", service::shareNames, n -> n.size() == 1));
            await("Plans unticked", () -> Edt.call(() -> shared(settings, "Plans")), v -> Boolean.FALSE.equals(v));
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-unshared");
            screenshotTabs(settings);
            ui.actions().accept(new Action.Quit()); // closes its windows, so later screenshots are clean
            Edt.settle();
        }
    }

    /**
     * After the service's first run the settings window opens by itself, once, showing what is shared and the
     * password colleagues need; a tray started later does not open it again; the note goes when the password is
     * changed.
     */
    @Test
    void firstRunOpensTheSettingsOnceWithWhatIsSharedAndThePassword() throws Exception {
        try (LiveService service = LiveService.firstRun(tmp, "Ann Smith").start()) {
            String password;
            try (TrayController controller = new TrayController(service.dirs(), 100)) {
                TrayApp ui = windowTray(controller);
                controller.start();
                SettingsWindow settings = await("the settings window, opened by itself",
                        () -> Edt.call(() -> windows(ui).settingsIfOpen()), w -> w != null && w.frame().isShowing());
                FirstRunNote note = settings.firstRunNote();
                await("the first-run note", () -> Edt.call(note::isShowing), v -> v);
                password = Edt.call(note::password);
                var status = service.status().path("firstRun");
                assertEquals("ann_smith", status.path("account").asText());
                assertEquals(status.path("password").asText(), password);
                Edt.settle();
                Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-first-run");
                assertTrue(ui.preferences().firstRunShown(), "remembered in the tray's own state");
                ui.actions().accept(new Action.Quit());
            }
            try (TrayController again = new TrayController(service.dirs(), 100)) {
                TrayApp ui = windowTray(again);
                again.start();
                await("the tray running again", again::state, s -> s.running() && s.firstRun().isPresent());
                Thread.sleep(1000); // what would open it has run: the state came
                Edt.settle();
                assertEquals(null, Edt.call(() -> windows(ui).settingsIfOpen()), "once is enough");

                again.setPassword("ann_smith", "a new password".toCharArray()).get(30, TimeUnit.SECONDS);
                SettingsWindow settings = Edt.call(() -> windows(ui).settings());
                Edt.run(settings::open);
                await("no first password any more", again::state, s -> s.firstRun().isEmpty());
                await("the note gone", () -> Edt.call(settings.firstRunNote()::isVisible), v -> !v);
                assertTrue(service.status().path("firstRun").isMissingNode());
                ui.actions().accept(new Action.Quit());
            }
        }
    }

    /**
     * Keys added and removed (through the controller the key dialog calls, since a file chooser cannot be driven
     * here; the window shows the result), the machine renamed and session notices chosen through the window.
     */
    @Test
    void keysTheMachinesNameAndSessionNotices() throws Exception {
        java.security.KeyPair pair = org.apache.sshd.common.config.keys.KeyUtils.generateKeyPair(
                org.apache.sshd.common.keyprovider.KeyPairProvider.SSH_ED25519, 256);
        String key = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(pair.getPublic()) + " ann@laptop";
        try (LiveService service = LiveService.in(tmp).start();
                TrayController controller = new TrayController(service.dirs(), 100)) {
            TrayApp ui = windowTray(controller);
            controller.start();
            SettingsWindow settings = Edt.call(() -> windows(ui).settings());
            Edt.run(settings::open);

            assertEquals(List.of(key), KeyDialog.lines("\n" + key + "\n\n"), "what the add-key dialog sends");
            controller.addKey("ann", KeyDialog.lines(key).get(0)).get(10, TimeUnit.SECONDS);
            JTable accounts = settings.accounts().table();
            await("the key listed", () -> Edt.call(() -> String.valueOf(accounts.getValueAt(0, 2))),
                    v -> v.equals("1: ann@laptop"));
            Edt.run(() -> settings.tabs().setSelectedIndex(1));
            Edt.run(() -> accounts.setRowSelectionInterval(0, 0));
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-accounts-with-key");

            Edt.run(() -> settings.tabs().setSelectedIndex(2));
            javax.swing.JTextField name = settings.machine().nameField();
            await("the name shown", () -> Edt.call(name::getText), v -> v.equals("Test Office PC"));
            // a click into the field first, as a person would: with no window manager the X server sends keys to
            // the window under the pointer, wherever the tests before left it (one CI run's keys went elsewhere)
            Edt.clickUntil(Edt.centre(name), 1, () -> name.isFocusOwner());
            Edt.run(name::selectAll);
            Edt.settle();
            java.awt.Robot robot = new java.awt.Robot();
            robot.setAutoDelay(20);
            for (char c : "Ann".toCharArray()) { // typed as a person would, over the selected old name
                int code = java.awt.event.KeyEvent.getExtendedKeyCodeForChar(c);
                if (Character.isUpperCase(c)) {
                    robot.keyPress(java.awt.event.KeyEvent.VK_SHIFT);
                }
                robot.keyPress(code);
                robot.keyRelease(code);
                if (Character.isUpperCase(c)) {
                    robot.keyRelease(java.awt.event.KeyEvent.VK_SHIFT);
                }
            }
            robot.waitForIdle();
            await("the name typed", () -> Edt.call(name::getText), v -> v.equals("Ann"));
            Edt.clickUntil((javax.swing.AbstractButton) Edt.call(() -> Edt.find(settings.frame(), "Rename")
                    .orElseThrow()), () -> "Ann".equals(service.status().path("name").asText()));
            assertEquals("Ann", service.status().path("name").asText());

            javax.swing.JCheckBox notices = (javax.swing.JCheckBox) Edt.call(() -> Edt.find(settings.frame(),
                    "notify sessions").orElseThrow());
            assertFalse(Edt.call(notices::isSelected), "off unless asked for");
            Edt.click(Edt.centre(notices));
            await("session notices on", () -> ui.preferences().notifySessions(), v -> v);
            assertTrue(new dev.lanshare.tray.TrayPreferences(service.dirs().state().resolve("tray-prefs.json"))
                    .notifySessions(), "kept in the tray's own preferences");
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-machine-renamed");

            controller.removeKey("ann", key).get(10, TimeUnit.SECONDS);
            await("the key gone", () -> Edt.call(() -> String.valueOf(accounts.getValueAt(0, 2))),
                    v -> v.equals("none"));
            ui.actions().accept(new Action.Quit());
        }
    }

    /**
     * "Share a folder…" on a second folder with the name of one already shared: the name is not taken from it (the
     * service would replace that share with this one); the dialog proposes a free name and refuses the taken one.
     */
    @Test
    void sharingAFolderOfATakenNameKeepsTheShareThatHasIt() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("2024/Site Plans")).toRealPath();
        Path newer = Files.createDirectories(tmp.resolve("2025/Site Plans")).toRealPath();
        try (LiveService service = LiveService.in(tmp).start();
                TrayController controller = new TrayController(service.dirs(), 100)) {
            controller.saveShare(new Share("Site Plans", plans, true, Map.of("accounts", Access.READ)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayApp ui = windowTray(controller);
            controller.start();
            await("Site Plans shared", controller::state, s -> s.shares().size() == 1);
            ui.actions().accept(new Action.ShareFolder());
            javax.swing.JFileChooser chooser = await("the folder chooser", () -> Edt.call(() ->
                    showing(javax.swing.JFileChooser.class)), c -> c != null);
            Edt.run(() -> {
                chooser.setSelectedFile(newer.toFile());
                chooser.approveSelection();
            });
            javax.swing.JTextField name = await("the share's name", () -> Edt.call(() ->
                    showing(javax.swing.JTextField.class)), f -> f != null);
            assertEquals("Site Plans 2", Edt.call(name::getText), "a free name proposed");

            Edt.run(() -> name.setText("site plans")); // names ignore case
            Edt.clickUntil(okOf(name), () -> showing(javax.swing.JTextField.class) == null);
            javax.swing.JOptionPane warning = await("the refusal", () -> Edt.call(() ->
                    showing(javax.swing.JOptionPane.class)), p -> p != null);
            assertEquals("'Site Plans' is already the name of " + plans + "; choose another name for Site Plans",
                    Edt.call(() -> String.valueOf(warning.getMessage())));
            Edt.settle();
            Xvfb.screenshot(Edt.call(() -> javax.swing.SwingUtilities.getWindowAncestor(warning).getBounds()),
                    "share-dialog-name-taken");
            Edt.clickUntil(okOf(warning), () -> showing(javax.swing.JTextField.class) != null);

            javax.swing.JTextField again = Edt.call(() -> showing(javax.swing.JTextField.class));
            Edt.run(() -> again.setText("Site Plans 2025"));
            Edt.clickUntil(okOf(again), () -> showing(javax.swing.JTextField.class) == null);
            assertEquals(List.of("Site Plans", "Site Plans 2025"), await("both shared", service::shareNames,
                    n -> n.size() == 2));
            assertEquals(plans, await("the state", controller::state, s -> s.shares().size() == 2).shares().stream()
                    .filter(s -> s.name().equals("Site Plans")).findFirst().orElseThrow().folder());
            ui.actions().accept(new Action.Quit());
        }
    }

    /**
     * A refusal from the service runs to several lines, its reason last ("… which must not be shared"): the status
     * line shows all of it, not its first line cut off.
     */
    @Test
    void aRefusalShowsWhole() throws Exception {
        try (LiveService service = LiveService.in(tmp).start();
                TrayController controller = new TrayController(service.dirs(), 100)) {
            TrayApp ui = windowTray(controller);
            controller.start();
            SettingsWindow settings = Edt.call(() -> windows(ui).settings());
            Edt.run(settings::open);
            controller.saveShare(new Share("lanshare", service.dirs().config(), true, Map.of("accounts",
                    Access.READ)), true).get(10, TimeUnit.SECONDS);
            java.awt.Component status = Edt.call(() -> Edt.find(settings.frame(), "status").orElseThrow());
            await("the refusal shown", () -> Edt.call(() -> status instanceof javax.swing.JLabel l ? l.getText()
                    : ((javax.swing.text.JTextComponent) status).getText()), t -> t.endsWith("must not be shared; share a "
                    + "folder that does not hold it"));
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-refusal");
            java.awt.Dimension wanted = Edt.call(status::getPreferredSize);
            java.awt.Dimension shown = Edt.call(status::getSize);
            assertTrue(wanted.width <= shown.width && wanted.height <= shown.height,
                    "the whole text shows: needs " + wanted + ", has " + shown);
            ui.actions().accept(new Action.Quit());
        }
    }

    /**
     * While the service is not running, "Share a folder…" in the settings window is off, as it is missing from the
     * menu: the folder chosen would only be lost with "Could not save …: lanshare is not running".
     */
    @Test
    void shareAFolderWaitsForTheService() throws Exception {
        try (LiveService service = LiveService.in(tmp).start();
                TrayController controller = new TrayController(service.dirs(), 100)) {
            TrayApp ui = windowTray(controller);
            controller.start();
            SettingsWindow settings = Edt.call(() -> windows(ui).settings());
            Edt.run(settings::open);
            javax.swing.JButton share = (javax.swing.JButton) Edt.call(() -> Edt.find(settings.frame(),
                    "Share a folder…").orElseThrow());
            await("on while the service runs", () -> Edt.call(share::isEnabled), v -> v);
            service.stop();
            await("off while it does not", () -> Edt.call(share::isEnabled), v -> !v);
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-not-running");
            service.start();
            await("on again", () -> Edt.call(share::isEnabled), v -> v);
            ui.actions().accept(new Action.Quit());
        }
    }

    /** The tray as it starts where no tray host exists: the window backend. */
    private TrayApp windowTray(TrayController controller) throws Exception {
        TrayApp app = new TrayApp(controller, ServiceStarter.of(null, tmp), () -> { });
        app.start(BackendChooser.open(BackendChooser.Kind.WINDOW, null, app.actions()));
        return app;
    }

    /** The first component of {@code type} in a showing dialog; on the Swing thread. */
    private static <T extends java.awt.Component> T showing(Class<T> type) {
        for (java.awt.Window w : java.awt.Window.getWindows()) {
            if (w instanceof javax.swing.JDialog d && d.isShowing()) {
                T found = first(d.getContentPane(), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static <T extends java.awt.Component> T first(java.awt.Container root, Class<T> type) {
        for (java.awt.Component c : root.getComponents()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c instanceof java.awt.Container inner) {
                T found = first(inner, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The OK button of the dialog that shows {@code inside}. */
    private static javax.swing.AbstractButton okOf(java.awt.Component inside) throws Exception {
        return Edt.call(() -> {
            javax.swing.JDialog d = (javax.swing.JDialog) javax.swing.SwingUtilities.getWindowAncestor(inside);
            return ok(d.getContentPane());
        });
    }

    private static javax.swing.AbstractButton ok(java.awt.Container root) {
        for (java.awt.Component c : root.getComponents()) {
            if (c instanceof javax.swing.JButton b && "OK".equals(b.getText())) {
                return b;
            }
            if (c instanceof java.awt.Container inner) {
                javax.swing.AbstractButton found = ok(inner);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static SwingWindows windows(TrayApp app) {
        return (SwingWindows) app.windows();
    }

    private static Object shared(SettingsWindow settings, String name) {
        int row = settings.sharesModel().rowOf(name);
        return row < 0 ? null : settings.sharesModel().getValueAt(row, SharesTableModel.SHARED);
    }

    /** The middle of the "Shared" tick box of {@code name}'s row, on the screen. */
    private static Point sharedCell(JTable table, SettingsWindow settings, String name) throws Exception {
        return Edt.call(() -> {
            int row = table.convertRowIndexToView(settings.sharesModel().rowOf(name));
            Rectangle cell = table.getCellRect(row, table.convertColumnIndexToView(SharesTableModel.SHARED), false);
            Point origin = table.getLocationOnScreen();
            return new Point(origin.x + cell.x + cell.width / 2, origin.y + cell.y + cell.height / 2);
        });
    }

    private static void screenshotTabs(SettingsWindow settings) throws Exception {
        javax.swing.JTabbedPane tabs = Edt.call(settings::tabs);
        String[] names = {"settings-folders", "settings-accounts", "settings-machine", "settings-activity"};
        for (int i = 0; i < names.length; i++) {
            int index = i;
            Edt.run(() -> tabs.setSelectedIndex(index));
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), names[i]);
        }
    }
}
