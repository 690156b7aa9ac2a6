package dev.lanshare.tray.swing;

import java.awt.BorderLayout;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.UIManager;

/**
 * The shape the tray's list windows share (browse, search, doctor): tools on top, a scrolling list or report in
 * the middle, a status line at the bottom with a control at its right, and buttons named by their labels so that
 * tests find them.
 */
final class Frames {
    private Frames() {
    }

    /**
     * {@code c} shows its text as written, never as HTML. Swing renders a label, button or table cell whose text
     * begins with {@code <html>} as HTML, loading the images it names as soon as the text is set: a colleague's file
     * or machine named {@code <html><img src=...>} would make this machine fetch what the name says. For every
     * component showing names from other machines; the text is set after this, or set again.
     */
    static <C extends javax.swing.JComponent> C plain(C c) {
        c.putClientProperty("html.disable", Boolean.TRUE);
        return c;
    }

    /** A label showing {@code text} as written ({@link #plain}). */
    static javax.swing.JLabel plainLabel(String text) {
        javax.swing.JLabel label = plain(new javax.swing.JLabel());
        label.setText(text);
        return label;
    }

    /** {@code button} with {@code text} shown as written ({@link #plain}); its name is the text. */
    static <B extends javax.swing.AbstractButton> B plainButton(B button, String text) {
        plain(button).setText(text);
        button.setName(text);
        return button;
    }

    /** {@code table}'s cells as {@link #plain} text, with its default renderers and any of its columns' own. */
    static void plainCells(javax.swing.JTable table) {
        for (Class<?> type : new Class<?>[] {Object.class, String.class, Number.class}) {
            if (table.getDefaultRenderer(type) instanceof javax.swing.JComponent r) {
                plain(r);
            }
        }
        for (int i = 0; i < table.getColumnCount(); i++) {
            if (table.getColumnModel().getColumn(i).getCellRenderer() instanceof javax.swing.JComponent r) {
                plain(r);
            }
        }
    }

    /** A button that runs {@code action}, named by its label. */
    static JButton button(String label, Runnable action) {
        JButton b = new JButton(label);
        b.setName(label);
        b.addActionListener(e -> action.run());
        return b;
    }

    /**
     * A status line that shows the whole of what it says: it wraps (a refusal from the service can run to several
     * lines, and its reason comes last) and can be selected and copied, but looks like a label. Named "status".
     */
    static JTextArea statusText() {
        JTextArea text = new JTextArea(" ");
        text.setName("status");
        text.setEditable(false);
        text.setLineWrap(true);
        text.setWrapStyleWord(true);
        text.setOpaque(false);
        text.setBorder(BorderFactory.createEmptyBorder());
        text.setFont(UIManager.getFont("Label.font"));
        text.setForeground(UIManager.getColor("Label.foreground"));
        return text;
    }

    /** The bottom line: {@code status} taking the room, {@code east} (may be null) at its right. */
    static JPanel statusLine(JComponent status, JComponent east) {
        JPanel south = new JPanel(new BorderLayout(8, 0));
        south.setBorder(BorderFactory.createEmptyBorder(4, 8, 8, 8));
        south.add(status, BorderLayout.CENTER);
        if (east != null) {
            south.add(east, BorderLayout.EAST);
        }
        return south;
    }

    /** Lays {@code frame} out as tools, a scrolling {@code middle} and a status line, at a first size. */
    static void layOut(JFrame frame, JComponent top, JComponent middle, JComponent bottom, int width, int height,
            int onClose) {
        frame.getContentPane().add(top, BorderLayout.NORTH);
        frame.getContentPane().add(new JScrollPane(middle), BorderLayout.CENTER);
        frame.getContentPane().add(bottom, BorderLayout.SOUTH);
        frame.setSize(width, height);
        frame.setDefaultCloseOperation(onClose);
    }

    /** Runs {@code action} when a row of {@code table} is double-clicked, or Enter is pressed on it. */
    static void onOpen(JTable table, Runnable action) {
        onKey(table, javax.swing.KeyStroke.getKeyStroke(java.awt.event.KeyEvent.VK_ENTER, 0), "open", action);
        onDoubleClick(table, action);
    }

    /** Runs {@code action} when {@code key} is pressed in {@code c} (instead of what the look gives that key). */
    static void onKey(JComponent c, javax.swing.KeyStroke key, String name, Runnable action) {
        c.getInputMap(JComponent.WHEN_ANCESTOR_OF_FOCUSED_COMPONENT).put(key, name);
        c.getInputMap(JComponent.WHEN_FOCUSED).put(key, name);
        c.getActionMap().put(name, new javax.swing.AbstractAction() {
            @Override
            public void actionPerformed(java.awt.event.ActionEvent e) {
                action.run();
            }
        });
    }

    private static void onDoubleClick(JTable table, Runnable action) {
        table.addMouseListener(new MouseAdapter() {
            @Override
            public void mouseClicked(MouseEvent e) {
                if (e.getClickCount() == 2) {
                    action.run();
                }
            }
        });
    }

    /**
     * Shows {@code frame} in front; placed by the desktop when it was not showing already.
     *
     * @return whether it was not showing before
     */
    static boolean bringUp(JFrame frame) {
        boolean fresh = !frame.isShowing();
        if (fresh) {
            frame.setLocationByPlatform(true);
        }
        frame.setVisible(true);
        frame.toFront();
        return fresh;
    }
}
