package dev.lanshare.tray.swing;

import dev.lanshare.tray.TrayController;
import dev.lanshare.config.Share;
import dev.lanshare.tray.model.Shares;
import dev.lanshare.tray.model.TrayState;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared-folders table: shared folders ticked, remembered ones not. An edit shows at once and goes to the
 * service through the controller (off the Swing thread); the next state from the service has the last word.
 */
final class SharesTableModel extends RowsTableModel<SharesTableModel.Row> {
    static final int SHARED = 0;
    static final int NAME = 1;
    static final int FOLDER = 2;
    static final int ACCESS = 3;
    static final int GUESTS = 4;
    static final int ACCOUNTS = 5;
    static final String READ_ONLY = "read-only";
    static final String READ_WRITE = "others can edit";

    /** A folder, and whether it is shared now (else remembered). */
    record Row(Share share, boolean shared) {
    }

    private final TrayController controller;

    SharesTableModel(TrayController controller) {
        super("Shared", "Name", "Folder", "Access", "Guests", "Accounts");
        this.controller = controller;
    }

    /** On the Swing thread. */
    void update(TrayState state) {
        List<Row> next = new ArrayList<>();
        state.shares().forEach(s -> next.add(new Row(s, true)));
        state.remembered().forEach(s -> next.add(new Row(s, false)));
        if (!next.equals(rows())) {
            setRows(next);
        }
    }

    int rowOf(String name) {
        return indexOf(r -> r.share().name().equalsIgnoreCase(name));
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
        Row r = at(row);
        Share s = r.share();
        switch (column) {
            case SHARED: return r.shared();
            case NAME: return s.name();
            case FOLDER: return s.folder().toString();
            case ACCESS: return s.readOnly() ? READ_ONLY : READ_WRITE;
            case GUESTS: return s.openToGuests();
            default: return Shares.accountsWords(s);
        }
    }

    @Override
    public void setValueAt(Object value, int row, int column) {
        Row r = at(row);
        Row next;
        if (column == SHARED) {
            next = new Row(r.share(), (Boolean) value);
            controller.setShared(r.share().name(), next.shared());
        } else {
            Share changed = column == GUESTS ? Shares.withGuests(r.share(), (Boolean) value)
                    : Shares.withReadOnly(r.share(), READ_ONLY.equals(value));
            next = new Row(changed, r.shared());
            controller.saveShare(changed, r.shared());
        }
        setRow(row, next);
    }
}
