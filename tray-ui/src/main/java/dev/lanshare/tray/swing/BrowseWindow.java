package dev.lanshare.tray.swing;

import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.Progress;
import dev.lanshare.service.peer.RememberedPasswords;
import dev.lanshare.service.peer.Copier;
import dev.lanshare.service.peer.Transfers;
import dev.lanshare.service.peer.TrustStore;
import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.tray.TrayWords;
import java.awt.FlowLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;

/**
 * A colleague's share as a file list, for desktops whose file manager does not speak sftp://. Every peer call
 * runs on this window's own thread (one connection, used by one thread); errors are shown in words.
 */
public final class BrowseWindow {
    private final JFrame frame;
    private final PeerTarget peer;
    private final AppDirs dirs;
    private final RememberedPasswords remembered;
    private final JLabel who = new JLabel();
    /** Shown while the colleague answers with another host key than the one remembered for it. */
    private final javax.swing.JButton trustNewKey = Frames.button(TRUST_NEW_KEY, this::askTrustNewKey);
    private volatile PeerClient.Credentials credentials;
    private final FileTransfer.DragFolder dragFolder = new FileTransfer.DragFolder(); // peer thread only
    private final EntriesTableModel entries = new EntriesTableModel();
    private final JTable table = entries.table();
    private final JTextArea status = Frames.statusText();
    private final JProgressBar progress = new JProgressBar();
    private final ExecutorService peerThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lanshare-browse");
        t.setDaemon(true);
        return t;
    });
    private int copies; // Swing thread only: copies asked for and not ended, whose line the status shows
    private PeerClient client; // peer thread only
    private String path;
    private volatile java.util.function.BiConsumer<String, String> onCopied = (title, text) -> { };

    public BrowseWindow(PeerTarget peer, String share, PeerClient.Credentials credentials, AppDirs dirs) {
        this.peer = peer;
        this.credentials = credentials;
        this.dirs = dirs;
        this.remembered = new RememberedPasswords(dirs.peerPasswords());
        this.path = "/" + share;
        frame = new JFrame(share + " on " + peer.label());
        table.setTransferHandler(new FileTransfer(this::upload, this::selectedNames, this::downloadForDrag));
        Frames.onOpen(table, this::openSelected);
        Frames.onKey(table, javax.swing.KeyStroke.getKeyStroke(java.awt.event.KeyEvent.VK_BACK_SPACE, 0), "up", this::up);
        Frames.onKey(table, javax.swing.KeyStroke.getKeyStroke(java.awt.event.KeyEvent.VK_UP,
                java.awt.event.InputEvent.ALT_DOWN_MASK), "up", this::up);
        JPanel tools = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 6));
        tools.add(Frames.button("Up", this::up));
        tools.add(Frames.button("Refresh", this::refresh));
        tools.add(Frames.button("Download…", this::chooseAndDownload));
        tools.add(Frames.button("Upload…", this::chooseAndUpload));
        tools.add(Frames.button("Log in as…", this::askLogin));
        who.setName("who");
        who.setEnabled(false);
        tools.add(who);
        showWho();
        progress.setVisible(false);
        // beside what the status line says: the offer of a changed host key, or a copy's progress
        trustNewKey.setVisible(false);
        JPanel east = new JPanel(new FlowLayout(FlowLayout.RIGHT, 0, 0));
        east.add(trustNewKey);
        east.add(progress);
        Frames.layOut(frame, tools, table, Frames.statusLine(status, east), 640, 420, JFrame.DISPOSE_ON_CLOSE);
        frame.addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosed(java.awt.event.WindowEvent e) {
                close();
            }
        });
    }

    /** A button named as it reads (tests find it by that name) that runs {@code r}. */
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

    String who() {
        return who.getText();
    }

    private void showWho() {
        who.setText(Account.GUEST.equals(credentials.user()) ? "as a guest" : "as " + credentials.user());
    }

    private void askLogin() {
        LoginDialog.ask(frame, peer, Account.GUEST.equals(credentials.user()) ? "" : credentials.user(), dirs)
                .ifPresent(l -> loginAs(l.credentials(), l.remember()));
    }

    /**
     * Logs in again as {@code next} and lists the folder; {@code remember} keeps the account and password for this
     * peer (owner-only file, the one {@code lanshare get --remember} uses) once they were accepted.
     */
    Future<?> loginAs(PeerClient.Credentials next, boolean remember) {
        status.setText("Logging in as " + next.user() + "…");
        return peerThread.submit(() -> {
            if (client != null) {
                client.close();
                client = null;
            }
            credentials = next;
            SwingUtilities.invokeLater(this::showWho);
            try {
                client();
                if (remember) {
                    remembered.remember(peer.trustId(), next);
                }
            } catch (PeerException e) {
                say(e.getMessage());
                return;
            } catch (IOException e) {
                say("Logged in, but the password could not be remembered: " + e.getMessage());
            }
            SwingUtilities.invokeLater(this::refresh);
        });
    }

    private void reselect(List<String> names) {
        for (String name : names) {
            int row = entries.rowOf(name);
            if (row >= 0) {
                int view = table.convertRowIndexToView(row);
                table.addRowSelectionInterval(view, view);
            }
        }
    }

    private List<String> selectedNames() {
        List<String> names = new java.util.ArrayList<>();
        for (int row : table.getSelectedRows()) {
            names.add(entries.at(table.convertRowIndexToModel(row)).name());
        }
        return names;
    }

    public void open() {
        frame.setLocationByPlatform(true);
        frame.setVisible(true);
        refresh();
    }

    /** Opens on {@code folder} ({@code /SHARE/PATH}) instead of the top of the share. */
    public void openAt(String folder) {
        path = folder;
        open();
    }

    /** Opens, logging in as {@code login}, which is remembered for this peer once accepted if asked. */
    public void openAs(PeerClient.Credentials login, boolean remember) {
        frame.setLocationByPlatform(true);
        frame.setVisible(true);
        loginAs(login, remember);
    }

    void refresh() {
        String at = path;
        status.setText("Reading " + at + "…");
        peerThread.execute(() -> {
            try {
                List<PeerClient.Entry> list = client().list(at);
                SwingUtilities.invokeLater(() -> {
                    List<String> chosen = selectedNames();
                    entries.setRows(list);
                    reselect(chosen); // a listing after a copy keeps what the owner had chosen
                    if (copies == 0) { // else the line says what is being copied, under its progress bar
                        status.setText(at + ": " + list.size() + (list.size() == 1 ? " item" : " items")
                                + ". Drop files here to upload them; drag rows out to copy them.");
                    }
                });
            } catch (PeerException e) {
                say(e.getMessage() + (Account.GUEST.equals(credentials.user()) && refused(e.getMessage())
                        ? " (to use an account: Log in as…)" : ""));
                keyChanged(e);
            }
        });
    }

    /** The button of a changed host key: what the command line does with {@code lanshare trust PEER --reset}. */
    static final String TRUST_NEW_KEY = "Trust the new key…";

    /** Shows {@link #trustNewKey} when {@code e} says the colleague's host key changed; from the peer thread. */
    private void keyChanged(PeerException e) {
        if (e instanceof PeerException.HostKeyChanged) {
            String why = TrayWords.of(e.getMessage());
            SwingUtilities.invokeLater(() -> {
                trustNewKey.putClientProperty("why", why);
                trustNewKey.setVisible(true);
            });
        }
    }

    /**
     * Asks whether to trust the colleague's new host key, saying both fingerprints and to check the new one with its
     * owner; if so, forgets the remembered key, and the next connection trusts the key the colleague announces (as
     * {@code lanshare trust PEER --reset} does) and remembers it.
     */
    private void askTrustNewKey() {
        String why = String.valueOf(trustNewKey.getClientProperty("why"));
        javax.swing.JTextArea text = Frames.statusText();
        text.setText(why);
        text.setColumns(48);
        text.setRows(6);
        Object[] options = {"Trust the new key", "Cancel"};
        int chosen = javax.swing.JOptionPane.showOptionDialog(frame, text, "Trust the new key of " + peer.label()
                + "?", javax.swing.JOptionPane.DEFAULT_OPTION, javax.swing.JOptionPane.WARNING_MESSAGE, null, options,
                options[1]);
        if (chosen != 0) {
            return;
        }
        trustNewKey.setVisible(false);
        status.setText("Forgetting the old key of " + peer.label() + "…");
        peerThread.execute(() -> {
            try {
                if (client != null) {
                    client.close();
                    client = null;
                }
                TrustStore.of(dirs).forget(peer.trustId());
            } catch (IOException e) {
                say("The old key could not be forgotten: " + e.getMessage());
                return;
            }
            SwingUtilities.invokeLater(this::refresh);
        });
    }

    /**
     * Whether the colleague refused the guest or hid what it asked for, which an account may open; not when the colleague
     * cannot be reached, or is not who it claims, which no login mends.
     */
    static boolean refused(String message) {
        return message.contains("permission denied") || message.contains("not found")
                || message.contains("not accepted") || message.contains("not let in");
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
        return copy("Downloading " + name, r -> name + " downloaded to " + dest, name, t -> {
            t.download(remote, dest);
            return null;
        });
    }

    private void chooseAndUpload() {
        JFileChooser chooser = new JFileChooser(AppDirs.userHome().toFile());
        chooser.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
        chooser.setDialogTitle("Upload to " + path);
        if (chooser.showDialog(frame, "Upload") == JFileChooser.APPROVE_OPTION) {
            upload(List.of(chooser.getSelectedFile().toPath()));
        }
    }

    /** Copies {@code source} (a file or folder) into the folder shown, as {@link #upload(List)} does. */
    CompletableFuture<Void> upload(Path source) {
        return upload(List.of(source));
    }

    /**
     * Copies {@code sources} (files and folders dropped or chosen here) into the folder shown, resumable, then lists
     * it again. Names already there are asked about first ({@link ReplaceQuestion}); what cannot be copied (pipes,
     * sockets, links to nothing) is left out and named, with the rest, in one line when the copy ends. The folder is
     * looked at on the peer thread, the question asked on the Swing thread; the future ends with the copy.
     */
    CompletableFuture<Void> upload(List<Path> sources) {
        if (sources.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String remote = path;
        CompletableFuture<Void> ended = new CompletableFuture<>();
        copies++; // from now: a listing that ends meanwhile leaves the status line to the copy
        showCopying("Uploading " + label(sources));
        peerThread.execute(() -> {
            List<PeerClient.Entry> there;
            try {
                there = client().list(remote);
            } catch (PeerException e) {
                tell("Copy failed", e.getMessage());
                SwingUtilities.invokeLater(() -> copies--);
                ended.completeExceptionally(e);
                return;
            }
            SwingUtilities.invokeLater(() -> {
                copies--; // copy() counts it again, or it ends here
                askThenUpload(sources, remote, there, ended);
            });
        });
        return ended;
    }

    private void askThenUpload(List<Path> sources, String remote, List<PeerClient.Entry> there,
            CompletableFuture<Void> ended) {
        if (peerThread.isShutdown()) { // the window closed meanwhile: nothing to ask about
            ended.complete(null);
            return;
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        java.util.Set<String> takenFolders = new java.util.HashSet<>();
        there.forEach(e -> (e.folder() ? takenFolders : taken).add(e.name()));
        taken.addAll(takenFolders);
        java.util.Optional<List<Path>> chosen = ReplaceQuestion.ask(frame, sources, taken, takenFolders,
                remote + " on " + peer.label());
        if (chosen.isEmpty() || chosen.get().isEmpty()) {
            progress.setVisible(false);
            status.setText("Nothing copied" + (chosen.isEmpty() ? ": cancelled." : ": every name was skipped."));
            ended.complete(null);
            return;
        }
        List<Path> go = chosen.get();
        String label = label(go);
        copy("Uploading " + label, said -> said, label, t -> {
            List<Path> sent = new java.util.ArrayList<>();
            List<String> leftOut = new java.util.ArrayList<>();
            for (Path source : go) {
                LeftOut out = uploadOne(t, source, remote);
                if (out.top() == null) {
                    sent.add(source);
                }
                leftOut.addAll(out.named(String.valueOf(source.getFileName())));
            }
            SwingUtilities.invokeLater(this::refresh);
            return (sent.isEmpty() ? "Nothing copied" : label(sent) + " uploaded to " + remote)
                    + (leftOut.isEmpty() ? "" : "; " + leftOut.size() + (leftOut.size() == 1 ? " item" : " items")
                    + " left out, as only files and folders are copied: " + String.join(", ", leftOut));
        }).whenComplete((r, e) -> {
            if (e == null) {
                ended.complete(null);
            } else {
                ended.completeExceptionally(e);
            }
        });
    }

    /** "plan.dwg", or "plan.dwg and 2 more". */
    private static String label(List<Path> items) {
        String first = String.valueOf(items.get(0).getFileName());
        return items.size() == 1 ? first : first + " and " + (items.size() - 1) + " more";
    }

    /** Uploads one dropped item, leaving out what cannot be copied, which it returns. */
    private static LeftOut uploadOne(Copier t, Path source, String remote) throws PeerException, IOException {
        LeftOut out = LeftOut.of(source);
        if (out.top() == null) {
            try {
                t.upload(source, remote);
            } catch (PeerException e) {
                if (!out.explains(e.getMessage())) {
                    throw e;
                }
            }
        }
        return out;
    }

    /**
     * Downloads {@code names} (files or folders of the folder shown) into a fresh private temporary folder, for a
     * drag to the desktop; the future holds their local paths.
     */
    Future<List<Path>> downloadForDrag(List<String> names) {
        String from = path;
        String label = names.size() == 1 ? names.get(0) : names.size() + " items";
        return copy("Copying " + label + " for the drop", r -> label + " copied for the drop", label, t -> {
            Path into = dragFolder.fresh();
            List<Path> out = new java.util.ArrayList<>();
            for (String name : names) {
                // a name no file can have, as a hostile machine may list (../../.bashrc), would hand the desktop a
                // path outside this folder: a file of the user's, dropped or moved where the drag ends
                if (!Transfers.fileName(name)) {
                    continue;
                }
                t.download(from + "/" + name, into);
                out.add(into.resolve(name));
            }
            return out;
        });
    }

    /**
     * One copy on the peer thread; how it ended ({@code done} of its result) goes to the status line and to {@link
     * #onCopied}.
     */
    private <T> CompletableFuture<T> copy(String doing, java.util.function.Function<T, String> done, String name,
            Copy<T> work) {
        copies++;
        showCopying(doing);
        CompletableFuture<T> ended = new CompletableFuture<>();
        peerThread.execute(() -> {
            SwingUtilities.invokeLater(() -> showCopying(doing)); // one dropped after another: now this one
            try {
                T result = work.run(copier(new Bar(name)));
                String said = done.apply(result);
                tell("Copy finished", said);
                ended.complete(result);
            } catch (PeerException | IOException e) {
                tell("Copy failed", e.getMessage());
                ended.completeExceptionally(e);
            } catch (RuntimeException e) {
                // a file system that cannot do what was asked (a name Windows does not allow, a read-only one), or
                // a bug: said all the same, else the status line would keep saying "Copying…" with the bar up
                String why = name + " could not be copied: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                tell("Copy failed", why);
                ended.completeExceptionally(e);
            } finally {
                SwingUtilities.invokeLater(() -> copies--);
            }
        });
        return ended;
    }

    private void showCopying(String doing) {
        status.setText(doing + "…");
        progress.setValue(0);
        progress.setVisible(true);
    }

    @FunctionalInterface
    private interface Copy<T> {
        T run(Copier copier) throws PeerException, IOException;
    }

    /**
     * Who makes a copy: the running service when there is one (on the connection it keeps to this colleague for
     * the command line and the gateway too, its code warm), else this window's own connection.
     */
    private Copier copier(Progress bar) throws PeerException {
        java.util.Optional<Copier> service = ServiceClient.copier(dirs, peer.trustId(), credentials,
                Transfers.Options.DEFAULT, bar);
        return service.isPresent() ? service.get() : new Transfers(client(), Transfers.Options.DEFAULT, bar);
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

    /** How a copy ended: on the status line and in the tray's notice, in the tray's words ({@link TrayWords}). */
    private void tell(String title, String text) {
        say(text);
        onCopied.accept(title, TrayWords.of(text));
    }

    /** {@code text} on the status line, in the tray's words ({@link TrayWords}); from any thread. */
    private void say(String text) {
        String shown = TrayWords.of(text);
        SwingUtilities.invokeLater(() -> {
            status.setText(shown);
            progress.setVisible(false);
        });
    }

    private void close() {
        peerThread.execute(() -> {
            if (client != null) {
                client.close();
            }
            dragFolder.delete(); // the desktop copied the dragged files where they were dropped
        });
        peerThread.shutdown();
    }

}
