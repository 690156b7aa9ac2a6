package dev.lanshare.tray.swing;

import dev.lanshare.service.control.Protocol.Finding;
import java.awt.BorderLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javax.swing.BorderFactory;
import javax.swing.JEditorPane;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JTextArea;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;

/**
 * "Can't see someone?": the service's doctor in a window. Each finding says what was found and, when something is
 * wrong, why and what to do, as {@code lanshare doctor} prints it; a colleague's name (optional) adds the checks
 * of that machine: whether it answers, at which addresses, on which subnet.
 */
public final class DoctorWindow {
    private final JFrame frame = new JFrame("Can't see someone?");
    private final JTextField colleague = new JTextField(18);
    private final JEditorPane report = new JEditorPane("text/html", "");
    private final JTextArea status = Frames.statusText();
    private final Function<String, CompletableFuture<List<Finding>>> doctor;

    /** @param doctor asks the service's doctor, about a colleague too when the name is not blank */
    public DoctorWindow(Function<String, CompletableFuture<List<Finding>>> doctor) {
        this.doctor = doctor;
        colleague.setName("colleague");
        colleague.setToolTipText("A colleague's name as the Colleagues menu shows it, or an address");
        colleague.addActionListener(e -> check());
        report.setName("report");
        report.setEditable(false);
        report.putClientProperty(JEditorPane.HONOR_DISPLAY_PROPERTIES, Boolean.TRUE);
        status.setName("status");
        JPanel top = new JPanel(new BorderLayout(6, 6));
        top.setBorder(BorderFactory.createEmptyBorder(8, 8, 4, 8));
        top.add(new JLabel("<html>lanshare checks what keeps machines from seeing each other: the network, "
                + "the firewall, names. Name a colleague to check that machine too.</html>"), BorderLayout.NORTH);
        JPanel ask = new JPanel(new BorderLayout(6, 0));
        ask.add(new JLabel("Colleague (optional):"), BorderLayout.WEST);
        ask.add(colleague, BorderLayout.CENTER);
        ask.add(Frames.button("Check", this::check), BorderLayout.EAST);
        top.add(ask, BorderLayout.CENTER);
        Frames.layOut(frame, top, report, Frames.statusLine(status, null), 680, 520, JFrame.HIDE_ON_CLOSE);
    }

    public JFrame frame() {
        return frame;
    }

    /** Shows the window and runs the checks at once: whoever opens it wants the answer. */
    public void open() {
        if (Frames.bringUp(frame)) {
            check();
        }
    }

    /** Runs the doctor; the report and the last line change when it answers, on the UI thread. */
    CompletableFuture<List<Finding>> check() {
        status.setText("Checking… (this takes a few seconds)");
        return doctor.apply(colleague.getText()).whenComplete((found, failure) -> SwingUtilities.invokeLater(() -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                status.setText("Could not ask the lanshare service: " + cause.getMessage());
                return;
            }
            report.setText(html(found));
            report.setCaretPosition(0);
            status.setText(summary(found));
        }));
    }

    /** One line for the window's last line: how many problems and warnings, or that nothing is wrong. */
    static String summary(List<Finding> findings) {
        long problems = findings.stream().filter(f -> f.level() == Finding.Level.PROBLEM).count();
        long warnings = findings.stream().filter(f -> f.level() == Finding.Level.WARNING).count();
        if (problems == 0 && warnings == 0) {
            return "Nothing wrong found.";
        }
        List<String> parts = new ArrayList<>();
        if (problems > 0) {
            parts.add(problems + (problems == 1 ? " problem" : " problems"));
        }
        if (warnings > 0) {
            parts.add(warnings + (warnings == 1 ? " warning" : " warnings"));
        }
        return String.join(" and ", parts) + " found.";
    }

    static String html(List<Finding> findings) {
        StringBuilder out = new StringBuilder("<html><body style='margin:6px'>");
        for (Finding f : findings) {
            String colour = switch (f.level()) {
                case OK -> "#2e7d32";
                case WARNING -> "#b26a00";
                case PROBLEM -> "#c62828";
            };
            String word = switch (f.level()) {
                case OK -> "OK";
                case WARNING -> "Warning";
                case PROBLEM -> "Problem";
            };
            out.append("<p><b><font color='").append(colour).append("'>").append(word).append("</font></b> ")
                    .append(escape(f.found()));
            if (!f.cause().isEmpty()) {
                out.append("<br>&nbsp;&nbsp;&nbsp;Why: ").append(escape(f.cause()));
            }
            if (!f.action().isEmpty()) {
                out.append("<br>&nbsp;&nbsp;&nbsp;What to do: ").append(escape(f.action()));
            }
            out.append("</p>");
        }
        return out.append("</body></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

}
