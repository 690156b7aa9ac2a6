package dev.lanshare.tray.swing;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.Progress;
import dev.lanshare.service.peer.SearchAll;
import dev.lanshare.service.control.ServiceClient;
import dev.lanshare.service.peer.Copier;
import dev.lanshare.service.peer.Transfers;
import dev.lanshare.service.search.Match;
import dev.lanshare.service.search.SearchRequest;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.nio.file.Path;
import java.text.DateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.table.DefaultTableCellRenderer;

/**
 * Searches every colleague's shares at once ({@link SearchAll}, as {@code lanshare find} does): words, a file
 * type, an age and a size; results appear as each colleague answers, and the last line says who did not. A double
 * click opens the result's folder in a browse window; "Download…" copies it here.
 */
public final class SearchWindow {
    static final Duration WAIT = Duration.ofSeconds(3);
    private static final String[] AGES = {"any time", "last day", "last 7 days", "last 30 days"};
    private static final long[] AGE_DAYS = {0, 1, 7, 30};
    private static final String[] SIZES = {"any size", "over 1 MB", "over 10 MB", "over 100 MB"};
    private static final long[] SIZE_BYTES = {0, 1L << 20, 10L << 20, 100L << 20};

    /** Opens a browse window on a colleague's folder ({@code /SHARE/PATH}), logged in as {@code login}. */
    @FunctionalInterface
    public interface Browser {
        void open(PeerTarget peer, String folder, PeerClient.Credentials login);
    }

    /** One row: a match and the colleague that has it. */
    record Result(PeerTarget peer, Match match) {
    }

    private final JFrame frame = new JFrame("Search everyone's shares");
    private final JTextField words = new JTextField(16);
    private final JTextField type = new JTextField(5);
    private final JComboBox<String> age = new JComboBox<>(AGES);
    private final JComboBox<String> size = new JComboBox<>(SIZES);
    private final ResultsModel results = new ResultsModel();
    private final JTable table = new JTable(results);
    private final JTextArea status = Frames.statusText();
    private final AppDirs dirs;
    private final Supplier<List<PeerTarget>> colleagues;
    private final Browser browse;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lanshare-search");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param colleagues who to ask, read when a search starts
     * @param browse     opens a browse window, on the UI thread
     */
    public SearchWindow(AppDirs dirs, Supplier<List<PeerTarget>> colleagues, Browser browse) {
        this.dirs = dirs;
        this.colleagues = colleagues;
        this.browse = browse;
        words.setName("words");
        type.setName("type");
        type.setToolTipText("Only files ending in this, for example dwg");
        age.setName("age");
        size.setName("size");
        table.setName("results");
        table.setAutoCreateRowSorter(true);
        table.setFillsViewportHeight(true);
        int[] widths = {120, 360, 90, 150};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        DefaultTableCellRenderer right = new DefaultTableCellRenderer();
        right.setHorizontalAlignment(SwingConstants.RIGHT);
        table.getColumnModel().getColumn(2).setCellRenderer(right);
        Frames.plainCells(table); // colleagues' names and their files'
        Frames.onOpen(table, this::openSelected);
        words.addActionListener(e -> search());
        JPanel filters = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        filters.add(new JLabel("Type:"));
        filters.add(type);
        filters.add(age);
        filters.add(size);
        filters.add(Frames.button("Search", this::search));
        JPanel query = new JPanel(new BorderLayout(6, 0)); // the words take what room the filters leave
        query.setBorder(BorderFactory.createEmptyBorder(6, 8, 6, 2));
        query.add(new JLabel("Name:"), BorderLayout.WEST);
        query.add(words, BorderLayout.CENTER);
        query.add(filters, BorderLayout.EAST);
        status.setName("status");
        Frames.layOut(frame, query, table, Frames.statusLine(status, Frames.button("Download…",
                this::chooseAndDownload)), 820, 460, JFrame.HIDE_ON_CLOSE);
    }

    public JFrame frame() {
        return frame;
    }

    public void open() {
        Frames.bringUp(frame);
        words.requestFocusInWindow();
    }

