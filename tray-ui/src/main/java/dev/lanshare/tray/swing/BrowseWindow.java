package dev.lanshare.tray.swing;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.Progress;
import dev.lanshare.service.peer.Transfers;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.SwingUtilities;

/**
 * A colleague's share as a file list, for desktops whose file manager does not speak sftp://. Every peer call
 * runs on this window's own thread (one connection, used by one thread); errors are shown in words.
 */
public final class BrowseWindow {
    private final JFrame frame;
    private final PeerTarget peer;
    private final PeerClient.Credentials credentials;
    private final AppDirs dirs;
    private final EntriesTableModel entries = new EntriesTableModel();
    private final JTable table = new JTable(entries);
    private final JLabel status = new JLabel(" ");
    private final JProgressBar progress = new JProgressBar();
    private final ExecutorService peerThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lanshare-browse");
        t.setDaemon(true);
        return t;
    });
    private PeerClient client; // peer thread only
    private String path;
    private volatile java.util.function.BiConsumer<String, String> onCopied = (title, text) -> { };

    public BrowseWindow(PeerTarget peer, String share, PeerClient.Credentials credentials, AppDirs dirs) {
        this.peer = peer;
        this.credentials = credentials;
        this.dirs = dirs;
        this.path = "/" + share;
        frame = new JFrame(share + " on " + peer.label());
        table.setName("files");
        table.setAutoCreateRowSorter(true);
        table.addMouseListener(new java.awt.event.MouseAdapter() {
            @Override
            public void mouseClicked(java.awt.event.MouseEvent e) {
                if (e.getClickCount() == 2) {
                    openSelected();
                }
            }
        });
        JPanel tools = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 6));
        tools.add(button("Up", this::up));
        tools.add(button("Refresh", this::refresh));
        tools.add(button("Download…", this::chooseAndDownload));
        tools.add(button("Upload…", this::chooseAndUpload));
        JPanel south = new JPanel(new BorderLayout(8, 0));
        south.setBorder(BorderFactory.createEmptyBorder(4, 8, 8, 8));
        south.add(status, BorderLayout.CENTER);
        progress.setVisible(false);
        south.add(progress, BorderLayout.EAST);
        frame.getContentPane().add(tools, BorderLayout.NORTH);
        frame.getContentPane().add(new JScrollPane(table), BorderLayout.CENTER);
        frame.getContentPane().add(south, BorderLayout.SOUTH);
        frame.setSize(640, 420);
        frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
        frame.addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosed(java.awt.event.WindowEvent e) {
                close();
            }
        });
    }

    private static JButton button(String label, Runnable r) {
        JButton b = new JButton(label);
        b.setName(label);
        b.addActionListener(e -> r.run());
        return b;
    }

    public JFrame frame() {
        return frame;
    }

    JTable table() {
        return table;
    }

    EntriesTableModel entries() {
        return entries;
    }

    String status() {
        return status.getText();
    }

    public void open() {
        frame.setLocationByPlatform(true);
        frame.setVisible(true);
        refresh();
    }

    void refresh() {
        String at = path;
        status.setText("Reading " + at + "…");
        peerThread.execute(() -> {
            try {
                List<PeerClient.Entry> list = client().list(at);
                SwingUtilities.invokeLater(() -> {
                    entries.set(list);
                    status.setText(at + ": " + list.size() + (list.size() == 1 ? " item" : " items"));
                });
            } catch (PeerException e) {
                say(e.getMessage());
            }
        });
    }

    private void openSelected() {
        int row = table.getSelectedRow();
        if (row >= 0) {
            PeerClient.Entry e = entries.at(table.convertRowIndexToModel(row));
            if (e.folder()) {
                path = path + "/" + e.name();
                refresh();
            }
        }
    }

    private void up() {
        int cut = path.lastIndexOf('/');
        if (cut > 0) {
            path = path.substring(0, cut);
            refresh();
        }
    }

    private void chooseAndDownload() {
        int row = table.getSelectedRow();
        if (row < 0) {
            status.setText("Choose a file or folder first.");
            return;
        }
        JFileChooser chooser = new JFileChooser(AppDirs.userHome().toFile());
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        chooser.setDialogTitle("Download to");
        if (chooser.showDialog(frame, "Download here") == JFileChooser.APPROVE_OPTION) {
            download(entries.at(table.convertRowIndexToModel(row)).name(), chooser.getSelectedFile().toPath());
        }
    }

    /** Copies {@code name} from the folder shown into {@code dest}, resumable, with progress. */
    Future<?> download(String name, Path dest) {
        String remote = path + "/" + name;
        return copy("Downloading " + name, name + " downloaded to " + dest, name,
                t -> t.download(remote, dest));
    }

    private void chooseAndUpload() {
        JFileChooser chooser = new JFileChooser(AppDirs.userHome().toFile());
        chooser.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
        chooser.setDialogTitle("Upload to " + path);
        if (chooser.showDialog(frame, "Upload") == JFileChooser.APPROVE_OPTION) {
            upload(chooser.getSelectedFile().toPath());
        }
    }

    /** Copies {@code source} (a file or folder) into the folder shown, resumable, then lists it again. */
    Future<?> upload(Path source) {
        String name = String.valueOf(source.getFileName());
        String remote = path;
        return copy("Uploading " + name, name + " uploaded to " + remote, name, t -> {
            t.upload(source, remote);
            SwingUtilities.invokeLater(this::refresh);
        });
    }

    /** One copy on the peer thread; how it ended goes to the status line and to {@link #onCopied}. */
    private Future<?> copy(String doing, String done, String name, Copy work) {
        status.setText(doing + "…");
        progress.setValue(0);
        progress.setVisible(true);
        return peerThread.submit(() -> {
            try {
                work.run(new Transfers(client(), Transfers.Options.DEFAULT, new Bar(name)));
                say(done);
                onCopied.accept("Copy finished", done);
            } catch (PeerException e) {
                say(e.getMessage());
                onCopied.accept("Copy failed", e.getMessage());
            }
        });
    }

    @FunctionalInterface
    private interface Copy {
        void run(Transfers transfers) throws PeerException;
    }

    /** Who hears that a copy finished or failed: the tray's notifications. */
    public void onCopied(java.util.function.BiConsumer<String, String> notifier) {
        this.onCopied = notifier;
    }

    /** Progress from the copying thread, shown on the Swing thread. */
    private final class Bar implements Progress {
        private final String name;
        private long total;
        private long done;

        Bar(String name) {
            this.name = name;
        }

        @Override
        public void started(long bytes, int files, long resumedBytes) {
            total = Math.max(1, bytes);
            done = resumedBytes;
        }

        @Override
        public void advanced(long bytes) {
            done += bytes;
            int percent = (int) (100 * done / total);
            SwingUtilities.invokeLater(() -> progress.setValue(percent));
        }

        @Override
        public void finished() {
            SwingUtilities.invokeLater(() -> progress.setVisible(false));
        }
    }

    private PeerClient client() throws PeerException {
        if (client == null) {
            client = PeerClient.open(peer, credentials, dirs);
        }
        return client;
    }

    private void say(String text) {
        SwingUtilities.invokeLater(() -> {
            status.setText(text);
            progress.setVisible(false);
        });
    }

    private void close() {
        peerThread.execute(() -> {
            if (client != null) {
                client.close();
            }
        });
        peerThread.shutdown();
    }
}
