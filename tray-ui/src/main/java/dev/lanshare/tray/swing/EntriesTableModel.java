package dev.lanshare.tray.swing;

import dev.lanshare.service.peer.PeerClient;
import java.text.DateFormat;
import java.util.Date;
import java.util.List;
import javax.swing.JTable;
import javax.swing.SwingConstants;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.DefaultTableCellRenderer;

/** The files of a colleague's folder: name (folders end in "/"), size in words, modified. */
final class EntriesTableModel extends AbstractTableModel {
    private static final String[] COLUMNS = {"Name", "Size", "Modified"};
    private List<PeerClient.Entry> rows = List.of();

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
        return table;
    }

    void set(List<PeerClient.Entry> entries) {
        rows = List.copyOf(entries);
        fireTableDataChanged();
    }

    PeerClient.Entry at(int row) {
        return rows.get(row);
    }

    int rowOf(String name) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int getRowCount() {
        return rows.size();
    }

    @Override
    public int getColumnCount() {
        return COLUMNS.length;
    }

    @Override
    public String getColumnName(int column) {
        return COLUMNS[column];
    }

    @Override
    public Object getValueAt(int row, int column) {
        PeerClient.Entry e = rows.get(row);
        switch (column) {
            case 0: return e.folder() ? e.name() + "/" : e.name();
            case 1: return e.folder() ? "" : size(e.size());
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
