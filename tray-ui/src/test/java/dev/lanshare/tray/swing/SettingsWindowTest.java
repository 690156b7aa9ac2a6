package dev.lanshare.tray.swing;

import static dev.lanshare.tray.LiveService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanshare.tray.LiveService;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.UiChoice;
import dev.lanshare.tray.model.ShareInfo;
import java.awt.Point;
import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.swing.JTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings window against a real service, clicked as a person would, under Xvfb. */
class SettingsWindowTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void display() throws Exception {
        Xvfb.ensure();
        Edt.run(() -> Look.install(false));
    }

    @Test
    void tickingAFolderSharesItAndUntickingStops() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Site Plans")).toRealPath();
        Path drop = Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        try (LiveService service = LiveService.in(tmp).start();
                TrayController controller = new TrayController(service.dirs(), 100)) {
            controller.saveShare(new ShareInfo("Drop", drop.toString(), false,
                    Map.of("accounts", "write", "guests", "read")), true).get(10, TimeUnit.SECONDS);
            controller.saveShare(new ShareInfo("Plans", plans.toString(), true, Map.of("ann", "read")), false)
                    .get(10, TimeUnit.SECONDS);
            SwingUi ui = new SwingUi(controller, ServiceStarter.of(null, tmp), () -> { });
            ui.start(UiChoice.WINDOW, null);
            controller.start();
            SettingsWindow settings = Edt.call(ui::settings);
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
            ui.accept(new dev.lanshare.tray.model.Action.Quit()); // closes its windows, so later screenshots are clean
            Edt.settle();
        }
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
        javax.swing.JTabbedPane tabs = Edt.call(() -> (javax.swing.JTabbedPane)
                settings.frame().getContentPane().getComponent(0));
        String[] names = {"settings-folders", "settings-accounts", "settings-machine", "settings-activity"};
        for (int i = 0; i < names.length; i++) {
            int index = i;
            Edt.run(() -> tabs.setSelectedIndex(index));
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), names[i]);
        }
    }
}
