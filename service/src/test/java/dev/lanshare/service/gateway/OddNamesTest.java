package dev.lanshare.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import dev.lanshare.service.peer.PeerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names the colleague's SFTP client library would read as patterns or as parts of a URI ({@code *}, {@code ?},
 * {@code \}, {@code %}): no request through the gateway ever reaches a file other than the one it names.
 */
class OddNamesTest extends WithOffice {
    /** A fresh folder of Plans holding {@code files} (name, content, ...), as its URL. */
    private String folder(String name, String... files) throws Exception {
        Path dir = Files.createDirectories(office.plans.resolve(name));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        Thread.sleep(Tree.TTL_MILLIS + 100); // made behind the gateway's back: shown once its listing expires
        return plans + name + "/";
    }

    private static void refused(Curl c) {
        assertTrue(c.status() == 400, c.toString());
        assertTrue(c.body().contains("sftp://"), c.toString());
    }

    @Test
    void aMoveToANameWithAStarLeavesTheFilesItWouldMatch() throws Exception {
        String dir = folder("glob1", "draft.txt", "draft", "Budget final.xlsx", "budget", "final-v2.txt", "v2");
        List<String> before = TestHome.snapshot(office.plans.resolve("glob1"));
        refused(Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + dir + "Budget%20*.xlsx", dir + "draft.txt"));
        refused(Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + dir + "final%2A.txt", dir + "draft.txt"));
        refused(Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + dir + "final-v%3F.txt", dir + "draft.txt"));
        refused(Curl.send(tmp, "new", "-T", "-", dir + "Budget%20*.xlsx"));
        refused(Curl.of(tmp, "-X", "COPY", "-H", "Destination: " + dir + "Budget%20%2A.xlsx", dir + "draft.txt"));
        assertEquals(before, TestHome.snapshot(office.plans.resolve("glob1")));
        assertEquals("budget", Files.readString(office.plans.resolve("glob1/Budget final.xlsx")));
    }

    @Test
    void aQuestionMarkIsNoQueryThatCutsTheName() throws Exception {
        String dir = folder("query", "readme.txt", "readme", "Q1", "q1", "tgt.txt", "target", "src.txt", "source");
        List<String> before = TestHome.snapshot(office.plans.resolve("query"));
        refused(Curl.send(tmp, "junk", "-T", "-", dir + "readme.txt%3Fjunk"));
        refused(Curl.send(tmp, "junk", "-T", "-", dir + "Q1%3F.txt"));
        refused(Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + dir + "tgt.txt%3F.bak", dir + "src.txt"));
        refused(Curl.of(tmp, "-X", "MKCOL", dir + "new%3Ffolder"));
        assertEquals(before, TestHome.snapshot(office.plans.resolve("query")));
    }

    @Test
    void aBackslashIsNoSeparatorNorEscape() throws Exception {
        String dir = folder("slash", "a.txt", "a");
        Files.createDirectories(office.plans.resolve("slash/sub"));
        List<String> before = TestHome.snapshot(office.plans.resolve("slash"));
        refused(Curl.send(tmp, "x", "-T", "-", dir + "sub%5Cb.txt"));
        refused(Curl.send(tmp, "x", "-T", "-", dir + "%5Ca.txt"));
        refused(Curl.of(tmp, "-X", "DELETE", dir + "%5Ca.txt"));
        assertEquals(before, TestHome.snapshot(office.plans.resolve("slash")));
    }

    /** A file that really is named {@code *.txt} is refused, never taken for all the text files of its folder. */
    @Test
    void aFileNamedWithAStarIsListedButNotTouched() throws Exception {
        String dir = folder("star", "*.txt", "star", "a.txt", "a", "b.txt", "b");
        List<String> before = TestHome.snapshot(office.plans.resolve("star"));
        String listing = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", dir).body();
        assertTrue(listing.contains("%2A.txt") || listing.contains("*.txt"), listing);
        office.connections.clear();
        refused(Curl.of(tmp, "-X", "DELETE", dir + "*.txt"));
        refused(Curl.of(tmp, dir + "%2A.txt"));
        refused(Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + dir + "c.txt", dir + "%2A.txt"));
        assertEquals(List.of(), office.connections, "refused before the colleague is asked anything");
        assertEquals(before, TestHome.snapshot(office.plans.resolve("star")));
    }

    /** {@code %} reaches the colleague as {@code %}: never decoded a second time. */
    @Test
    void aPercentSignIsKeptAsItIs() throws Exception {
        String dir = folder("percent", "50% off.pdf", "half price", "A.txt", "a", "a#b.txt", "hash");
        String listing = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", dir).toString();
        assertTrue(listing.contains("50%25%20off.pdf"), listing);
        assertEquals("half price", Curl.of(tmp, dir + "50%25%20off.pdf").body());
        assertEquals("hash", Curl.of(tmp, dir + "a%23b.txt").body());
        assertEquals(201, Curl.send(tmp, "percent A", "-T", "-", dir + "%2541.txt").status());
        assertEquals("percent A", Files.readString(office.plans.resolve("percent/%41.txt")));
        assertEquals("a", Files.readString(office.plans.resolve("percent/A.txt")));
        assertEquals(201, Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + dir + "100%25.pdf",
                dir + "50%25%20off.pdf").status());
        assertEquals("half price", Files.readString(office.plans.resolve("percent/100%.pdf")));
        assertEquals(204, Curl.of(tmp, "-X", "DELETE", dir + "100%25.pdf").status());
        try (var names = Files.list(office.plans.resolve("percent"))) {
            assertEquals(List.of("%41.txt", "A.txt", "a#b.txt"),
                    names.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** The peer client itself refuses such names, for every caller (the tray's browse window too). */
    @Test
    void thePeerClientRefusesPatternNames() throws Exception {
        Files.writeString(office.plans.resolve("x.txt"), "x");
        Colleague ann = Colleague.find(office.colleagues(), Office.ANN).orElseThrow();
        try (PeerFiles files = PeerFiles.overPeerClient(office.here)) {
            for (String p : List.of("/Plans/*.txt", "/Plans/x.tx?", "/Plans/x\\.txt", "/Pl*/x.txt")) {
                PeerException e = assertThrows(PeerException.class, () -> files.resolve(ann.target(), p), p);
                assertTrue(e.getMessage().contains("cannot be opened"), e.getMessage());
            }
            assertEquals("x", new String(files.resolve(ann.target(), "/Plans/x.txt").getContent().getByteArray()));
        }
    }
}
