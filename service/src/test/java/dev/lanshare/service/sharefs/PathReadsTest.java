package dev.lanshare.service.sharefs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Access judged from a file's owner, group and mode, as the kernel judges it (the race tests run as root). */
class PathReadsTest {
    static final PathReads.Identity BEN = new PathReads.Identity(1000, Set.of(1000, 27));
    static final PathReads.Identity ROOT = new PathReads.Identity(0, Set.of(0));

    @Test
    void theOwnerTheGroupAndOthersEachHaveTheirBits() {
        int mode = 0100640; // rw-r-----
        assertTrue(BEN.may(AccessMode.READ, mode, 1000, 5));
        assertTrue(BEN.may(AccessMode.WRITE, mode, 1000, 5));
        assertFalse(BEN.may(AccessMode.EXECUTE, mode, 1000, 5));
        assertTrue(BEN.may(AccessMode.READ, mode, 2000, 27), "a supplementary group");
        assertFalse(BEN.may(AccessMode.WRITE, mode, 2000, 27));
        assertFalse(BEN.may(AccessMode.READ, mode, 2000, 5), "others may not");
        // the owner's bits decide for the owner, even when the group's would allow more
        assertFalse(BEN.may(AccessMode.READ, 0100070, 1000, 1000));
    }

    @Test
    void rootMayReadAndWriteAnythingAndRunWhatSomeoneMay() {
        assertTrue(ROOT.may(AccessMode.READ, 0100000, 1000, 1000));
        assertTrue(ROOT.may(AccessMode.WRITE, 0100000, 1000, 1000));
        assertFalse(ROOT.may(AccessMode.EXECUTE, 0100644, 1000, 1000));
        assertTrue(ROOT.may(AccessMode.EXECUTE, 0100001, 1000, 1000));
        assertTrue(ROOT.may(AccessMode.EXECUTE, 0040000, 1000, 1000), "a folder is entered");
    }

    @Test
    void thisProcessIsKnownFromProc() throws Exception {
        PathReads.Identity self = PathReads.Identity.SELF;
        assertNotNull(self);
        assertEquals((int) (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"), self.uid());
    }
}
