package dev.lanshare.tray.swing;

import static dev.lanshare.tray.LiveService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Share;
import dev.lanshare.config.Access;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.RememberedPasswords;
import dev.lanshare.tray.LiveService;
import dev.lanshare.tray.PeerLogin;
import dev.lanshare.tray.PeerTargets;
import dev.lanshare.tray.ServiceStarter;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.app.TrayApp;
import dev.lanshare.tray.model.Peer;
import dev.lanshare.tray.model.TrayState;
import java.awt.datatransfer.Clipboard;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.swing.JCheckBox;
import javax.swing.JDialog;
import javax.swing.JFrame;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.TransferHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The browse window lists a colleague's share and downloads from it: a real peer on loopback, under Xvfb. */
@ExtendWith(OnScreen.class)
class BrowseWindowTest {
    @TempDir
    Path tmp;

    @Test
    void listsAShareAndDownloadsAFile() throws Exception {
        Path handouts = Files.createDirectories(tmp.resolve("Handouts")).toRealPath();
        Files.writeString(handouts.resolve("agenda.txt"), "Monday: plans review\n");
        Files.write(handouts.resolve("site.dwg"), new byte[300_000]);
        Files.createDirectories(handouts.resolve("archive"));
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                TrayController tray = new TrayController(colleague.dirs(), 100)) {
            tray.start();
            tray.saveShare(new Share("Handouts", handouts, false, Map.of("guests", Access.WRITE)), true)
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

                // a file system that fails unchecked (read-only here; on Windows, a name it does not allow): the
                // copy ends in words too, not at "Downloading…"
                Path readOnly = java.nio.file.FileSystems.getFileSystem(java.net.URI.create("jrt:/")).getPath("/");
                java.util.concurrent.Future<?> failing = Edt.call(() -> window.download("agenda.txt", readOnly));
                assertThrows(java.util.concurrent.ExecutionException.class, () -> failing.get(30, TimeUnit.SECONDS));
                await("the status line after a failure", () -> Edt.call(window::status),
                        s -> s.startsWith("agenda.txt could not be copied: "));
                assertEquals("Copy failed", copied.poll(5, TimeUnit.SECONDS));

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

    /**
     * With this machine's own service running, the window's copies are the service's: made on the connection it
     * keeps to the colleague (the one the command line and the gateway use too).
     */
    @Test
    void copiesGoThroughThisMachinesServiceWhenItRuns() throws Exception {
        Path handouts = Files.createDirectories(tmp.resolve("Handouts")).toRealPath();
        Files.write(handouts.resolve("site.dwg"), new byte[300_000]);
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                LiveService own = LiveService.in(tmp.resolve("ann")).start();
                TrayController tray = new TrayController(colleague.dirs(), 100)) {
            tray.start();
            tray.saveShare(new Share("Handouts", handouts, false, Map.of("guests", Access.WRITE)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", tray::state, TrayState::running);
            Peer peer = new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/", ben.fingerprint(),
                    List.of(new Peer.Share("Handouts", true, true)));
            BrowseWindow window = Edt.call(() -> new BrowseWindow(PeerTargets.of(peer), "Handouts",
                    PeerClient.Credentials.guest(), own.dirs()));
            try {
                Edt.run(window::open);
                await("the listing", () -> Edt.call(() -> window.entries().getRowCount()), n -> n == 1);
                Path downloads = Files.createDirectories(tmp.resolve("Downloads"));
                Edt.call(() -> window.download("site.dwg", downloads)).get(30, TimeUnit.SECONDS);
                assertEquals(300_000, Files.size(downloads.resolve("site.dwg")));
                assertEquals(1, own.service().peerConnections(), "the service made the copy");
                Path reply = Files.writeString(tmp.resolve("reply.txt"), "see you Monday\n");
                Edt.call(() -> window.upload(reply)).get(30, TimeUnit.SECONDS);
                assertEquals("see you Monday\n", Files.readString(handouts.resolve("reply.txt")));
                assertEquals(1, own.service().peerConnections(), "on the same connection");
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /**
     * As an account, not a guest: the share is closed to guests until the owner logs in (and asks to be
     * remembered); files dropped from the desktop go up through the list's real TransferHandler, and rows dragged
     * out come down into a private temporary folder first. A real peer on loopback, under Xvfb.
     */
    @Test
    void logsInAsAnAccountAndCopiesByDragAndDropBothWays() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Plans")).toRealPath();
        Files.writeString(plans.resolve("agenda.txt"), "Monday: plans review\n");
        Path desktop = Files.createDirectories(tmp.resolve("Desktop"));
        Path report = Files.write(desktop.resolve("report.pdf"), new byte[400_000]);
        Path site = Files.createDirectories(desktop.resolve("site"));
        Files.writeString(site.resolve("plan.dwg"), "walls");
        Files.writeString(site.resolve("notes.txt"), "doors");
        Path viaUri = Files.writeString(desktop.resolve("from files.txt"), "dragged by a file manager\n");
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                TrayController tray = new TrayController(colleague.dirs(), 100)) {
            tray.start();
            tray.setPassword("ann", "ann's secret".toCharArray()).get(30, TimeUnit.SECONDS);
            tray.saveShare(new Share("Plans", plans, false, Map.of("ann", Access.WRITE)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", tray::state, s -> s.running() && !s.shares().isEmpty());
            Peer peer = new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/", ben.fingerprint(),
                    List.of(new Peer.Share("Plans", false, false)));
            AppDirs mine = AppDirs.under(tmp.resolve("ann"));
            RememberedPasswords remembered = new RememberedPasswords(mine.state().resolve("peer_passwords"));
            assertEquals(Optional.empty(), PeerLogin.known(peer, "Plans", remembered), "not for guests: ask");

            BrowseWindow window = Edt.call(() -> new BrowseWindow(PeerTargets.of(peer), "Plans",
                    PeerClient.Credentials.guest(), mine));
            BlockingQueue<String> copied = new LinkedBlockingQueue<>();
            window.onCopied((title, text) -> copied.add(title + ": " + text));
            try {
                Edt.run(window::open);
                await("a guest refused", () -> Edt.call(window::status), t -> t.contains("Log in as"));
                Edt.call(() -> window.loginAs(new PeerClient.Credentials("ann", "ann's secret"), true))
                        .get(30, TimeUnit.SECONDS);
                await("the listing as ann", () -> Edt.call(() -> window.entries().rowOf("agenda.txt")), r -> r >= 0);
                assertEquals("as ann", Edt.call(window::who));
                assertEquals(Optional.of("ann"), PeerLogin.known(peer, "Plans", remembered)
                        .map(PeerClient.Credentials::user), "remembered for this peer");
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        mine.state().resolve("peer_passwords"))));

                JTable table = window.table();
                TransferHandler handler = Edt.call(table::getTransferHandler);
                assertTrue(Edt.call(() -> handler.importData(new TransferHandler.TransferSupport(table,
                        files(List.of(report.toFile(), site.toFile())))))); // what a Java or Windows desktop hands
                assertTrue(Edt.call(() -> handler.importData(new TransferHandler.TransferSupport(table,
                        new StringSelectionOf(FileTransfer.URI_LIST, viaUri.toUri() + "\r\n"))))); // a Linux one
                await("the dropped files on the peer", () -> Files.exists(plans.resolve("from files.txt"))
                        && Files.exists(plans.resolve("site/notes.txt")) && Files.exists(plans.resolve("report.pdf"))
                        && Files.size(plans.resolve("report.pdf")) == 400_000, v -> v);
                assertEquals("walls", Files.readString(plans.resolve("site/plan.dwg")));
                assertEquals("dragged by a file manager\n", Files.readString(plans.resolve("from files.txt")));
                await("the new listing", () -> Edt.call(() -> window.entries().getRowCount()), n -> n == 4);
                assertTrue(copied.take().startsWith("Copy finished: report.pdf and 1 more uploaded"), "one drop, "
                        + "one notice");

                Edt.run(() -> {
                    int row = table.convertRowIndexToView(window.entries().rowOf("agenda.txt"));
                    table.setRowSelectionInterval(row, row);
                });
                Clipboard drop = new Clipboard("a drop target");
                Edt.run(() -> handler.exportToClipboard(table, drop, TransferHandler.COPY)); // what a drag starts
                @SuppressWarnings("unchecked")
                List<File> out = (List<File>) drop.getData(DataFlavor.javaFileListFlavor);
                assertEquals(1, out.size());
                assertEquals("Monday: plans review\n", Files.readString(out.get(0).toPath()));
                assertEquals(out.get(0).toURI().toString().replace("file:/", "file:///"),
                        ((String) drop.getData(FileTransfer.URI_LIST)).strip(), "as a file manager reads it");
                Path dragFolder = out.get(0).toPath().getParent().getParent();
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dragFolder)));
                Edt.settle();
                Xvfb.screenshot(Edt.call(window.frame()::getBounds), "browse-window-as-account");

