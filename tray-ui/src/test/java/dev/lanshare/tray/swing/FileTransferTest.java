package dev.lanshare.tray.swing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The private temporary folder that rows dragged out of the browse window are downloaded into. */
class FileTransferTest {
    @Test
    void theDragFolderIsOwnerOnlyWherePermissionsExistAndMadePlainlyWhereNot() throws Exception {
        FileTransfer.DragFolder posix = new FileTransfer.DragFolder(true);
        FileTransfer.DragFolder plain = new FileTransfer.DragFolder(false); // as on Windows: no POSIX permissions
        Path owned = posix.fresh();
        Path first = plain.fresh();
        Path second = plain.fresh();
        try {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(owned.getParent())));
            assertTrue(Files.isDirectory(first) && Files.isDirectory(second));
            assertNotEquals(first, second, "one new folder a drag");
            assertEquals(first.getParent(), second.getParent(), "in one folder, made on first use");
            try (var listing = Files.list(second)) {
                assertEquals(0, listing.count());
            }
        } finally {
            posix.delete();
            plain.delete();
        }
        assertFalse(Files.exists(owned.getParent()), "removed with the window");
        assertFalse(Files.exists(first.getParent()), "removed with the window");
    }
}
