package dev.lanshare.tray.swing;

import java.awt.Component;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.swing.JOptionPane;

/**
 * Before files go up into a colleague's folder that already holds some of their names, asks, as a file manager does:
 * Replace, Skip or Cancel for each, with "Replace all" while more are to be asked about. Cancel copies nothing.
 */
final class ReplaceQuestion {
    private ReplaceQuestion() {
    }

    /**
     * What of {@code sources} to copy into {@code where} (the folder and colleague, in words), whose names already
     * there are {@code taken} (folders among them in {@code takenFolders}); empty after Cancel. On the Swing thread.
     */
    static Optional<List<Path>> ask(Component parent, List<Path> sources, Set<String> taken, Set<String> takenFolders,
            String where) {
        List<Path> out = new ArrayList<>();
        boolean all = false;
        List<Path> clashing = sources.stream().filter(s -> taken.contains(name(s))).toList();
        int left = clashing.size();
        for (Path s : sources) {
            if (!clashing.contains(s) || all) {
                out.add(s);
                continue;
            }
            String answer = ask(parent, name(s), takenFolders.contains(name(s)), where, --left > 0);
            switch (answer) {
                case "Replace all" -> {
                    all = true;
                    out.add(s);
                }
                case "Replace" -> out.add(s);
                case "Skip" -> { }
                default -> {
                    return Optional.empty(); // Cancel, or the question closed
                }
            }
        }
        return Optional.of(out);
    }

    private static String ask(Component parent, String name, boolean folder, String where, boolean more) {
        String text = folder
                ? "A folder named \u201c" + name + "\u201d is already in " + where + ".\nCopy into it? Its files with "
                        + "the same names as yours are replaced."
                : "A file named \u201c" + name + "\u201d is already in " + where + ".\nReplace it with yours?";
        String[] options = more ? new String[] {"Replace", "Replace all", "Skip", "Cancel"}
                : new String[] {"Replace", "Skip", "Cancel"};
        JOptionPane pane = new JOptionPane(Frames.plain(new javax.swing.JTextArea(text)),
                JOptionPane.QUESTION_MESSAGE, JOptionPane.DEFAULT_OPTION, null, options, "Cancel");
        javax.swing.JTextArea area = (javax.swing.JTextArea) pane.getMessage();
        area.setEditable(false);
        area.setOpaque(false);
        area.setFont(javax.swing.UIManager.getFont("Label.font"));
        javax.swing.JDialog dialog = pane.createDialog(parent, "Replace " + name + "?");
        // holds this browse window only: the tray's other windows, and their copies, go on meanwhile
        dialog.setModalityType(java.awt.Dialog.ModalityType.DOCUMENT_MODAL);
        dialog.setVisible(true); // modal: returns once answered
        dialog.dispose();
        return String.valueOf(pane.getValue());
    }

    private static String name(Path p) {
        return String.valueOf(p.getFileName());
    }
}
