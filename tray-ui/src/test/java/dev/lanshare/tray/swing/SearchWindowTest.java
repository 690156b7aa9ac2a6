package dev.lanshare.tray.swing;

import static dev.lanshare.tray.LiveService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Access;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.Share;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.tray.LiveService;
import dev.lanshare.tray.PeerTargets;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.model.Peer;
import dev.lanshare.tray.model.TrayState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tray's search window asks a real colleague on loopback (its index built from real files), lists what it
 * found, opens a result's folder and downloads a result; a colleague that is not there is named, not waited for.
 * Under Xvfb.
 */
@ExtendWith(OnScreen.class)
class SearchWindowTest {
    @TempDir
    Path tmp;

    @Test
    void findsAColleaguesFilesOpensTheirFolderAndDownloads() throws Exception {
        Path handouts = Files.createDirectories(tmp.resolve("Handouts")).toRealPath();
        Files.createDirectories(handouts.resolve("site visits/2026"));
        Files.writeString(handouts.resolve("site visits/2026/harbour plan.dwg"), "walls and doors\n");
        Files.writeString(handouts.resolve("harbour notes.txt"), "tides\n");
        Files.writeString(handouts.resolve("agenda.txt"), "Monday\n");
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                TrayController tray = new TrayController(colleague.dirs(), 100)) {
            tray.start();
            tray.saveShare(new Share("Handouts", handouts, false, Map.of("guests", Access.READ)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", tray::state, s -> s.running() && !s.shares().isEmpty());
            PeerTarget benPc = PeerTargets.of(new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/",
                    ben.fingerprint(), List.of(new Peer.Share("Handouts", true, false))));
            // nobody listens on this port: a colleague whose machine went away after it was announced
            PeerTarget gone;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                gone = PeerTargets.of(new Peer("Carl's Mac", "", "sftp://127.0.0.1:" + s.getLocalPort() + "/",
                        ben.fingerprint(), List.of(new Peer.Share("Drawings", true, false))));
            }
            List<PeerTarget> office = new ArrayList<>(List.of(benPc));
            AppDirs mine = AppDirs.under(tmp.resolve("ann"));
            BlockingQueue<String> opened = new LinkedBlockingQueue<>();
            SearchWindow window = Edt.call(() -> new SearchWindow(mine, () -> List.copyOf(office),
                    (peer, folder, login) -> opened.add(peer.label() + " " + folder + " as " + login.user())));
            try {
                Edt.run(window::open);
                Edt.run(() -> window.words().setText("harbour"));
                // the colleague's index is built in the background after it starts: ask until it has the files
                await("two results", () -> {
                    Edt.call(window::search).get(30, TimeUnit.SECONDS);
                    Edt.settle();
                    return Edt.call(() -> window.results().getRowCount());
                }, n -> n == 2);
                List<String> where = Edt.call(() -> List.of((String) window.results().getValueAt(0, 1),
                        (String) window.results().getValueAt(1, 1)));
                assertEquals(List.of("/Handouts/harbour notes.txt", "/Handouts/site visits/2026/harbour plan.dwg")
                        .stream().sorted().toList(), where.stream().sorted().toList());
                assertEquals("Ben's PC", Edt.call(() -> window.results().getValueAt(0, 0)));
                assertTrue(Edt.call(window::status).startsWith("2 found. Every colleague answered."),
                        Edt.call(window::status));

                int plan = where.indexOf("/Handouts/site visits/2026/harbour plan.dwg");
                Edt.run(() -> {
                    int row = window.table().convertRowIndexToView(plan);
                    window.table().setRowSelectionInterval(row, row);
                });
                Edt.settle();
                Xvfb.screenshot(Edt.call(window.frame()::getBounds), "search-window");

                java.awt.Rectangle cell = Edt.call(() -> window.table().getCellRect(
                        window.table().convertRowIndexToView(plan), 1, true));
                java.awt.Point at = Edt.call(() -> window.table().getLocationOnScreen());
                Edt.clickUntil(new java.awt.Point(at.x + cell.x + cell.width / 2, at.y + cell.y + cell.height / 2), 2,
                        () -> !opened.isEmpty());
                assertEquals("Ben's PC /Handouts/site visits/2026 as " + PeerClient.Credentials.guest().user(),
                        opened.poll(30, TimeUnit.SECONDS));

                Path downloads = Files.createDirectories(tmp.resolve("Downloads"));
                SearchWindow.Result result = Edt.call(() -> window.results().at(plan));
                Edt.call(() -> window.download(result, downloads)).get(30, TimeUnit.SECONDS);
                assertEquals("walls and doors\n", Files.readString(downloads.resolve("harbour plan.dwg")));
                await("the status line", () -> Edt.call(window::status),
                        s -> s.startsWith("harbour plan.dwg downloaded"));

                // a colleague whose machine is gone is named; the one that answered still is listed
                office.add(gone);
                Edt.run(() -> window.words().setText("agenda"));
                Edt.call(window::search).get(30, TimeUnit.SECONDS);
                Edt.settle();
                assertEquals(1, Edt.call(() -> window.results().getRowCount()));
                String status = Edt.call(window::status);
                assertTrue(status.startsWith("1 found. ") && status.contains("Could not search: Carl's Mac"), status);

                Edt.run(() -> window.words().setText(""));
                Edt.call(window::search).get(30, TimeUnit.SECONDS);
                Edt.settle();
                assertTrue(Edt.call(window::status).toLowerCase().contains("word"), "an empty search is refused "
                        + "in words: " + Edt.call(window::status));
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }
}
