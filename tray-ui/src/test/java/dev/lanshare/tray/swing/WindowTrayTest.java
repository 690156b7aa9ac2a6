package dev.lanshare.tray.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Share;
import dev.lanshare.config.Access;
import java.nio.file.Path;
import dev.lanshare.tray.app.BackendChooser;
import dev.lanshare.tray.app.BackendChooser.Kind;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.MenuBuilder;
import dev.lanshare.tray.model.Peer;
import dev.lanshare.tray.model.TrayState;
import java.awt.Component;
import java.awt.Point;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.swing.JFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Under Xvfb there is no tray host: the window backend is chosen, shows the menu and carries out clicks. */
@ExtendWith(OnScreen.class)
class WindowTrayTest {
    static TrayState office() {
        return new TrayState(true, false, "Ann's PC", 2222, "SHA256:abc", List.of(
                new Share("Plans", Path.of("/home/ann/Plans"), true, Map.of("accounts", Access.READ)),
                new Share("Drop", Path.of("/home/ann/Drop"), false,
                        Map.of("accounts", Access.WRITE, "guests", Access.READ))),
                List.of(new Share("Photos", Path.of("/home/ann/Photos"), true, Map.of("accounts", Access.READ))),
                List.of(new Peer("Ben's Mac", "d1", "sftp://ben.local:2222/", "SHA256:def", List.of(
                        new Peer.Share("Drawings", false, false), new Peer.Share("Handouts", true, true)))),
                List.of(), "");
    }

    @Test
    void noTrayHostMeansTheWindow() {
        assertFalse(AwtTray.supported(), "Xvfb has no tray host");
        assertEquals(Kind.WINDOW, BackendChooser.wanted(Optional.empty(), "Linux", false, AwtTray.supported()));
        assertEquals(Kind.WINDOW, BackendChooser.available(Kind.AWT, false, AwtTray.supported()));
        assertEquals(Kind.WINDOW, BackendChooser.available(Kind.SNI, false, AwtTray.supported()));
    }

    @Test
    void showsTheMenuAndCarriesOutAClick() throws Exception {
        List<Action> chosen = new CopyOnWriteArrayList<>();
        WindowTray tray = new WindowTray(chosen::add);
        try {
            TrayState state = office();
            tray.show(state, MenuBuilder.build(state));
            Edt.settle();
            JFrame frame = tray.frame();
            assertTrue(Edt.call(frame::isShowing));
            Component plans = Edt.call(() -> Edt.find(frame, "Plans (read-only)").orElseThrow());
            Xvfb.screenshot(Edt.call(frame::getBounds), "menu-window");
            Point at = Edt.call(() -> {
                Point p = plans.getLocationOnScreen();
                return new Point(p.x + 8, p.y + plans.getHeight() / 2);
            });
            Edt.click(at);
            Edt.settle();
            assertEquals(List.of(new Action.SetShared("Plans", false)), chosen);
        } finally {
            tray.close();
        }
    }

    @Test
    void notRunningOffersToStartTheService() throws Exception {
        List<Action> chosen = new CopyOnWriteArrayList<>();
        WindowTray tray = new WindowTray(chosen::add);
        try {
            TrayState state = TrayState.notRunning(List.of(), "");
            tray.show(state, MenuBuilder.build(state));
            Edt.settle();
            Component start = Edt.call(() -> Edt.find(tray.frame(), MenuBuilder.START).orElseThrow());
            Xvfb.screenshot(Edt.call(tray.frame()::getBounds), "menu-window-not-running");
            Edt.run(() -> ((javax.swing.AbstractButton) start).doClick());
            Edt.settle();
            assertEquals(List.of(new Action.StartService()), chosen);
        } finally {
            tray.close();
        }
    }
}
