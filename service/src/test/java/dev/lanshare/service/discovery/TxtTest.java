package dev.lanshare.service.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Access;
import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TxtTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String FP = "SHA256:" + "A".repeat(43);

    @Test
    void theSftpRecordIsWhatFileManagersReadAndNeverHasAPassword() {
        Settings s = Settings.empty().withShare(new Share("Docs", Path.of("/d"), true, Map.of(Share.GUESTS,
                Access.READ)));
        Announcement a = Announcement.of(s, "anne", ID, FP, 2222);
        assertEquals(List.of("txtvers=1", "path=/", "u=guest"), Txt.strings(a.sftpText()));
        Announcement noGuests = Announcement.of(Settings.empty(), "anne", ID, FP, 2222);
        assertEquals(List.of("txtvers=1", "path=/"), Txt.strings(noGuests.sftpText()));
        assertEquals("anne", noGuests.name());
    }

    @Test
    void theLanshareRecordRoundTrips() {
        List<Peer.Folder> shares = List.of(new Peer.Folder("Plans", false, false),
                new Peer.Folder("Docs: 2026", true, true));
        byte[] record = LanshareTxt.encode(ID, FP, shares);
        LanshareTxt.Content c = LanshareTxt.decode(Txt.decode(record)).orElseThrow();
        assertEquals(ID, c.deviceId());
        assertEquals(FP, c.fingerprint());
        assertEquals(shares, c.shares());
        assertFalse(c.truncated());
    }

    @Test
    void manySharesAreCutToTheBudgetAndTheRecordSaysSo() {
        List<Peer.Folder> shares = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            shares.add(new Peer.Folder("A rather long share name number " + i, true, false));
        }
        shares.add(0, new Peer.Folder("x".repeat(300), true, false));
        byte[] record = LanshareTxt.encode(ID, FP, shares);
        assertTrue(record.length <= Txt.MAX_RECORD, record.length + " bytes");
        LanshareTxt.Content c = LanshareTxt.decode(Txt.decode(record)).orElseThrow();
        assertTrue(c.truncated());
        assertEquals(List.of(), c.shares()); // the first share alone is over 255 bytes: the list stops there
        assertEquals("101", Txt.decode(record).get("n"));
        for (String entry : Txt.strings(record)) {
            assertTrue(entry.indexOf('=') <= Txt.MAX_KEY, entry);
        }
    }

    @Test
    void encodingRefusesWhatBreaksTheLimits() {
        assertThrows(IllegalArgumentException.class, () -> Txt.encode(Map.of("tenletters", "x")));
        assertThrows(IllegalArgumentException.class, () -> Txt.encode(Map.of("k", "x".repeat(254))));
        Map<String, String> big = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            big.put("k" + i, "x".repeat(100));
        }
        assertThrows(IllegalArgumentException.class, () -> Txt.encode(big));
        assertArrayEquals(new byte[] {0}, Txt.encode(Map.of()));
    }

    @Test
    void garbageDecodesToNothingAndNeverThrows() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(600)];
            random.nextBytes(junk);
            Map<String, String> txt = Txt.decode(junk);
            assertTrue(txt.size() <= Txt.MAX_RECEIVED_ENTRIES);
            LanshareTxt.decode(txt);
        }
        assertEquals(Map.of(), Txt.decode(new byte[] {10, 'a', '='})); // length past the end
        assertEquals(Map.of(), Txt.decode(new byte[Txt.MAX_RECEIVED + 1]));
        assertEquals(Map.of("a", "1"), Txt.decode(new byte[] {3, 'A', '=', '1', 3, 'a', '=', '2'}));
    }

    @Test
    void aLongDisplayNameIsCutToOneDnsLabel() {
        Announcement a = Announcement.of(Settings.empty().withName("é".repeat(40)), "h", ID, FP, 1);
        assertEquals(62, a.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