                tray.saveShare(new Share("Plans", plans, true, Map.of("ann", Access.READ)), true)
                        .get(10, TimeUnit.SECONDS);
                copied.clear();
                Path late = Files.writeString(desktop.resolve("late.txt"), "too late");
                Edt.run(() -> handler.importData(new TransferHandler.TransferSupport(table,
                        files(List.of(late.toFile())))));
                String failed = copied.poll(30, TimeUnit.SECONDS);
                assertTrue(failed != null && failed.startsWith("Copy failed: ") && failed.contains("permission denied"),
                        String.valueOf(failed));
                Edt.run(window.frame()::dispose);
                await("the drag's copies removed with the window", () -> Files.exists(dragFolder), v -> !v);
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /**
     * Rows dragged from one browse window onto another (from one colleague's folder to another's): the drop does not
     * wait on the Swing thread for the rows' download, which would hold every window of the tray until it ends; the
     * files go up once they have arrived.
     */
    @Test
    void aDropFromAnotherBrowseWindowDoesNotHoldTheWindowsWhileItsRowsDownload() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                TrayController tray = new TrayController(colleague.dirs(), 100)) {
            tray.start();
            tray.saveShare(new Share("Drop", drop, false, Map.of("guests", Access.WRITE)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", tray::state, s -> s.running() && !s.shares().isEmpty());
            Peer peer = new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/", ben.fingerprint(),
                    List.of(new Peer.Share("Drop", false, true)));
            BrowseWindow window = Edt.call(() -> new BrowseWindow(PeerTargets.of(peer), "Drop",
                    PeerClient.Credentials.guest(), AppDirs.under(tmp.resolve("ann"))));
            java.util.concurrent.CompletableFuture<List<Path>> download = new java.util.concurrent.CompletableFuture<>();
            try {
                Edt.run(window::open);
                await("the listing", () -> Edt.call(window::status), t -> t.startsWith("/Drop: 0 items"));
                JTable table = window.table();
                TransferHandler handler = Edt.call(table::getTransferHandler);
                java.util.concurrent.CompletableFuture<Boolean> dropped = new java.util.concurrent.CompletableFuture<>();
                javax.swing.SwingUtilities.invokeLater(() -> dropped.complete(handler.importData(
                        new TransferHandler.TransferSupport(table, new FileTransfer.Downloaded(download)))));
                assertTrue(dropped.get(5, TimeUnit.SECONDS), "the drop taken while the rows still download");
                assertEquals(List.of(), Edt.call(() -> List.copyOf(window.entries().rows())));

                Path arrived = Files.writeString(Files.createDirectories(tmp.resolve("drag")).resolve("plan.dwg"),
                        "walls");
                download.complete(List.of(arrived));
                await("the rows uploaded once downloaded", () -> Files.exists(drop.resolve("plan.dwg")), v -> v);
                assertEquals("walls", Files.readString(drop.resolve("plan.dwg")));
            } finally {
                download.complete(List.of()); // a Swing thread held by the drop goes on
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /**
     * While a file goes up, the status line says so above its progress bar: a listing that ends meanwhile (the one
     * after the copy before, or Refresh) does not replace it with "N items".
     */
    @Test
    void theStatusLineSaysWhatIsBeingCopiedWhileAListingEnds() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        Path big = tmp.resolve("big.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(200L << 20);
        }
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                TrayController tray = new TrayController(colleague.dirs(), 100)) {
            tray.start();
            tray.saveShare(new Share("Drop", drop, false, Map.of("guests", Access.WRITE)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", tray::state, s -> s.running() && !s.shares().isEmpty());
            Peer peer = new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/", ben.fingerprint(),
                    List.of(new Peer.Share("Drop", false, true)));
            BrowseWindow window = Edt.call(() -> new BrowseWindow(PeerTargets.of(peer), "Drop",
                    PeerClient.Credentials.guest(), AppDirs.under(tmp.resolve("ann"))));
            try {
                Edt.run(window::open);
                await("the listing", () -> Edt.call(window::status), t -> t.startsWith("/Drop: 0 items"));
                java.util.concurrent.Future<?> upload = Edt.call(() -> {
                    window.refresh(); // its listing ends while the upload is under way
                    return window.upload(big);
                });
                List<String> seen = new java.util.ArrayList<>();
                while (!upload.isDone()) {
                    String line = Edt.call(window::status);
                    if (!upload.isDone() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(line))) {
                        seen.add(line);
                    }
                    Thread.sleep(10);
                }
                upload.get(60, TimeUnit.SECONDS);
                assertEquals("Uploading big.bin…", seen.get(0));
                assertTrue(seen.stream().noneMatch(l -> l.startsWith("/Drop:")), "what the status line said during "
                        + "the upload: " + seen); // its last may be "big.bin uploaded to /Drop", said as it ends
                await("the listing after it", () -> Edt.call(window::status), t -> t.startsWith("/Drop: 1 item."));
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /** A colleague that cannot be reached is said to be so, without advice to log in as an account, which no login mends. */
    @Test
    void anUnreachableColleagueGetsNoAdviceToLogIn() throws Exception {
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort(); // nobody listens there once it is closed
        }
        Peer peer = new Peer("Ben's PC", "", "sftp://127.0.0.1:" + closed + "/",
                "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", List.of(new Peer.Share("Plans", false, true)));
        BrowseWindow window = Edt.call(() -> new BrowseWindow(PeerTargets.of(peer), "Plans",
                PeerClient.Credentials.guest(), AppDirs.under(tmp.resolve("ann"))));
        try {
            Edt.run(window::open);
            String said = await("the failure", () -> Edt.call(window::status), t -> t.contains("cannot be reached"));
            assertFalse(said.contains("Log in as"), said);
        } finally {
            Edt.run(window.frame()::dispose);
        }
    }

    /**
     * A colleague whose host key changed (a reinstalled machine) was refused with advice to run {@code lanshare trust
     * ... --reset}, which the tray's users have no terminal for. The window now offers to trust the new key, saying
     * both fingerprints; Cancel keeps the old one, and trusting it lists the folder and remembers the new key.
     */
    @Test
    void aChangedHostKeyCanBeTrustedFromTheWindowAfterAQuestion() throws Exception {
        Path handouts = Files.createDirectories(tmp.resolve("Handouts")).toRealPath();
        Files.writeString(handouts.resolve("agenda.txt"), "Monday\n");
        try (BrowseDropTest.Colleague ben = BrowseDropTest.Colleague.sharing(tmp, handouts)) {
            Peer peer = ben.peer();
            // the key remembered from before the colleague's machine was reinstalled
            java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("EC");
            gen.initialize(256);
            String old = org.apache.sshd.common.config.keys.PublicKeyEntry.toString(gen.generateKeyPair().getPublic());
            AppDirs mine = AppDirs.under(tmp.resolve("ann"));
            Files.createDirectories(mine.state());
            dev.lanshare.service.peer.TrustStore trust = new dev.lanshare.service.peer.TrustStore(
                    mine.state().resolve("known_peers"));
            trust.remember(PeerTargets.of(peer).trustId(), old);
            BrowseWindow window = ben.window(tmp);
            try {
                String said = await("the refusal", () -> Edt.call(window::status), t -> t.contains("CHANGED"));
                assertFalse(said.contains("lanshare trust"), "no command to run in the tray: " + said);
                assertTrue(said.contains("Trust the new key"), said);
                javax.swing.AbstractButton offer = await("the offer", () -> Edt.call(() -> {
                    javax.swing.AbstractButton b = button(window.frame(), BrowseWindow.TRUST_NEW_KEY);
                    return b != null && b.isShowing() && b.getWidth() > 0 ? b : null; // laid out
                }), b -> b != null);
                Edt.settle();

                String title = "Trust the new key of Ben's PC?";
                Edt.clickUntil(offer, () -> asking(title));
                JDialog asked = showing(JDialog.class, title);
                javax.swing.JTextArea text = (javax.swing.JTextArea) Edt.call(() -> textArea(asked));
                assertTrue(Edt.call(text::getText).contains(peer.fingerprint()), "the new fingerprint is said");
                Edt.settle();
                Xvfb.screenshot(Edt.call(asked::getBounds), "browse-trust-new-key");
                // the dialog's buttons pressed through Swing: a real click on a second modal dialog at the frame's
                // corner was dropped now and then by the X server (3 tries), the offer's button is clicked for real
                Edt.run(() -> button(asked, "Cancel").doClick());
                await("the question closed", () -> Edt.call(asked::isShowing), showing -> !showing);
                assertEquals(java.util.Optional.of(old), trust.key(PeerTargets.of(peer).trustId()), "kept");

                Edt.clickUntil(offer, () -> asking(title));
                JDialog again = showing(JDialog.class, title);
                Edt.run(() -> button(again, "Trust the new key").doClick());
                await("the listing", () -> Edt.call(() -> window.entries().getRowCount()), n -> n == 1);
                assertFalse(Edt.call(offer::isShowing), "the offer goes once the key is trusted");
                assertEquals(java.util.Optional.of(peer.fingerprint()),
                        trust.fingerprint(PeerTargets.of(peer).trustId()), "the new key is remembered");
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /** Whether a dialog titled {@code title} shows; on the Swing thread. */
    private static boolean asking(String title) {
        return java.util.Arrays.stream(java.awt.Window.getWindows())
                .anyMatch(w -> w instanceof JDialog d && d.isShowing() && title.equals(d.getTitle()));
    }

    private static java.awt.Component textArea(java.awt.Container root) {
        for (java.awt.Component c : root.getComponents()) {
            if (c instanceof javax.swing.JTextArea) {
                return c;
            }
            if (c instanceof java.awt.Container inner && textArea(inner) != null) {
                return textArea(inner);
            }
        }
        return null;
    }

    /** The list is used from the keyboard too: Enter opens the folder chosen, Backspace goes up again. */
    @Test
    void enterOpensAFolderAndBackspaceGoesUp() throws Exception {
        Path handouts = Files.createDirectories(tmp.resolve("Handouts")).toRealPath();
        Files.writeString(Files.createDirectories(handouts.resolve("archive")).resolve("2025.txt"), "old");
        Files.writeString(handouts.resolve("agenda.txt"), "Monday");
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                TrayController tray = new TrayController(colleague.dirs(), 100)) {
            tray.start();
            tray.saveShare(new Share("Handouts", handouts, true, Map.of("guests", Access.READ)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", tray::state, s -> s.running() && !s.shares().isEmpty());
            Peer peer = new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/", ben.fingerprint(),
                    List.of(new Peer.Share("Handouts", true, true)));
            BrowseWindow window = Edt.call(() -> new BrowseWindow(PeerTargets.of(peer), "Handouts",
                    PeerClient.Credentials.guest(), AppDirs.under(tmp.resolve("ann"))));
            try {
                Edt.run(window::open);
                await("the listing", () -> Edt.call(window::status), t -> t.startsWith("/Handouts: 2 items"));
                JTable table = window.table();
                java.awt.Point archive = Edt.call(() -> {
                    int row = table.convertRowIndexToView(window.entries().rowOf("archive"));
                    java.awt.Rectangle cell = table.getCellRect(row, 0, false);
                    java.awt.Point origin = table.getLocationOnScreen();
                    return new java.awt.Point(origin.x + cell.x + 20, origin.y + cell.y + cell.height / 2);
                });
                Edt.clickUntil(archive, 1, () -> table.isFocusOwner() && table.getSelectedRow() >= 0);
                press(java.awt.event.KeyEvent.VK_ENTER);
                await("the folder opened", () -> Edt.call(window::status), t -> t.startsWith("/Handouts/archive: 1 item"));
                press(java.awt.event.KeyEvent.VK_BACK_SPACE);
                await("up again", () -> Edt.call(window::status), t -> t.startsWith("/Handouts: 2 items"));
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    private static void press(int key) throws Exception {
        java.awt.Robot robot = new java.awt.Robot();
        robot.keyPress(key);
        robot.keyRelease(key);
        robot.waitForIdle();
    }

    /**
     * Opening a colleague's share that is closed to guests asks who to log in as first; the answer, remembered,
     * is used without asking the next time. The dialog is filled in and OK clicked as a person would.
     */
    @Test
    void aShareClosedToGuestsAsksWhoToLogInAsOnceWhenRemembered() throws Exception {
        Path plans = Files.createDirectories(tmp.resolve("Plans")).toRealPath();
        Files.writeString(plans.resolve("agenda.txt"), "Monday\n");
        try (LiveService colleague = LiveService.in(tmp.resolve("ben")).start();
                TrayController theirs = new TrayController(colleague.dirs(), 100);
                TrayController mine = new TrayController(AppDirs.under(tmp.resolve("ann")), 100)) {
            theirs.start();
            theirs.setPassword("ann", "ann's secret".toCharArray()).get(30, TimeUnit.SECONDS);
            theirs.saveShare(new Share("Plans", plans, true, Map.of("ann", Access.READ)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", theirs::state, s -> s.running() && !s.shares().isEmpty());
            Peer peer = new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/", ben.fingerprint(),
                    List.of(new Peer.Share("Plans", true, false)));
            TrayApp ui = new TrayApp(mine, ServiceStarter.of(null, tmp), () -> { });

            ui.actions().browseAs(peer, "Plans");
            JDialog dialog = await("the login dialog", () -> showing(JDialog.class, "Log in to Ben's PC"),
                    d -> d != null);
            Edt.run(() -> {
                ((JTextField) Edt.find(dialog, "account").orElseThrow()).setText("ann");
                ((JTextField) Edt.find(dialog, "password").orElseThrow()).setText("ann's secret");
                ((JCheckBox) Edt.find(dialog, "remember").orElseThrow()).setSelected(true);
            });
            Edt.settle();
            Xvfb.screenshot(Edt.call(dialog::getBounds), "browse-login-dialog");
            Edt.clickUntil(Edt.call(() -> button(dialog, "OK")), () -> !dialog.isShowing());
            JFrame window = await("the browse window", () -> showing(JFrame.class, "Plans on Ben's PC"),
                    w -> w != null);
            JTable files = (JTable) Edt.call(() -> Edt.find(window, "files").orElseThrow());
            await("the listing as ann", () -> Edt.call(files::getRowCount), n -> n == 1);
            assertEquals("as ann", Edt.call(() -> ((javax.swing.JLabel) Edt.find(window, "who").orElseThrow())
                    .getText()));
            Edt.run(window::dispose);

            ui.actions().browseAs(peer, "Plans"); // remembered: no question this time
            JFrame again = await("the browse window again", () -> showing(JFrame.class, "Plans on Ben's PC"),
                    w -> w != null);
            assertEquals(null, showing(JDialog.class, "Log in to Ben's PC"));
            JTable list = (JTable) Edt.call(() -> Edt.find(again, "files").orElseThrow());
            await("the listing, remembered", () -> Edt.call(list::getRowCount), n -> n == 1);
            Edt.run(again::dispose);
        }
    }

    private static <W extends java.awt.Window> W showing(Class<W> type, String title) throws Exception {
        return Edt.call(() -> java.util.Arrays.stream(java.awt.Window.getWindows())
                .filter(w -> type.isInstance(w) && w.isShowing())
                .filter(w -> title.equals(w instanceof JDialog d ? d.getTitle() : ((JFrame) w).getTitle()))
                .map(type::cast).findFirst().orElse(null));
    }

    private static javax.swing.AbstractButton button(java.awt.Container root, String text) {
        for (java.awt.Component c : root.getComponents()) {
            if (c instanceof javax.swing.AbstractButton b && text.equals(b.getText())) {
                return b;
            }
            if (c instanceof java.awt.Container inner) {
                javax.swing.AbstractButton found = button(inner, text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A file list as a desktop's drag carries it. */
    private static Transferable files(List<File> files) {
        return new Transferable() {
            @Override
            public DataFlavor[] getTransferDataFlavors() {
                return new DataFlavor[] {DataFlavor.javaFileListFlavor};
            }

            @Override
            public boolean isDataFlavorSupported(DataFlavor flavor) {
                return DataFlavor.javaFileListFlavor.equals(flavor);
            }

            @Override
            public Object getTransferData(DataFlavor flavor) throws UnsupportedFlavorException {
                if (!isDataFlavorSupported(flavor)) {
                    throw new UnsupportedFlavorException(flavor);
                }
                return files;
            }
        };
    }

    /** One string in one flavor, like the text/uri-list a Linux file manager's drag offers. */
    private record StringSelectionOf(DataFlavor flavor, String text) implements Transferable {
        @Override
        public DataFlavor[] getTransferDataFlavors() {
            return new DataFlavor[] {flavor};
        }

        @Override
        public boolean isDataFlavorSupported(DataFlavor f) {
            return flavor.equals(f);
        }

        @Override
        public Object getTransferData(DataFlavor f) throws UnsupportedFlavorException {
            if (!isDataFlavorSupported(f)) {
                throw new UnsupportedFlavorException(f);
            }
            return text;
        }
    }
}
