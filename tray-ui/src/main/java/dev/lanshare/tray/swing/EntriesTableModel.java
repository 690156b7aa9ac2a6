package dev.lanshare.tray.swing;

import dev.lanshare.service.peer.PeerClient;
import java.text.DateFormat;
import java.util.Date;
import javax.swing.JTable;
import javax.swing.SwingConstants;
import javax.swing.table.DefaultTableCellRenderer;

/** The files of a colleague's folder: name (folders end in "/"), size in words, modified. */
final class EntriesTableModel extends RowsTableModel<PeerClient.Entry> {
    EntriesTableModel() {
        super("Name", "Size", "Modified");
    }

    /** The list as the browse window shows it: sortable, sizes right-aligned, rows draggable. */
    JTable table() {
        JTable table = new JTable(this);
        table.setName("files");
        table.setAutoCreateRowSorter(true);
        table.setFillsViewportHeight(true); // a drop below the last row lands on the list too
        table.setDragEnabled(true);
        int[] widths = {330, 100, 170};
        for (int i = 0; i < widths.length; i++) {
            table.getColumnModel().getColumn(i).setPreferredWidth(widths[i]);
        }
        DefaultTableCellRenderer right = new DefaultTableCellRenderer();
        right.setHorizontalAlignment(SwingConstants.RIGHT);
        table.getColumnModel().getColumn(1).setCellRenderer(right);
        Frames.plainCells(table); // a colleague's names
        return table;
    }

    int rowOf(String name) {
        return indexOf(e -> e.name().equals(name));
    }

    @Override
    public Object getValueAt(int row, int column) {
        PeerClient.Entry e = at(row);
        switch (column) {
            case 0: return e.folder() ? e.name() + "/" : e.name();
            case 1: return e.folder() ? "" : e.link() ? "link, not shared" : size(e.size());
            default: return e.modified() <= 0 ? "" : DateFormat.getDateTimeInstance(DateFormat.MEDIUM,
                    DateFormat.SHORT).format(new Date(e.modified()));
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
