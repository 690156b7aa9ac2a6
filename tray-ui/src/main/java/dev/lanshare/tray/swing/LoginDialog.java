package dev.lanshare.tray.swing;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerTarget;
import java.awt.Component;
import java.awt.GridLayout;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JTextField;
import javax.swing.SwingWorker;

/**
 * "Log in to a colleague's share as": an account and its password, or no password to use this machine's key
 * (the colleague adds it to the account; the button copies it), and whether to remember them for that peer.
 */
final class LoginDialog {
    /** What the owner chose. */
    record Login(PeerClient.Credentials credentials, boolean remember) {
    }

    private LoginDialog() {
    }

    /** On the Swing thread; empty when cancelled. */
    static Optional<Login> ask(Component parent, PeerTarget peer, String account, AppDirs dirs) {
        JTextField name = new JTextField(account, 20);
        JPasswordField password = new JPasswordField(20);
        JCheckBox remember = new JCheckBox("Remember on this computer (in a file only you can read)");
        name.setName("account");
        password.setName("password");
        remember.setName("remember");
        JButton copyKey = new JButton("Copy the key");
        copyKey.addActionListener(e -> copyClientKey(copyKey, dirs));
        JPanel form = new JPanel(new GridLayout(0, 1, 4, 4));
        form.add(new JLabel("Your account on " + peer.label() + ":"));
        form.add(name);
        form.add(new JLabel("Password (empty: log in with this computer's key):"));
        form.add(password);
        form.add(remember);
        JPanel key = new JPanel(new java.awt.BorderLayout(8, 0));
        JLabel keyHint = new JLabel("No password? Your colleague can add this computer's key:");
        keyHint.setEnabled(false);
        key.add(keyHint, java.awt.BorderLayout.CENTER);
        key.add(copyKey, java.awt.BorderLayout.EAST);
        form.add(key);
        while (JOptionPane.showConfirmDialog(parent, form, "Log in to " + peer.label(), JOptionPane.OK_CANCEL_OPTION,
                JOptionPane.PLAIN_MESSAGE) == JOptionPane.OK_OPTION) {
            String user = name.getText().strip();
            if (!user.isEmpty()) {
                return Optional.of(new Login(new PeerClient.Credentials(user, new String(password.getPassword())),
                        remember.isSelected()));
            }
            JOptionPane.showMessageDialog(parent, "Give the account name your colleague made for you.",
                    "Log in", JOptionPane.WARNING_MESSAGE);
        }
        return Optional.empty();
    }

    /** The key is made on first use: off the Swing thread. */
    private static void copyClientKey(JButton button, AppDirs dirs) {
        button.setEnabled(false);
        new SwingWorker<String, Void>() {
            @Override
            protected String doInBackground() throws Exception {
                return PeerClient.clientKeyLine(dirs);
            }

            @Override
            protected void done() {
                button.setEnabled(true);
                try {
                    Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(get()), null);
                    button.setText("Copied");
                } catch (InterruptedException | ExecutionException | IllegalStateException e) {
                    button.setText("The key could not be copied");
                }
            }
        }.execute();
    }
}
