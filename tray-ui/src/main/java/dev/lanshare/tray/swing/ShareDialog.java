package dev.lanshare.tray.swing;

import dev.lanshare.config.SettingsValidator;
import dev.lanshare.config.Access;
import dev.lanshare.config.Share;
import dev.lanshare.tray.model.Shares;
import java.awt.Component;
import java.awt.GridLayout;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.swing.ButtonGroup;
import javax.swing.JCheckBox;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JRadioButton;
import javax.swing.JTextField;

/**
 * "Share a folder…": a folder chooser, then its name and who may open it; read-only unless the owner says so. A name
 * another folder's share has (shared or unticked) is refused here: the service would replace that share with this one.
 */
final class ShareDialog {
    private ShareDialog() {
    }

    /** @param known the shares the tray knows, shared and unticked, whose names are taken */
    static Optional<Share> ask(Component parent, List<Share> known) {
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Choose a folder to share");
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        if (chooser.showDialog(parent, "Choose") != JFileChooser.APPROVE_OPTION) {
            return Optional.empty();
        }
        return details(parent, chooser.getSelectedFile(), known);
    }

    static Optional<Share> details(Component parent, File folder, List<Share> known) {
        JTextField name = new JTextField(Shares.freeName(folder.getName(), folder.toPath(), known), 20);
        name.setName("share name");
        JRadioButton readOnly = new JRadioButton("Colleagues can only read", true);
        JRadioButton readWrite = new JRadioButton("Colleagues can change files");
        ButtonGroup group = new ButtonGroup();
        group.add(readOnly);
        group.add(readWrite);
        JCheckBox guests = new JCheckBox("Guests too (anyone on the network, no password; read only)");
        JPanel form = new JPanel(new GridLayout(0, 1, 4, 4));
        form.add(new JLabel("Share " + folder + " as:"));
        form.add(name);
        form.add(readOnly);
        form.add(readWrite);
        form.add(guests);
        while (JOptionPane.showConfirmDialog(parent, form, "Share a folder", JOptionPane.OK_CANCEL_OPTION,
                JOptionPane.PLAIN_MESSAGE) == JOptionPane.OK_OPTION) {
            String problem = problem(name.getText().trim(), folder, known);
            if (problem == null) {
                Access access = readWrite.isSelected() ? Access.WRITE : Access.READ;
                Share share = new Share(name.getText().trim(), folder.getAbsoluteFile().toPath(),
                        !readWrite.isSelected(), Map.of(Share.ACCOUNTS, access));
                return Optional.of(Shares.withGuests(share, guests.isSelected()));
            }
            JOptionPane.showMessageDialog(parent, problem, "Share a folder", JOptionPane.WARNING_MESSAGE);
        }
        return Optional.empty();
    }

    private static String problem(String name, File folder, List<Share> known) {
        String problem = SettingsValidator.shareNameProblem(name);
        if (problem != null) {
            return problem;
        }
        return Shares.takenBy(name, folder.toPath(), known).map(s -> "'" + s.name() + "' is already the name of "
                + s.folder() + "; choose another name for " + folder.getName()).orElse(null);
    }
}
