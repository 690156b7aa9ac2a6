package dev.lanshare.tray.swing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.AppDirs;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.model.MenuBuilder;
import dev.lanshare.tray.model.TrayState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dark look, and the settings window while no service runs: screenshots of both. */
@ExtendWith(OnScreen.class)
class DarkLookTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void dark() throws Exception { // after OnScreen's light look
        Edt.run(() -> Look.install(true));
    }

    @AfterAll
    static void light() throws Exception {
        Edt.run(() -> Look.install(false));
    }

    @Test
    void menuAndSettingsInTheDarkWhileTheServiceIsDown() throws Exception {
        WindowTray tray = new WindowTray(a -> { });
        TrayController controller = new TrayController(AppDirs.under(tmp), 100);
        try {
            TrayState office = WindowTrayTest.office();
            tray.show(office, MenuBuilder.build(office));
            Edt.settle();
            Xvfb.screenshot(Edt.call(tray.frame()::getBounds), "menu-window-dark");
            SettingsWindow settings = Edt.call(() -> new SettingsWindow(controller, Optional.empty(),
                    new dev.lanshare.tray.TrayPreferences(tmp.resolve("prefs.json")), () -> { }));
            Edt.run(() -> {
                settings.open();
                settings.update(TrayState.notRunning(List.of(), ""));
            });
            Edt.settle();
            Xvfb.screenshot(Edt.call(settings.frame()::getBounds), "settings-dark-not-running");
            assertTrue(Edt.call(() -> settings.frame().isShowing()));
            Edt.run(settings.frame()::dispose);
        } finally {
            tray.close();
            controller.close();
        }
    }
}
