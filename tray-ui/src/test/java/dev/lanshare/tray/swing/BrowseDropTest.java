package dev.lanshare.tray.swing;

import static dev.lanshare.tray.LiveService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Access;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.Share;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.tray.LiveService;
import dev.lanshare.tray.PeerTargets;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.model.Peer;
import dev.lanshare.tray.model.TrayState;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.JTable;
import javax.swing.SwingUtilities;
import javax.swing.TransferHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files dropped on a colleague's folder, as a file manager's drop hands them: a name already there is asked about
 * before anything is replaced, and what cannot be copied (pipes, sockets, links to nothing) is named once. A real
 * colleague's service on loopback, the list's real TransferHandler, and the question's buttons clicked under Xvfb.
 */
@ExtendWith(OnScreen.class)
class BrowseDropTest {
    @TempDir
    Path tmp;

    /** A drop onto a name already there replaced the colleague's file without asking. */
    @Test
    void aDropOntoANameAlreadyThereAsksBeforeReplacing() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        Path desktop = Files.createDirectories(tmp.resolve("Desktop"));
        Path report = Files.writeString(desktop.resolve("report.txt"), "mine");
        Path notes = Files.writeString(desktop.resolve("notes.txt"), "my notes");
        Path fresh = Files.writeString(desktop.resolve("new.txt"), "new");
        try (Colleague ben = Colleague.sharing(tmp, drop)) {
            Files.writeString(drop.resolve("report.txt"), "theirs");
            Files.writeString(drop.resolve("notes.txt"), "their notes");
            BrowseWindow window = ben.window(tmp);
            BlockingQueue<String> told = new LinkedBlockingQueue<>();
            window.onCopied((title, text) -> told.add(title + ": " + text));
            try {
                await("the listing", () -> Edt.call(window::status), t -> t.startsWith("/Drop: 2 items"));

                CompletableFuture<Boolean> taken = dropOn(window, report, notes, fresh);
                assertTrue(taken.get(5, TimeUnit.SECONDS), "the drop is taken at once; the question comes after");
                JDialog asked = question("report.txt");
                assertEquals(List.of("Replace", "Replace all", "Skip", "Cancel"), buttons(asked));
                Edt.settle();
                Xvfb.screenshot(Edt.call(asked::getBounds), "browse-replace-question");
                click(asked, "Cancel");
                await("the status after Cancel", () -> Edt.call(window::status), t -> t.startsWith("Nothing copied"));
                assertEquals("theirs", Files.readString(drop.resolve("report.txt")));
                assertEquals("their notes", Files.readString(drop.resolve("notes.txt")));
                assertFalse(Files.exists(drop.resolve("new.txt")), "nothing of a cancelled drop is copied");

                dropOn(window, report, notes, fresh);
                click(question("report.txt"), "Replace");
                JDialog second = question("notes.txt");
                assertEquals(List.of("Replace", "Skip", "Cancel"), buttons(second), "the last one asked about");
                click(second, "Skip");
                assertEquals("Copy finished: report.txt and 1 more uploaded to /Drop", told.poll(60, TimeUnit.SECONDS));
                assertEquals("mine", Files.readString(drop.resolve("report.txt")));
                assertEquals("their notes", Files.readString(drop.resolve("notes.txt")), "skipped: left alone");
                assertEquals("new", Files.readString(drop.resolve("new.txt")));

                Files.writeString(drop.resolve("report.txt"), "theirs again");
                Files.writeString(desktop.resolve("new.txt"), "newer");
                await("the listing", () -> Edt.call(window::status), t -> t.startsWith("/Drop: 3 items"));
                dropOn(window, report, notes, fresh);
                click(question("report.txt"), "Replace all");
                assertEquals("Copy finished: report.txt and 2 more uploaded to /Drop", told.poll(60, TimeUnit.SECONDS));
                assertEquals("my notes", Files.readString(drop.resolve("notes.txt")));
                assertEquals("newer", Files.readString(drop.resolve("new.txt")));
                assertEquals("mine", Files.readString(drop.resolve("report.txt")));
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /**
     * A drag out to the desktop hands the file manager the paths of what it downloaded: a listed name that leads
     * out of a folder ({@code ../Drop/plan.dwg}, as a hostile machine may list) was handed on as a path outside the
     * drag's own folder, which the desktop would have taken (a file of the user's, dropped or moved).
     */
    @Test
    void aDragOutHandsOnlyPathsInsideItsOwnFolder() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        Files.writeString(drop.resolve("plan.dwg"), "walls");
        try (Colleague ben = Colleague.sharing(tmp, drop)) {
            BrowseWindow window = ben.window(tmp);
            try {
                await("the listing", () -> Edt.call(window::status), t -> t.startsWith("/Drop: 1 item"));
                List<Path> handed = window.downloadForDrag(List.of("plan.dwg", "../Drop/plan.dwg"))
                        .get(60, TimeUnit.SECONDS);
                assertEquals(1, handed.size(), handed::toString);
                Path folder = handed.get(0).getParent();
                for (Path p : handed) {
                    assertTrue(p.normalize().startsWith(folder), p + " is outside " + folder);
                }
                assertEquals("walls", Files.readString(handed.get(0)));
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /**
     * A dropped folder's named pipes, sockets and links to nothing were left out without a word (the links) or in the
     * words of a failed copy (the others): the rest is copied, and one line names what was left out and why.
     */
    @Test
    void aDroppedFoldersPipesSocketsAndDanglingLinksAreNamedOnceTheRestIsCopied() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        Path site = Files.createDirectories(tmp.resolve("Desktop/site/sub"));
        Files.writeString(site.resolve("plan.dwg"), "walls");
        Files.writeString(site.resolveSibling("notes.txt"), "doors");
        Process fifo = new ProcessBuilder("mkfifo", site.resolve("fifo").toString()).inheritIO().start();
        assertEquals(0, fifo.waitFor());
        Files.createSymbolicLink(site.resolveSibling("old.txt"), site.resolve("gone.txt"));
        try (Colleague ben = Colleague.sharing(tmp, drop);
                var socket = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            socket.bind(java.net.UnixDomainSocketAddress.of(site.resolveSibling("sock")));
            BrowseWindow window = ben.window(tmp);
            BlockingQueue<String> told = new LinkedBlockingQueue<>();
            window.onCopied((title, text) -> told.add(title + ": " + text));
            try {
                await("the listing", () -> Edt.call(window::status), t -> t.startsWith("/Drop: 0 items"));
                dropOn(window, site.getParent());
                String said = told.poll(60, TimeUnit.SECONDS);
                assertEquals("walls", Files.readString(drop.resolve("site/sub/plan.dwg")), "the rest is copied");
                assertEquals("doors", Files.readString(drop.resolve("site/notes.txt")));
                assertTrue(said != null && said.startsWith("Copy finished: site uploaded to /Drop"), said);
                String status = Edt.call(window::status);
                assertEquals(said.substring("Copy finished: ".length()), status, "one line says it all");
                assertTrue(status.contains("3 items left out") && status.contains("old.txt (a link to nothing)")
                        && status.contains("sock (a socket)") && status.contains("sub/fifo (a named pipe)"), status);
                assertEquals(null, told.poll(1, TimeUnit.SECONDS), "one notice for the drop, not one an item");

                dropOn(window, site.resolve("fifo")); // a pipe dropped by itself: nothing is said to be uploaded
                String alone = told.poll(60, TimeUnit.SECONDS);
                assertEquals("Copy finished: Nothing copied; 1 item left out, as only files and folders are copied: "
                        + "fifo (a named pipe)", alone);
                assertFalse(Files.exists(drop.resolve("fifo"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /**
     * A copy cut off by the colleague's service stopping said the command line's advice, "run the same command
     * again"; the tray says to copy it again, which resumes.
     */
    @Test
    void aCopyCutOffSaysToCopyAgainNotToRunACommand() throws Exception {
        Path drop = Files.createDirectories(tmp.resolve("Drop")).toRealPath();
        Path big = tmp.resolve("big.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(2L << 30);
        }
        try (Colleague ben = Colleague.sharing(tmp, drop)) {
            BrowseWindow window = ben.window(tmp);
            BlockingQueue<String> told = new LinkedBlockingQueue<>();
            window.onCopied((title, text) -> told.add(title + ": " + text));
            try {
                await("the listing", () -> Edt.call(window::status), t -> t.startsWith("/Drop: 0 items"));
                CompletableFuture<Void> upload = Edt.call(() -> window.upload(big));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!partThere(drop)) {
                    assertFalse(upload.isDone(), "the copy was still going when it was cut off");
                    assertTrue(System.nanoTime() < deadline, "the copy got going");
                    Thread.sleep(5);
                }
                ben.service().stop();
                String said = told.poll(60, TimeUnit.SECONDS);
                assertTrue(said != null && said.startsWith("Copy failed: ") && said.contains("lost the connection"),
                        said);
                assertTrue(said.contains("copy it again to resume") && !said.contains("command"), said);
                assertEquals(said.substring("Copy failed: ".length()), Edt.call(window::status));
            } finally {
                Edt.run(window.frame()::dispose);
            }
        }
    }

    /** Whether an upload's part file has begun to fill in {@code folder}. */
    private static boolean partThere(Path folder) throws Exception {
        try (var list = Files.list(folder)) {
            return list.anyMatch(p -> p.getFileName().toString().contains(".lanshare-part") && p.toFile().length() > 0);
        }
    }

    /** A colleague sharing one folder with guests, and a browse window of this machine on it. */
    record Colleague(LiveService service, TrayController tray, Peer peer) implements AutoCloseable {
        static Colleague sharing(Path tmp, Path folder) throws Exception {
            LiveService service = LiveService.in(tmp.resolve("ben")).start();
            TrayController tray = new TrayController(service.dirs(), 100);
            tray.start();
            String name = folder.getFileName().toString();
            tray.saveShare(new Share(name, folder, false, Map.of("guests", Access.WRITE)), true)
                    .get(10, TimeUnit.SECONDS);
            TrayState ben = await("the colleague's state", tray::state, s -> s.running() && !s.shares().isEmpty());
            return new Colleague(service, tray, new Peer("Ben's PC", "", "sftp://127.0.0.1:" + ben.port() + "/",
                    ben.fingerprint(), List.of(new Peer.Share(name, false, true))));
        }

        BrowseWindow window(Path tmp) throws Exception {
            BrowseWindow window = Edt.call(() -> new BrowseWindow(PeerTargets.of(peer), peer.shares().get(0).name(),
                    PeerClient.Credentials.guest(), AppDirs.under(tmp.resolve("ann"))));
            Edt.run(window::open);
            return window;
        }

        @Override
        public void close() throws Exception {
            try (service) {
                tray.close();
            }
        }
    }

    /** Drops {@code files} on the window's list as a desktop's drag does, from the Swing thread; whether taken. */
    private static CompletableFuture<Boolean> dropOn(BrowseWindow window, Path... files) {
        JTable table = window.table();
        CompletableFuture<Boolean> taken = new CompletableFuture<>();
        SwingUtilities.invokeLater(() -> taken.complete(table.getTransferHandler().importData(
                new TransferHandler.TransferSupport(table, fileList(List.of(files).stream().map(Path::toFile)
                        .toList())))));
        return taken;
    }

    private static JDialog question(String name) throws Exception {
        return await("the question about " + name, () -> Edt.call(() -> java.util.Arrays.stream(
                java.awt.Window.getWindows()).filter(w -> w instanceof JDialog d && d.isShowing()
                        && d.getTitle().equals("Replace " + name + "?")).map(JDialog.class::cast).findFirst()
                .orElse(null)), d -> d != null);
    }

    private static void click(JDialog dialog, String text) throws Exception {
        AbstractButton b = Edt.call(() -> buttonsOf(dialog).stream().filter(x -> text.equals(x.getText()))
                .findFirst().orElseThrow());
        Edt.clickUntil(b, () -> !dialog.isShowing());
    }

    private static List<String> buttons(JDialog dialog) throws Exception {
        return Edt.call(() -> buttonsOf(dialog).stream().map(AbstractButton::getText).toList());
    }

    private static List<AbstractButton> buttonsOf(java.awt.Container root) {
        List<AbstractButton> out = new java.util.ArrayList<>();
        for (java.awt.Component c : root.getComponents()) {
            if (c instanceof AbstractButton b) {
                out.add(b);
            } else if (c instanceof java.awt.Container inner) {
                out.addAll(buttonsOf(inner));
            }
        }
        return out;
    }

    /** A file list as a desktop's drag carries it. */
    private static Transferable fileList(List<File> files) {
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
}
