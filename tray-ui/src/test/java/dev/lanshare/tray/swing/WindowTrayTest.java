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

    /**
     * A machine on the network named {@code <html><img src=...>} is shown as that text: Swing rendered it as HTML and
     * fetched the image it named (here from a server on loopback that counts what reaches it), a request to wherever
     * a stranger's name said.
     */
    @Test
    void aNameWrittenAsHtmlIsShownAsTextAndFetchesNothing() throws Exception {
        List<String> fetched = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> {
            fetched.add(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        http.start();
        String img = "<html><img src='http://127.0.0.1:" + http.getAddress().getPort() + "/";
        WindowTray tray = new WindowTray(a -> { });
        try {
            TrayState office = office();
            TrayState state = new TrayState(true, false, "Ann's PC", 2222, "SHA256:abc", office.shares(),
                    office.remembered(), List.of(new Peer(img + "peer.png'>", "d9", "sftp://x.local:2222/",
                    "SHA256:def", List.of(new Peer.Share(img + "share.png'>", true, true)))), List.of(), "");
            tray.show(state, MenuBuilder.build(state));
            Edt.settle();
            Xvfb.screenshot(Edt.call(tray.frame()::getBounds), "menu-window-html-name");
            Thread.sleep(1000);
            assertEquals(List.of(), fetched, "a name made this machine fetch what it named");
            assertTrue(Edt.call(() -> texts(tray.frame()).contains(img + "peer.png'>")), "shown as written");
        } finally {
            tray.close();
            http.stop(0);
        }
    }

    private static List<String> texts(java.awt.Container root) {
        List<String> out = new java.util.ArrayList<>();
        for (Component c : root.getComponents()) {
            if (c instanceof javax.swing.JLabel l) {
                out.add(l.getText());
            } else if (c instanceof javax.swing.AbstractButton b) {
                out.add(b.getText());
            }
            if (c instanceof java.awt.Container inner) {
                out.addAll(texts(inner));
            }
        }
        return out;
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
