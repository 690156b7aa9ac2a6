package dev.lanshare.tray.swing;

import dev.lanshare.config.Share;
import dev.lanshare.tray.model.Shares;
import dev.lanshare.tray.model.TrayState;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.Font;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.UIManager;

/**
 * The note at the top of the settings window after the first run: what is shared, and the account and password
 * colleagues log in with. Shown while the service still reports that first password, gone once it is changed.
 */
final class FirstRunNote extends JPanel {
    private final JLabel shared = new JLabel();
    private final JLabel account = new JLabel();
    private final JTextField password = new JTextField(18);
    private String who = "";

    FirstRunNote(Consumer<String> changePassword) {
        super(new BorderLayout(4, 6));
        setName("first run");
        Color accent = UIManager.getColor("Component.accentColor");
        setBorder(BorderFactory.createCompoundBorder(BorderFactory.createEmptyBorder(10, 10, 0, 10),
                BorderFactory.createCompoundBorder(BorderFactory.createMatteBorder(0, 4, 0, 0,
                        accent != null ? accent : new Color(0x2675BF)), BorderFactory.createEmptyBorder(6, 10, 6, 6))));
        JLabel title = new JLabel("lanshare is set up");
        title.setFont(title.getFont().deriveFont(Font.BOLD, title.getFont().getSize2D() + 1f));
        password.setEditable(false); // selectable, to copy it
        password.setName("first password");
        password.setFont(new Font(Font.MONOSPACED, Font.PLAIN, password.getFont().getSize()));
        JButton change = new JButton("Change password…");
        change.setName("change first password");
        change.addActionListener(e -> changePassword.accept(who));
        JPanel login = new JPanel(new FlowLayout(FlowLayout.LEFT, 0, 0));
        login.add(account);
        login.add(Box.createHorizontalStrut(6));
        login.add(password);
        login.add(Box.createHorizontalStrut(6));
        login.add(change);
        JPanel lines = new JPanel(new BorderLayout(0, 4));
        lines.add(shared, BorderLayout.NORTH);
        lines.add(login, BorderLayout.CENTER);
        JLabel hint = new JLabel("This note stays until the password is changed. It is kept on this computer only, "
                + "readable by you alone.");
        hint.setEnabled(false);
        lines.add(hint, BorderLayout.SOUTH);
        add(title, BorderLayout.NORTH);
        add(lines, BorderLayout.CENTER);
        setVisible(false);
    }

    /** On the Swing thread. */
    void update(TrayState state) {
        setVisible(state.running() && state.firstRun().isPresent());
        state.firstRun().ifPresent(f -> {
            who = f.account();
            Share share = state.shares().stream().filter(s -> s.folder().toString().equals(f.folder())).findFirst()
                    .orElse(null);
            shared.setText(share == null ? "The folder of the first run (" + f.folder() + ") is not shared now."
                    : "Sharing " + f.folder() + " as “" + share.name() + "”: " + Shares.accessWords(share)
                            + ", for " + Shares.accountsWords(share) + (share.openToGuests() ? " and guests" : "") + ".");
            account.setText("Colleagues log in as “" + f.account() + "” with the password");
            if (!password.getText().equals(f.password())) {
                password.setText(f.password());
                password.setColumns(f.password().length() + 1); // all of it in view, never scrolled
                password.setCaretPosition(0);
                revalidate();
            }
        });
    }

    String password() {
        return password.getText();
    }
}
