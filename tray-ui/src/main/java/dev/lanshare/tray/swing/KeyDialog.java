package dev.lanshare.tray.swing;

import dev.lanshare.service.keys.KeyLineException;
import dev.lanshare.service.keys.PublicKeyLine;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Font;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.SwingWorker;
import javax.swing.filechooser.FileNameExtensionFilter;

/**
 * Adding a public key to an account (pasted, or read from a {@code .pub} file) and choosing one to remove. Keys
 * are checked with the parser the service's logins use before they are sent, so a mistake is said at once.
 */
final class KeyDialog {
    private KeyDialog() {
    }

    /** The key lines to add to {@code account}, each checked; empty when cancelled. */
    static Optional<List<String>> ask(Component parent, String account) {
        JTextArea text = new JTextArea(4, 52);
        text.setLineWrap(true);
        text.setFont(new Font(Font.MONOSPACED, Font.PLAIN, text.getFont().getSize()));
        JButton fromFile = new JButton("From a .pub file…");
        fromFile.addActionListener(e -> readInto(text));
        JPanel form = new JPanel(new BorderLayout(6, 6));
        form.add(new JLabel("<html>A public key for " + account + ": the one line of their <tt>id_ed25519.pub</tt>"
                + " (or of another .pub file). Never the private key.</html>"), BorderLayout.NORTH);
        form.add(new JScrollPane(text), BorderLayout.CENTER);
        JPanel south = new JPanel(new BorderLayout());
        south.add(fromFile, BorderLayout.WEST);
        form.add(south, BorderLayout.SOUTH);
        while (JOptionPane.showConfirmDialog(parent, form, "Add a key to " + account, JOptionPane.OK_CANCEL_OPTION,
                JOptionPane.PLAIN_MESSAGE) == JOptionPane.OK_OPTION) {
            try {
                return Optional.of(lines(text.getText()));
            } catch (KeyLineException e) {
                JOptionPane.showMessageDialog(parent, Frames.plainLabel(e.getMessage()), "Add a key",
                        JOptionPane.WARNING_MESSAGE);
            }
        }
        return Optional.empty();
    }

    /**
     * The checked key lines in {@code text}: one per non-empty line, or PuTTYgen's SSH2 blocks, or a line a mail
     * wrapped or spaced with tabs ({@link PublicKeyLine#allIn}); a refusal in the tray's words, not the parser's.
     */
    static List<String> lines(String text) throws KeyLineException {
        List<String> out;
        try {
            out = PublicKeyLine.allIn(text).stream().map(PublicKeyLine::line).toList();
        } catch (KeyLineException e) {
            throw new KeyLineException(plain(e.getMessage()));
        }
        if (out.isEmpty()) {
            throw new KeyLineException("paste the key's line, or read it from the .pub file");
        }
        return out;
    }

    /** What the parser of the SSH library adds to a refusal, in its own words ("Bad format (...)"). */
    private static final String LIBRARY = " is not a public key this server can use (";

    /** {@code refusal} without the SSH library's words, saying what to do instead. */
    static String plain(String refusal) {
        int cut = refusal.indexOf(LIBRARY);
        return cut < 0 ? refusal : refusal.substring(0, cut) + " is not a whole public key: copy the one line of the "
                + ".pub file again (it begins with ssh-ed25519, ssh-rsa or ecdsa-sha2-)";
    }

    /** Reads a chosen .pub file into {@code text}, off the Swing thread. */
    private static void readInto(JTextArea text) {
        JFileChooser chooser = new JFileChooser(Path.of(System.getProperty("user.home"), ".ssh").toFile());
        chooser.setFileFilter(new FileNameExtensionFilter("Public keys (.pub)", "pub"));
        if (chooser.showOpenDialog(text) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path file = chooser.getSelectedFile().toPath();
        new SwingWorker<String, Void>() {
            @Override
            protected String doInBackground() throws Exception {
                return Files.size(file) > 64 * 1024 ? "" : Files.readString(file, StandardCharsets.UTF_8);
            }

            @Override
            protected void done() {
                try {
                    text.setText(get().strip());
                } catch (InterruptedException | ExecutionException e) {
                    text.setText("");
                }
            }
        }.execute();
    }

    /** Which of {@code keys} to remove from {@code account}; empty when cancelled. */
    static Optional<String> choose(Component parent, String account, List<String> keys) {
        JComboBox<String> which = new JComboBox<>(keys.stream().map(KeyDialog::describe).toArray(String[]::new));
        int answer = JOptionPane.showConfirmDialog(parent, which, "Remove a key of " + account,
                JOptionPane.OK_CANCEL_OPTION, JOptionPane.PLAIN_MESSAGE);
        return answer == JOptionPane.OK_OPTION ? Optional.of(keys.get(which.getSelectedIndex())) : Optional.empty();
    }

    /** {@code ben@laptop (ssh-ed25519, SHA256:...)}: how a key is named to the owner. */
    static String describe(String line) {
        try {
            PublicKeyLine k = PublicKeyLine.parse(line);
            return (k.comment().isEmpty() ? "" : k.comment() + " ") + "(" + k.type() + ", " + k.fingerprint() + ")";
        } catch (KeyLineException e) {
            return line.length() > 40 ? line.substring(0, 40) + "…" : line;
        }
    }

    /** For the accounts table: how many keys, and whose ("2: ben@laptop, ben@desk"). */
    static String summary(List<String> keys) {
        if (keys.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        for (String line : keys) {
            try {
                String comment = PublicKeyLine.parse(line).comment();
                names.add(comment.isEmpty() ? "no comment" : comment);
            } catch (KeyLineException e) {
                names.add("unreadable");
            }
        }
        return keys.size() + ": " + String.join(", ", names);
    }
}
