package dev.lanshare.tray.swing;

import dev.lanshare.tray.Autostart;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.TrayPreferences;
import dev.lanshare.tray.model.TrayState;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.util.Optional;
import javax.swing.BorderFactory;
import javax.swing.DefaultCellEditor;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.UIManager;

/**
 * Settings: shared folders (tick to share), accounts, this machine, the activity log. Shows the state the
 * controller hands it and changes things only through the controller, so no file or network work runs here.
 */
public final class SettingsWindow {
    private final JFrame frame = new JFrame("lanshare settings");
    private final TrayController controller;
    private final SharesTableModel shares;
    private final JTable table;
    private final AccountsPanel accounts;
    private final ActivityPanel activity;
    private final MachinePanel machine;
    private final FirstRunNote firstRun;
    private final JTabbedPane tabs = new JTabbedPane();
    private final JTextArea status = Frames.statusText();
    private final JButton shareFolder = new JButton("Share a folder…");

    public SettingsWindow(TrayController controller, Optional<Autostart> autostart, TrayPreferences prefs,
            Runnable shareFolder) {
        this.controller = controller;
        this.shares = new SharesTableModel(controller);
        this.table = sharesTable(shares);
        this.accounts = new AccountsPanel(controller);
        this.activity = new ActivityPanel(controller.dirs().activityLog());
        this.machine = new MachinePanel(controller, autostart, prefs);
        this.firstRun = new FirstRunNote(accounts::setPassword);
        tabs.addTab("Shared folders", foldersTab(shareFolder));
        tabs.addTab("Accounts", padded(accounts));
        tabs.addTab("This machine", padded(machine));
        tabs.addTab("Activity", padded(activity));
        tabs.addChangeListener(e -> {
            if (tabs.getSelectedComponent() != null && tabs.getSelectedIndex() == 3) {
                activity.reload();
            }
        });
        status.setBorder(BorderFactory.createEmptyBorder(4, 12, 8, 12));
        frame.getContentPane().add(firstRun, BorderLayout.NORTH);
        frame.getContentPane().add(tabs, BorderLayout.CENTER);
        frame.getContentPane().add(status, BorderLayout.SOUTH);
        frame.setSize(820, 480);
        frame.setDefaultCloseOperation(JFrame.HIDE_ON_CLOSE);
    }

    public JFrame frame() {
        return frame;
    }

    JTable sharesTable() {
        return table;
    }

    SharesTableModel sharesModel() {
        return shares;
    }

    JTabbedPane tabs() {
        return tabs;
    }

    MachinePanel machine() {
        return machine;
    }

    AccountsPanel accounts() {
        return accounts;
    }

    FirstRunNote firstRunNote() {
        return firstRun;
    }

    public void open() {
        update(controller.state());
        if (!frame.isVisible()) {
            frame.setLocationRelativeTo(null);
        }
        frame.setVisible(true);
        frame.toFront();
    }

    /** On the Swing thread. */
    public void update(TrayState state) {
        shares.update(state);
        accounts.update(state);
        machine.update(state);
        firstRun.update(state);
        // only the running service can share it: the folder chosen would be lost with "lanshare is not running"
        shareFolder.setEnabled(state.running());
        String text = state.problem().isEmpty() ? state.summary() : state.problem();
        status.setText(state.running() ? text : "lanshare is not running: start it from the tray's menu to change "
                + "what is shared. " + state.problem());
        status.setForeground(state.problem().isEmpty() && state.running() ? UIManager.getColor("Label.foreground")
                : new Color(0xCF222E));
    }

    private JPanel foldersTab(Runnable shareFolder) {
        JPanel p = new JPanel(new BorderLayout(8, 8));
        p.add(new JScrollPane(table), BorderLayout.CENTER);
        this.shareFolder.setName("Share a folder…");
        this.shareFolder.addActionListener(e -> shareFolder.run());
        JPanel south = new JPanel(new FlowLayout(FlowLayout.LEFT, 0, 0));
        south.add(this.shareFolder);
        p.add(south, BorderLayout.SOUTH);
        return padded(p);
    }

    private static JTable sharesTable(SharesTableModel model) {
        JTable t = new JTable(model);
        t.setName("shares");
        t.setRowHeight(Math.max(t.getRowHeight(), 26));
        t.getColumnModel().getColumn(SharesTableModel.ACCESS).setCellEditor(new DefaultCellEditor(
                new JComboBox<>(new String[] {SharesTableModel.READ_ONLY, SharesTableModel.READ_WRITE})));
        int[] widths = {60, 120, 260, 120, 60, 140};
        for (int i = 0; i < widths.length; i++) {
            t.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        t.putClientProperty("terminateEditOnFocusLost", Boolean.TRUE);
        return t;
    }

    private static JPanel padded(java.awt.Component c) {
        JPanel p = new JPanel(new BorderLayout());
        p.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
        p.add(c, BorderLayout.CENTER);
        return p;
    }
}
