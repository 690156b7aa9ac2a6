package dev.lanshare.tray.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanshare.config.Access;
import dev.lanshare.config.Share;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Access column's switch changes the grants with the share, so none is left saying more than the share. */
class SharesTest {
    @Test
    void readOnlyTakesWriteFromEveryone_readWriteGivesItToAccountsNotGuests() {
        Share editable = new Share("Plans", Path.of("/srv/plans"), false,
                Map.of("ann", Access.WRITE, "ben", Access.READ, Share.GUESTS, Access.READ));
        Share readOnly = Shares.withReadOnly(editable, true);
        assertEquals(Map.of("ann", Access.READ, "ben", Access.READ, Share.GUESTS, Access.READ), readOnly.access());
        assertEquals("ann, ben", Shares.accountsWords(readOnly));
        Share again = Shares.withReadOnly(readOnly, false);
        assertEquals(Map.of("ann", Access.WRITE, "ben", Access.WRITE, Share.GUESTS, Access.READ), again.access());
        assertEquals("ann (can edit), ben (can edit)", Shares.accountsWords(again));
    }

    @Test
    void guestsGetReadAndGoAgain() {
        Share plans = new Share("Plans", Path.of("/srv/plans"), false, Map.of(Share.ACCOUNTS, Access.WRITE));
        Share open = Shares.withGuests(plans, true);
        assertEquals(Map.of(Share.ACCOUNTS, Access.WRITE, Share.GUESTS, Access.READ), open.access());
        assertEquals("every account", Shares.accountsWords(open));
        assertEquals(plans, Shares.withGuests(open, false));
    }
}
