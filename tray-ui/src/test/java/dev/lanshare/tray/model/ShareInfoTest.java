package dev.lanshare.tray.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Access column's switch changes the grants with the share, so none is left saying more than the share. */
class ShareInfoTest {
    @Test
    void readOnlyTakesWriteFromEveryone_readWriteGivesItToAccountsNotGuests() {
        ShareInfo editable = new ShareInfo("Plans", "/srv/plans", false,
                Map.of("ann", "write", "ben", "read", ShareInfo.GUESTS, "read"));
        ShareInfo readOnly = editable.withReadOnly(true);
        assertEquals(Map.of("ann", "read", "ben", "read", ShareInfo.GUESTS, "read"), readOnly.access());
        assertEquals("ann, ben", readOnly.accountsWords());
        ShareInfo again = readOnly.withReadOnly(false);
        assertEquals(Map.of("ann", "write", "ben", "write", ShareInfo.GUESTS, "read"), again.access());
        assertEquals("ann (can edit), ben (can edit)", again.accountsWords());
    }
}
