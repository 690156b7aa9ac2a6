package dev.lanshare.tray.swing;

import dev.lanshare.config.AtomicFiles;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.Transferable;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;
import javax.swing.TransferHandler;

/**
 * Drag and drop for the browse window, both ways. Files and folders dropped on the list are uploaded into the
 * folder shown (resumable, with progress). Rows dragged out are downloaded, as the drag starts, into a private
 * temporary folder; the desktop gets those files (as a file list, which AWT also offers as {@code text/uri-list})
 * once they are complete, so a drop waits for the copy. Big copies are better made with "Download…".
 */
final class FileTransfer extends TransferHandler {
    /** What a file manager that is not Java offers on Linux: {@code file://} URIs, one a line. */
    static final DataFlavor URI_LIST = uriList();
    /** How long a drop waits for the files dragged out to arrive. */
    static final long DROP_WAIT_SECONDS = 600;

    private boolean exporting; // Swing thread only
    private final Consumer<List<Path>> upload;
    private final Supplier<List<String>> selected;
    private final Function<List<String>, Future<List<Path>>> downloadForDrag;

    /**
     * @param upload          uploads the files and folders of one drop into the folder shown, on the window's own
     *                        thread, asking first about names already there
     * @param selected        the names of the selected rows, for a drag
     * @param downloadForDrag starts downloading those names into a temporary folder; their local paths
     */
    FileTransfer(Consumer<List<Path>> upload, Supplier<List<String>> selected,
            Function<List<String>, Future<List<Path>>> downloadForDrag) {
        this.upload = upload;
        this.selected = selected;
        this.downloadForDrag = downloadForDrag;
    }

    @Override
    public boolean canImport(TransferSupport support) {
        if (exporting) {
            return false; // rows dragged out and dropped back on the list would upload copies of themselves
        }
        boolean ok = support.isDataFlavorSupported(DataFlavor.javaFileListFlavor)
                || support.isDataFlavorSupported(URI_LIST);
        if (ok && support.isDrop() && (support.getSourceDropActions() & COPY) != 0) {
            support.setDropAction(COPY); // a drop copies: the dragged files stay where they are
        }
        return ok;
    }

    @Override
    public boolean importData(TransferSupport support) {
        if (!canImport(support)) {
            return false;
        }
        if (support.getTransferable() instanceof Downloaded rows) {
            // rows dragged from another browse window of this tray: their copy may still run, and waiting for it
            // here would hold every window of the tray until it ends (a drop is handled on the Swing thread)
            rows.whenCopied(paths -> SwingUtilities.invokeLater(() -> upload.accept(paths)));
            return true;
        }
        List<Path> dropped;
        try {
            dropped = dropped(support.getTransferable());
        } catch (UnsupportedFlavorException | IOException e) {
            return false;
        }
        if (dropped.isEmpty()) {
            return false;
        }
        upload.accept(dropped); // on the window's thread, after any copy before it
        return true;
    }

    /** The local files in a drop: a Java file list, else {@code file://} lines of a URI list. */
    static List<Path> dropped(Transferable t) throws UnsupportedFlavorException, IOException {
        List<Path> out = new ArrayList<>();
        if (t.isDataFlavorSupported(DataFlavor.javaFileListFlavor)) {
            for (Object f : (List<?>) t.getTransferData(DataFlavor.javaFileListFlavor)) {
                out.add(((File) f).toPath());
            }
            return out;
        }
        for (String line : String.valueOf(t.getTransferData(URI_LIST)).split("\\R")) {
            String s = line.strip();
            if (s.startsWith("file:")) {
                out.add(Path.of(URI.create(s)));
            }
        }
        return out;
    }

    @Override
    public int getSourceActions(JComponent c) {
        return COPY;
    }

    @Override
    protected Transferable createTransferable(JComponent c) {
        List<String> names = selected.get();
        if (names.isEmpty()) {
            return null;
        }
        exporting = true;
        return new Downloaded(downloadForDrag.apply(names));
    }

    @Override
    protected void exportDone(JComponent source, Transferable data, int action) {
        exporting = false;
    }

    /** Files being downloaded for a drag: handed over when complete. */
    static final class Downloaded implements Transferable {
        private final Future<List<Path>> copies;

        Downloaded(Future<List<Path>> copies) {
            this.copies = copies;
        }

        @Override
        public DataFlavor[] getTransferDataFlavors() {
            return new DataFlavor[] {DataFlavor.javaFileListFlavor, URI_LIST};
        }

        @Override
        public boolean isDataFlavorSupported(DataFlavor flavor) {
            return DataFlavor.javaFileListFlavor.equals(flavor) || URI_LIST.equals(flavor);
        }

        @Override
        public Object getTransferData(DataFlavor flavor) throws UnsupportedFlavorException, IOException {
            if (!isDataFlavorSupported(flavor)) {
                throw new UnsupportedFlavorException(flavor);
            }
            List<Path> paths = await();
            if (URI_LIST.equals(flavor)) {
                StringBuilder sb = new StringBuilder();
                paths.forEach(p -> sb.append(p.toUri()).append("\r\n")); // RFC 2483: CRLF
                return sb.toString();
            }
            return paths.stream().map(Path::toFile).toList();
        }

        /**
         * Hands the files to {@code then} once they are complete, on a thread of its own; a copy that failed hands
         * nothing (its window says why).
         */
        void whenCopied(java.util.function.Consumer<List<Path>> then) {
            Thread waiting = new Thread(() -> {
                try {
                    then.accept(await());
                } catch (IOException e) {
                    // the window that copied them says why
                }
            }, "lanshare-drop");
            waiting.setDaemon(true);
            waiting.start();
        }

        private List<Path> await() throws IOException {
            try {
                return copies.get(DROP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("the copy for the drop took longer than " + DROP_WAIT_SECONDS + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /**
     * Where files dragged out are downloaded: owner-only, made on first use, removed with the window. Owner-only by
     * its POSIX permissions where the file system has them; Windows has none (asking for them throws), and there the
     * user's own temporary folder, which holds it, is private already.
     */
    static final class DragFolder {
        private final boolean posix;
        private Path root;

        DragFolder() {
            this(AtomicFiles.isPosix());
        }

        /** @param posix the default file system has POSIX permissions */
        DragFolder(boolean posix) {
            this.posix = posix;
        }

        /** A new empty folder for one drag. */
        Path fresh() throws IOException {
            if (root == null) {
                root = posix ? Files.createTempDirectory("lanshare-drag-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                        : Files.createTempDirectory("lanshare-drag-");
            }
            return Files.createTempDirectory(root, "drag-");
        }

        void delete() {
            if (root == null) {
                return;
            }
            try (var walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // the system's temporary folder is cleaned anyway
            }
        }
    }

    private static DataFlavor uriList() {
        try {
            return new DataFlavor("text/uri-list;class=java.lang.String");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
