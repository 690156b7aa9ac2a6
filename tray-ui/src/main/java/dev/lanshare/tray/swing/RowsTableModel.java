package dev.lanshare.tray.swing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.swing.table.AbstractTableModel;

/**
 * Holds a table's rows, one record each, under fixed column names; a subclass says what each cell shows. Rows
 * are replaced whole (an immutable list), on the Swing thread.
 */
abstract class RowsTableModel<R> extends AbstractTableModel {
    private final String[] columns;
    private List<R> rows = List.of();

    RowsTableModel(String... columns) {
        this.columns = columns.clone();
    }

    /** Shows {@code next} instead of the rows shown. */
    final void setRows(List<R> next) {
        rows = List.copyOf(next);
        fireTableDataChanged();
    }

    /** Shows {@code next} in place of row {@code row}. */
    final void setRow(int row, R next) {
        List<R> copy = new ArrayList<>(rows);
        copy.set(row, next);
        rows = List.copyOf(copy);
        fireTableRowsUpdated(row, row);
    }

    final List<R> rows() {
        return rows;
    }

    final R at(int row) {
        return rows.get(row);
    }

    /** The index of the first row that {@code test} accepts, or -1. */
    final int indexOf(Predicate<R> test) {
        for (int i = 0; i < rows.size(); i++) {
            if (test.test(rows.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public final int getRowCount() {
        return rows.size();
    }

    @Override
    public final int getColumnCount() {
        return columns.length;
    }

    @Override
    public final String getColumnName(int column) {
        return columns[column];
    }
}
