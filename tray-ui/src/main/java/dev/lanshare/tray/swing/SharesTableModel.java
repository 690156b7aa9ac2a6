package dev.lanshare.tray.swing;

import dev.lanshare.tray.TrayController;
import dev.lanshare.tray.model.ShareInfo;
import dev.lanshare.tray.model.TrayState;
import java.util.ArrayList;
import java.util.List;
import javax.swing.table.AbstractTableModel;

/**
 * The shared-folders table: shared folders ticked, remembered ones not. An edit shows at once and goes to the
 * service through the controller (off the Swing thread); the next state from the service has the last word.
 */
final class SharesTableModel extends AbstractTableModel {
    static final int SHARED = 0;
    static final int NAME = 1;
    static final int FOLDER = 2;
    static final int ACCESS = 3;
    static final int GUESTS = 4;
    static final int ACCOUNTS = 5;
    static final String READ_ONLY = "read-only";
    static final String READ_WRITE = "others can edit";
    private static final String[] COLUMNS = {"Shared", "Name", "Folder", "Access", "Guests", "Accounts"};

    private record Row(ShareInfo share, boolean shared) {
    }

    private final TrayController controller;
    private List<Row> rows = List.of();

    SharesTableModel(TrayController controller) {
        this.controller = controller;
    }

    /** On the Swing thread. */
    void update(TrayState state) {
        List<Row> next = new ArrayList<>();
        state.shares().forEach(s -> next.add(new Row(s, true)));
        state.remembered().forEach(s -> next.add(new Row(s, false)));
        if (!next.equals(rows)) {
            rows = next;
            fireTableDataChanged();
        }
    }

    int rowOf(String name) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).share().name().equalsIgnoreCase(name)) {
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
    public Class<?> getColumnClass(int column) {
        return column == SHARED || column == GUESTS ? Boolean.class : String.class;
    }

    @Override
    public boolean isCellEditable(int row, int column) {
        return column == SHARED || column == ACCESS || column == GUESTS;
    }

    @Override
    public Object getValueAt(int row, int column) {
        Row r = rows.get(row);
        ShareInfo s = r.share();
        switch (column) {
            case SHARED: return r.shared();
            case NAME: return s.name();
            case FOLDER: return s.folder();
            case ACCESS: return s.readOnly() ? READ_ONLY : READ_WRITE;
            case GUESTS: return s.guests();
            default: return s.accountsWords();
        }
    }

    @Override
    public void setValueAt(Object value, int row, int column) {
        Row r = rows.get(row);
        Row next;
        if (column == SHARED) {
            next = new Row(r.share(), (Boolean) value);
            controller.setShared(r.share().name(), next.shared());
        } else {
            ShareInfo changed = column == GUESTS ? r.share().withGuests((Boolean) value)
                    : r.share().withReadOnly(READ_ONLY.equals(value));
            next = new Row(changed, r.shared());
            controller.saveShare(changed, r.shared());
        }
        List<Row> copy = new ArrayList<>(rows);
        copy.set(row, next);
        rows = copy;
        fireTableRowsUpdated(row, row);
    }
}
