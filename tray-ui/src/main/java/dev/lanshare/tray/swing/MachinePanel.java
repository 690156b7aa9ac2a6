package dev.lanshare.tray.swing;

import dev.lanshare.tray.Autostart;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.TrayPreferences;
import dev.lanshare.tray.model.TrayState;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.SwingWorker;

/**
 * "This machine": the name colleagues see (editable: the service announces the new one), port and host-key
 * fingerprint (to compare), start at login, and whether to hear when someone connects.
 */
final class MachinePanel extends JPanel {
    private final TrayController controller;
    private final JTextField name = new JTextField(30);
    private final JButton rename = new JButton("Rename");
    private final JTextField port = readOnlyField();
    private final JTextField fingerprint = readOnlyField();
    private String shownName = "";

    MachinePanel(TrayController controller, Optional<Autostart> autostart, TrayPreferences prefs) {
        super(new GridBagLayout());
        this.controller = controller;
        name.setName("machine name");
        rename.setName("Rename");
        name.addActionListener(e -> rename());
        rename.addActionListener(e -> rename());
        JPanel nameRow = new JPanel(new java.awt.BorderLayout(6, 0));
        nameRow.add(name, java.awt.BorderLayout.CENTER);
        nameRow.add(rename, java.awt.BorderLayout.EAST);
        row(0, "This machine's name", nameRow);
        JLabel hint = new JLabel("What colleagues see in their list and file manager. Empty: the computer's name.");
        hint.putClientProperty("FlatLaf.styleClass", "small");
        hint.setEnabled(false);
        add(hint, at(1, 1, false));
        row(2, "SFTP port", port);
        row(3, "Host-key fingerprint", fingerprint);
        JCheckBox login = new JCheckBox("Start lanshare's tray at login");
        login.setName("start at login");
        login.setEnabled(autostart.isPresent());
        autostart.ifPresent(a -> {
            inBackground(login, a::enabled, false); // may run a program (Windows' reg): off the Swing thread
            login.addActionListener(e -> inBackground(login, () -> {
                a.set(login.isSelected());
                return a.enabled();
            }, !login.isSelected()));
        });
        add(login, wide(4));
        JCheckBox sessions = new JCheckBox("Tell me when someone connects to my shares", prefs.notifySessions());
        sessions.setName("notify sessions");
        sessions.addActionListener(e -> inBackground(sessions, () -> {
            prefs.setNotifySessions(sessions.isSelected());
            return prefs.notifySessions();
        }, !sessions.isSelected()));
        add(sessions, wide(5));
        GridBagConstraints filler = at(0, 6, false);
        filler.weighty = 1;
        add(new JLabel(" "), filler);
    }

    /** On the Swing thread. The name is refreshed only while the owner is not changing it. */
    void update(TrayState state) {
        if (name.getText().equals(shownName) && !state.name().equals(shownName)) {
            name.setText(state.name());
        }
        shownName = state.name();
        name.setEnabled(state.running());
        rename.setEnabled(state.running());
        port.setText(state.port() == 0 ? "" : String.valueOf(state.port()));
        fingerprint.setText(state.fingerprint());
    }

    JTextField nameField() {
        return name;
    }

    private void rename() {
        String next = name.getText().strip();
        if (!next.equals(shownName)) {
            controller.setName(next);
        }
    }

    /** Saves (or reads) a tick off the Swing thread; the box then shows what is saved, or {@code before}. */
    private static void inBackground(JCheckBox box, Callable<Boolean> save, boolean before) {
        new SwingWorker<Boolean, Void>() {
            @Override
            protected Boolean doInBackground() throws Exception {
                return save.call();
            }

            @Override
            protected void done() {
                try {
                    box.setSelected(get());
                } catch (Exception e) {
                    box.setSelected(before);
                }
            }
        }.execute();
    }

    private void row(int y, String label, JComponent field) {
        add(new JLabel(label), at(0, y, false));
        add(field, at(1, y, true));
    }

    private static GridBagConstraints at(int x, int y, boolean fill) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = x;
        c.gridy = y;
        c.anchor = GridBagConstraints.WEST;
        c.insets = new Insets(4, 4, 4, 8);
        if (fill) {
            c.weightx = 1;
            c.fill = GridBagConstraints.HORIZONTAL;
        }
        return c;
    }

    private static GridBagConstraints wide(int y) {
        GridBagConstraints c = at(0, y, false);
        c.gridwidth = 2;
        return c;
    }

    private static JTextField readOnlyField() {
        JTextField f = new JTextField(40);
        f.setEditable(false); // selectable, so a fingerprint can be copied and compared
        return f;
    }
}
