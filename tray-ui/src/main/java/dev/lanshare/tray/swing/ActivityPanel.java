package dev.lanshare.tray.swing;

import java.awt.BorderLayout;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import javax.swing.JButton;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.SwingWorker;

/** The activity log (who opened, read and changed what), newest last; read off the Swing thread. */
final class ActivityPanel extends JPanel {
    static final int LINES = 500;
    private final Path log;
    private final JTextArea text = new JTextArea();

    ActivityPanel(Path log) {
        super(new BorderLayout(8, 8));
        this.log = log;
        text.setEditable(false);
        text.setFont(new Font(Font.MONOSPACED, Font.PLAIN, text.getFont().getSize()));
        text.setName("activity");
        add(new JScrollPane(text), BorderLayout.CENTER);
        JButton refresh = new JButton("Refresh");
        refresh.addActionListener(e -> reload());
        JPanel south = new JPanel(new BorderLayout());
        south.add(refresh, BorderLayout.WEST);
        add(south, BorderLayout.SOUTH);
    }

    void reload() {
        new SwingWorker<String, Void>() {
            @Override
            protected String doInBackground() throws IOException {
                if (!Files.exists(log)) {
                    return "Nothing has happened yet.";
                }
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                if (lines.isEmpty()) {
                    return "Nothing has happened yet.";
                }
                return String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
            }

            @Override
            protected void done() {
                try {
                    text.setText(get());
                } catch (InterruptedException | ExecutionException e) {
                    text.setText("The activity log could not be read: " + e.getCause().getMessage());
                }
                text.setCaretPosition(text.getDocument().getLength());
            }
        }.execute();
    }
}