    /** Asks every colleague what the fields say; the table fills as answers arrive. */
    Future<?> search() {
        SearchRequest request;
        try {
            request = request();
            SearchRequest.parse(request.toJson()); // the limits every colleague checks, said here first
        } catch (SearchRequest.BadRequest e) {
            status.setText(e.getMessage());
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        List<PeerTarget> peers = colleagues.get();
        results.setRows(List.of());
        if (peers.isEmpty()) {
            status.setText("No colleagues are on the network yet.");
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        status.setText("Asking " + peers.size() + (peers.size() == 1 ? " colleague…" : " colleagues…"));
        return worker.submit(() -> {
            List<String> failed = new ArrayList<>();
            SearchAll.Outcome outcome = SearchAll.ask(dirs, peers, request, WAIT, a -> {
                List<Result> rows = a.matches().stream().map(m -> new Result(a.peer(), m)).toList();
                if (a.error() != null) {
                    failed.add(a.peer().label() + " (" + a.error() + ")");
                }
                SwingUtilities.invokeLater(() -> results.add(rows));
            });
            String summary = summary(outcome, failed);
            SwingUtilities.invokeLater(() -> status.setText(results.getRowCount() + " found. " + summary));
            return null;
        });
    }

    private SearchRequest request() {
        String t = type.getText().strip();
        long days = AGE_DAYS[age.getSelectedIndex()];
        long bytes = SIZE_BYTES[size.getSelectedIndex()];
        return new SearchRequest(words.getText().strip(), t.isEmpty() ? null : t.replaceFirst("^\\*?\\.", ""),
                days == 0 ? null : System.currentTimeMillis() - Duration.ofDays(days).toMillis(),
                bytes == 0 ? null : bytes, 0, SearchRequest.MAX_PAGE_SIZE);
    }

    private static String summary(SearchAll.Outcome outcome, List<String> failed) {
        List<String> parts = new ArrayList<>();
        if (!outcome.silent().isEmpty()) {
            parts.add("Did not answer within " + WAIT.toSeconds() + " s: "
                    + String.join(", ", outcome.silent().stream().map(PeerTarget::label).toList()) + ".");
        }
        if (!failed.isEmpty()) {
            parts.add("Could not search: " + String.join(", ", failed) + ".");
        }
        return parts.isEmpty() ? "Every colleague answered." : String.join(" ", parts);
    }

    private Result selected() {
        int row = table.getSelectedRow();
        return row < 0 ? null : results.at(table.convertRowIndexToModel(row));
    }

    /** A folder opens in a browse window; a file opens its folder there. */
    private void openSelected() {
        Result r = selected();
        if (r != null) {
            String path = r.match().path();
            String folder = r.match().folder() ? path : path.substring(0, path.lastIndexOf('/'));
            worker.execute(() -> { // the remembered passwords are a file: read off the UI thread
                PeerClient.Credentials login = SearchAll.loginFor(dirs, r.peer());
                SwingUtilities.invokeLater(() -> browse.open(r.peer(), folder, login));
            });
        }
    }

    private void chooseAndDownload() {
        Result r = selected();
        if (r == null) {
            status.setText("Choose a result first.");
            return;
        }
        JFileChooser chooser = new JFileChooser(AppDirs.userHome().toFile());
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        chooser.setDialogTitle("Download to");
        if (chooser.showDialog(frame, "Download here") == JFileChooser.APPROVE_OPTION) {
            download(r, chooser.getSelectedFile().toPath());
        }
    }

    /** Copies a result into {@code dest}, as the browse window does: resumable, under its part name until whole. */
    Future<?> download(Result r, Path dest) {
        String name = r.match().path().substring(r.match().path().lastIndexOf('/') + 1);
        status.setText("Downloading " + name + "…");
        return worker.submit(() -> {
            try {
                PeerClient.Credentials who = SearchAll.loginFor(dirs, r.peer());
                // the running service copies it on the connection it keeps to that colleague, else a new one here
                java.util.Optional<Copier> service = ServiceClient.copier(dirs, r.peer().trustId(), who,
                        Transfers.Options.DEFAULT, Progress.NONE);
                if (service.isPresent()) {
                    service.get().download(r.match().path(), dest);
                } else {
                    try (PeerClient client = PeerClient.open(r.peer(), who, dirs)) {
                        new Transfers(client, Transfers.Options.DEFAULT, Progress.NONE).download(r.match().path(),
                                dest);
                    }
                }
                say(name + " downloaded to " + dest);
            } catch (PeerException e) {
                say(e.getMessage());
                throw e;
            }
            return null;
        });
    }

    /** {@code text} on the status line, in the tray's words ({@link dev.lanshare.tray.TrayWords}). */
    private void say(String text) {
        String shown = dev.lanshare.tray.TrayWords.of(text);
        SwingUtilities.invokeLater(() -> status.setText(shown));
    }

    String status() {
        return status.getText();
    }

    JTable table() {
        return table;
    }

    ResultsModel results() {
        return results;
    }

    JTextField words() {
        return words;
    }

    /** Peer, address ({@code /SHARE/PATH}), size and time of each result, newest first within each colleague. */
    static final class ResultsModel extends RowsTableModel<Result> {
        ResultsModel() {
            super("Colleague", "Where", "Size", "Modified");
        }

        void add(List<Result> more) {
            List<Result> all = new ArrayList<>(rows());
            all.addAll(more);
            setRows(all);
        }

        @Override
        public Object getValueAt(int row, int column) {
            Result r = at(row);
            return switch (column) {
                case 0 -> r.peer().label();
                case 1 -> r.match().folder() ? r.match().path() + "/" : r.match().path();
                case 2 -> r.match().folder() ? "" : EntriesTableModel.size(r.match().size());
                default -> DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT)
                        .format(new Date(r.match().modified()));
            };
        }
    }
}
