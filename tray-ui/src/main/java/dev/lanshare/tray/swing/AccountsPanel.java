package dev.lanshare.tray.swing;

import dev.lanshare.config.SettingsValidator;
import dev.lanshare.service.control.Protocol.AccountInfo;
import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.model.TrayState;
import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.util.List;
import javax.swing.Box;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.table.DefaultTableModel;

/** The accounts colleagues log in with: add (password and/or public key), remove, set a password, add keys. */
final class AccountsPanel extends JPanel {
    private final TrayController controller;
    private final DefaultTableModel model = new DefaultTableModel(new Object[] {"Account", "Password", "Keys"}, 0) {
        @Override
        public boolean isCellEditable(int row, int column) {
            return false;
        }
    };
    private final JTable table = new JTable(model);
    private List<AccountInfo> accounts = List.of();

    AccountsPanel(TrayController controller) {
        super(new BorderLayout(8, 8));
        this.controller = controller;
        table.setName("accounts");
        add(new JScrollPane(table), BorderLayout.CENTER);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT, 0, 0));
        buttons.add(Frames.button("Add…", this::addAccount));
        buttons.add(Box.createHorizontalStrut(6));
        buttons.add(Frames.button("Set password…", () -> setPassword(selected())));
        buttons.add(Box.createHorizontalStrut(18)); // keys are their own group
        buttons.add(Frames.button("Add key…", this::addKey));
        buttons.add(Box.createHorizontalStrut(6));
        buttons.add(Frames.button("Remove key…", this::removeKey));
        buttons.add(Box.createHorizontalStrut(18));
        buttons.add(Frames.button("Remove", this::remove));
        int[] widths = {140, 90, 470};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        add(buttons, BorderLayout.SOUTH);
    }

    void update(TrayState state) {
        String keep = selected();
        accounts = state.accounts();
        model.setRowCount(0);
        for (AccountInfo a : accounts) {
            model.addRow(new Object[] {a.name(), a.password() ? "set" : "none", KeyDialog.summary(a.keys())});
        }
        for (int row = 0; row < model.getRowCount(); row++) {
            if (model.getValueAt(row, 0).equals(keep)) {
                table.setRowSelectionInterval(row, row); // a refresh does not lose what the owner chose
            }
        }
    }

    JTable table() {
        return table;
    }

    private String selected() {
        int row = table.getSelectedRow();
        return row < 0 ? null : (String) model.getValueAt(row, 0);
    }

    private void addAccount() {
        JTextField name = new JTextField(16);
        JPasswordField password = new JPasswordField(16);
        JTextField key = new JTextField(30);
        JPanel form = new JPanel(new GridLayout(0, 1, 4, 4));
        form.add(new JLabel("Name (lower case, as colleagues type it):"));
        form.add(name);
        form.add(new JLabel("Password (or leave empty and give a key):"));
        form.add(password);
        form.add(new JLabel("Public key (one line of id_ed25519.pub), optional:"));
        form.add(key);
        if (JOptionPane.showConfirmDialog(this, form, "Add an account", JOptionPane.OK_CANCEL_OPTION,
                JOptionPane.PLAIN_MESSAGE) != JOptionPane.OK_OPTION) {
            return;
        }
        String problem = SettingsValidator.accountNameProblem(name.getText().trim());
        if (problem != null) {
            JOptionPane.showMessageDialog(this, problem, "Add an account", JOptionPane.WARNING_MESSAGE);
            return;
        }
        List<String> keys = key.getText().isBlank() ? List.of() : List.of(key.getText().trim());
        controller.addAccount(name.getText().trim(), password.getPassword(), keys);
    }

    /** Asks for a new password of {@code who}; also the first-run note's button. */
    void setPassword(String who) {
        if (who == null) {
            say("Choose an account first.");
            return;
        }
        JPasswordField password = new JPasswordField(16);
        if (JOptionPane.showConfirmDialog(this, password, "New password for " + who, JOptionPane.OK_CANCEL_OPTION,
                JOptionPane.PLAIN_MESSAGE) == JOptionPane.OK_OPTION && password.getPassword().length > 0) {
            controller.setPassword(who, password.getPassword());
        }
    }

    private void addKey() {
        String who = selected();
        if (who == null) {
            say("Choose an account first.");
            return;
        }
        KeyDialog.ask(this, who).ifPresent(lines -> lines.forEach(line -> controller.addKey(who, line)));
    }

    private void removeKey() {
        String who = selected();
        List<String> keys = accounts.stream().filter(a -> a.name().equals(who)).findFirst()
                .map(AccountInfo::keys).orElse(List.of());
        if (who == null || keys.isEmpty()) {
            say(who == null ? "Choose an account first." : who + " has no key.");
            return;
        }
        KeyDialog.choose(this, who, keys).ifPresent(line -> controller.removeKey(who, line));
    }

    private void say(String text) {
        JOptionPane.showMessageDialog(this, text, "Accounts", JOptionPane.INFORMATION_MESSAGE);
    }

    private void remove() {
        String who = selected();
        if (who != null && JOptionPane.showConfirmDialog(this, "Remove " + who + "? They lose access to every share.",
                "Remove account", JOptionPane.OK_CANCEL_OPTION) == JOptionPane.OK_OPTION) {
            controller.removeAccount(who);
        }
    }
}
