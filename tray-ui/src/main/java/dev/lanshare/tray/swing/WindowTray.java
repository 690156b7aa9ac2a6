package dev.lanshare.tray.swing;

import dev.lanshare.tray.TrayBackend;
import dev.lanshare.tray.icons.Icons;
import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.MenuEntry;
import dev.lanshare.tray.model.TrayState;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Font;
import java.util.List;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.ImageIcon;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSeparator;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * The tray where no tray exists: a small window showing the same menu, submenus laid out as indented sections.
 * Closing it only hides it to the taskbar (iconified), since it is the only way back to the controls.
 */
public final class WindowTray implements TrayBackend {
    private final JFrame frame = new JFrame("lanshare");
    private final JPanel body = new JPanel();
    private final JLabel header = new JLabel();
    private final Consumer<Action> actions;

    public WindowTray(Consumer<Action> actions) {
        this.actions = actions;
        SwingUtilities.invokeLater(this::build);
    }

    private void build() {
        body.setLayout(new BoxLayout(body, BoxLayout.Y_AXIS));
        body.setBorder(BorderFactory.createEmptyBorder(6, 12, 12, 12));
        header.setBorder(BorderFactory.createEmptyBorder(12, 12, 6, 12));
        header.setFont(header.getFont().deriveFont(Font.BOLD, header.getFont().getSize2D() + 2f));
        header.setIconTextGap(10);
        frame.getContentPane().add(header, BorderLayout.NORTH);
        frame.getContentPane().add(body, BorderLayout.CENTER);
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosing(java.awt.event.WindowEvent e) {
                frame.setExtendedState(JFrame.ICONIFIED);
            }
        });
    }

    /** The window, for tests and screenshots. */
    public JFrame frame() {
        return frame;
    }

    @Override
    public void show(TrayState state, List<MenuEntry> menu) {
        SwingUtilities.invokeLater(() -> render(state, menu));
    }

    private void render(TrayState state, List<MenuEntry> menu) {
        frame.setIconImages(Icons.all(state.icon()));
        header.setIcon(new ImageIcon(Icons.icon(state.icon(), 32)));
        header.setText(state.summary());
        frame.setTitle(state.summary());
        body.removeAll();
        add(menu, 0);
        body.revalidate();
        boolean first = !frame.isVisible();
        frame.pack();
        if (first) {
            frame.setLocationByPlatform(true);
            frame.setVisible(true);
        }
        body.repaint();
    }

    private void add(List<MenuEntry> entries, int depth) {
        for (MenuEntry e : entries) {
            Component c = component(e, depth);
            if (c != null) {
                body.add(c);
            }
            if (e instanceof MenuEntry.Submenu s) {
                add(s.entries(), depth + 1);
            }
        }
    }

    private Component component(MenuEntry e, int depth) {
        JPanel row = new JPanel(new BorderLayout());
        row.setAlignmentX(Component.LEFT_ALIGNMENT);
        row.setBorder(BorderFactory.createEmptyBorder(1, depth * 18, 1, 0));
        if (e instanceof MenuEntry.Separator) {
            row.add(Box.createVerticalStrut(4), BorderLayout.NORTH);
            row.add(new JSeparator(), BorderLayout.CENTER);
            return row;
        }
        row.add(widget(e), BorderLayout.WEST);
        return row;
    }

    private Component widget(MenuEntry e) {
        if (e instanceof MenuEntry.Check c) {
            // labels hold names that other machines announce: shown as written, never as HTML
            JCheckBox box = Frames.plainButton(new JCheckBox(), c.label());
            box.setSelected(c.checked());
            box.addActionListener(ev -> actions.accept(c.action()));
            return box;
        }
        if (e instanceof MenuEntry.Submenu s) {
            JLabel title = Frames.plainLabel(s.label());
            title.setFont(title.getFont().deriveFont(Font.BOLD));
            return title;
        }
        MenuEntry.Item item = (MenuEntry.Item) e;
        if (item.action() == null) {
            JLabel info = Frames.plainLabel(item.label());
            info.setEnabled(false);
            return info;
        }
        JButton button = Frames.plainButton(new JButton(), item.label());
        button.setEnabled(item.enabled());
        button.putClientProperty("JButton.buttonType", "borderless"); // FlatLaf: looks like a menu line
        button.addActionListener(ev -> actions.accept(item.action()));
        return button;
    }

    @Override
    public void close() {
        SwingUtilities.invokeLater(frame::dispose);
    }
}
