package dev.lanshare.tray.swing;

import static dev.lanshare.tray.LiveService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.tray.LiveService;
import dev.lanshare.tray.PeerTargets;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.model.Peer;
import dev.lanshare.tray.model.ShareInfo;
import dev.lanshare.tray.model.TrayState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browse window lists a colleague's share and downloads from it: a real peer on loopback, under Xvfb. */
class BrowseWindowTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void display() throws Exception {
        Xvfb.ensure();
        Edt.run(() -> Look.install(false));
    }

    @Test
    void listsAShareAndDownloadsAFile() throws Exception {
        Path handouts = Files.createDirectories(tmp.resolve("Handouts")).toRealPath();
        Files.writeString(handouts.resolve("agenda.txt"), "Monday: plans review\n");
        Files.write(handouts.resolve("site.dwg"), new byte[300_000]);
        Files.createDirectories(handouts.resolve("archive"));
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                TrayController tray = new TrayController(colleague.dirs(), 100)) {
            tray.start();
            tray.saveShare(new ShareInfo("Handouts", handouts.toString(), false, Map.of("guests", "write")), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", tray::state, TrayState::running);
            Peer peer = new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/", ben.fingerprint(),
                    List.of(new Peer.Share("Handouts", true, true)));
            AppDirs mine = AppDirs.under(tmp.resolve("ann"));
            BrowseWindow window = Edt.call(() -> new BrowseWindow(PeerTargets.of(peer), "Handouts",
                    PeerClient.Credentials.guest(), mine));
            java.util.concurrent.BlockingQueue<String> copied = new java.util.concurrent.LinkedBlockingQueue<>();
            window.onCopied((title, text) -> copied.add(title));
            try {
                Edt.run(window::open);
                await("the listing", () -> Edt.call(() -> window.entries().getRowCount()), n -> n == 3);
                assertEquals(List.of("archive/", "agenda.txt", "site.dwg"), Edt.call(() -> List.of(
                        window.entries().getValueAt(0, 0), window.entries().getValueAt(1, 0),
                        window.entries().getValueAt(2, 0))));
                Edt.settle();
                Xvfb.screenshot(Edt.call(window.frame()::getBounds), "browse-window");
                Path downloads = Files.createDirectories(tmp.resolve("Downloads"));
                Edt.call(() -> window.download("agenda.txt", downloads)).get(30, TimeUnit.SECONDS);
                assertEquals("Monday: plans review\n", Files.readString(downloads.resolve("agenda.txt")));
                await("the status line", () -> Edt.call(window::status), s -> s.startsWith("agenda.txt downloaded"));
                assertEquals("Copy finished", copied.poll(5, TimeUnit.SECONDS));

                Path reply = Files.writeString(tmp.resolve("reply.txt"), "see you Monday\n");
                Edt.call(() -> window.upload(reply)).get(30, TimeUnit.SECONDS);
                assertEquals("see you Monday\n", Files.readString(handouts.resolve("reply.txt")));
                await("the new listing", () -> Edt.call(() -> window.entries().rowOf("reply.txt")), r -> r >= 0);
                Edt.settle();
                Xvfb.screenshot(Edt.call(window.frame()::getBounds), "browse-window-after-copies");
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }
}
