package dev.lanshare.tray.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lanshare.service.peer.PeerClient;
import java.awt.Component;
import java.util.List;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JTable;
import javax.swing.plaf.basic.BasicHTML;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The browse window's list shows a colleague's file named {@code <html>...} as that name, not as HTML. */
@ExtendWith(OnScreen.class)
class PlainCellsTest {
    @Test
    void aFileNamedAsHtmlIsListedAsItsName() throws Exception {
        String name = "<html><b>bold</b><img src=x.png>";
        Component cell = Edt.call(() -> {
            EntriesTableModel model = new EntriesTableModel();
            JTable table = model.table();
            model.setRows(List.of(new PeerClient.Entry(name, false, 10, 0, false)));
            return table.prepareRenderer(table.getCellRenderer(0, 0), 0, 0);
        });
        assertEquals(name, ((JLabel) cell).getText());
        assertNull(((JComponent) cell).getClientProperty(BasicHTML.propertyKey), "rendered as HTML");
    }
}
