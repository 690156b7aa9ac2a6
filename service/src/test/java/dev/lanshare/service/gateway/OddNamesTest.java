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

    /**
     * A path with an empty segment ({@code //}, as clients joining paths send) names the file it would name without
     * it: Jetty answered 400. A {@code ..} or its encodings next to the empty segment never leads out of the share
     * (nor to the share's parent, nor past the token): 400 or 404, and nothing of the share changes.
     */
    @Test
    void anEmptySegmentIsReadAsOneSlash() throws Exception {
        String dir = folder("empty", "plan.txt", "the plan");
        Files.writeString(office.archive.resolve("other.txt"), "archive");
        String token = office.gateway.url();
        String share = plans.substring(0, plans.length() - 1);
        assertEquals("the plan", Curl.of(tmp, dir.replace("/empty/", "//empty//") + "plan.txt").body());
        assertEquals(200, Curl.of(tmp, dir + "/plan.txt").status());
        assertEquals(200, Curl.of(tmp, share.replace("/Plans", "//Plans") + "/empty/plan.txt").status());
        assertEquals(207, Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", dir + "/").status());
        assertEquals(201, Curl.send(tmp, "saved", "-T", "-", dir + "/saved.txt").status());
        assertEquals("saved", Files.readString(office.plans.resolve("empty/saved.txt")));
        assertEquals(201, Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + dir + "/moved.txt",
                dir + "//saved.txt").status());
        assertEquals("saved", Files.readString(office.plans.resolve("empty/moved.txt")));
        List<String> before = snapshot();
        for (String escape : List.of("//../../Archive/other.txt", "//..//..//Archive/other.txt",
                "//%2e%2e/%2e%2e/Archive/other.txt", "/%2e%2e//%2e%2e//Archive/other.txt",
                "//%2e%2e%2f%2e%2e%2fArchive/other.txt", "/%2f..%2f..%2fArchive/other.txt",
                "//.%2e//.%2e//Archive/other.txt", "//../../../../../../etc/passwd", "//%2e%2e//%2e%2e//%2e%2e//%2e%2e")) {
            Curl get = Curl.of(tmp, dir + escape);
            assertTrue(get.status() == 400 || get.status() == 404, escape + ": " + get);
            assertTrue(!escape.contains("/../") || get.status() == 404 || get.body().contains("'..' in a path is not "
                    + "followed"), get.body());
            Curl put = Curl.send(tmp, "x", "-T", "-", dir + escape);
            assertTrue(put.status() == 400 || put.status() == 404, escape + ": " + put);
            Curl delete = Curl.of(tmp, "-X", "DELETE", dir + escape);
            assertTrue(delete.status() == 400 || delete.status() == 404, escape + ": " + delete);
            Curl move = Curl.of(tmp, "-X", "MOVE", "-H", "Destination: " + dir + escape, dir + "moved.txt");
            assertTrue(move.status() == 400 || move.status() == 403 || move.status() == 404, escape + ": " + move);
        }
        String host = token.substring(0, token.indexOf('/', "http://".length()));
        String t = token.substring(host.length() + 1, token.length() - 1);
        for (String outside : List.of(host + "//" + t + "/Ann%27s%20Mac/", host + "/x//../" + t + "/Ann%27s%20Mac/",
                host + "/" + t + "x//../Ann%27s%20Mac/", host + "//" + t + "/../" + t + "/")) {
            Curl c = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", outside);
            assertTrue(c.status() == 404 || c.status() == 400 || c.status() == 403, outside + ": " + c);
        }
        assertEquals(before, snapshot(), "nothing of Ann's changes");
        assertEquals("saved", Files.readString(office.plans.resolve("empty/moved.txt")));
    }

    private List<String> snapshot() throws Exception {
        List<String> out = new java.util.ArrayList<>(TestHome.snapshot(office.plans));
        out.addAll(TestHome.snapshot(office.archive));
        return out;
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
