package dev.lanshare.service.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Access;
import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index over real folders: what each kind of query finds, changes within 3 s, unsharing, links out. */
class SearchIndexTest {
    @TempDir
    Path tmp;
    Path plans;
    Path photos;
    AtomicReference<Settings> settings;
    SearchIndex index;

    @BeforeEach
    void start() throws Exception {
        plans = Files.createDirectories(tmp.resolve("data/Plans")).toRealPath();
        photos = Files.createDirectories(tmp.resolve("data/Photos")).toRealPath();
        Files.createDirectories(plans.resolve("2024/site"));
        write(plans.resolve("2024/site/Site-Plan_v3.dwg"), 3_000_000, 2);
        write(plans.resolve("2024/site/site-plan_v2.dwg"), 1000, 40);
        write(plans.resolve("2024/Report2024.pdf"), 20_000_000, 1);
        write(plans.resolve("notes.txt"), 10, 5);
        write(photos.resolve("siteVisit.JPG"), 5_000, 3);
        Files.createDirectories(tmp.resolve("outside"));
        write(tmp.resolve("outside/secret-plan.dwg"), 10, 1);
        Files.createSymbolicLink(plans.resolve("escape"), tmp.resolve("outside"));
        Files.createSymbolicLink(plans.resolve("escape-plan.dwg"), tmp.resolve("outside/secret-plan.dwg"));
        settings = new AtomicReference<>(Settings.empty()
                .withShare(new Share("Plans", plans, true, Map.of(Share.ACCOUNTS, Access.READ)))
                .withShare(new Share("Photos", photos, true, Map.of(Share.GUESTS, Access.READ, Share.ACCOUNTS,
                        Access.READ))));
        index = start(tmp.resolve("index"), Watcher.DEFAULT_LIMIT);
    }

    private SearchIndex start(Path folder, int watchLimit) throws Exception {
        SearchIndex i = SearchIndex.start(new SearchIndex.Options(folder, Duration.ofMinutes(15), Duration.ofSeconds(1),
                watchLimit), settings::get);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!i.ready()) {
            assertTrue(System.nanoTime() < deadline, "not indexed within 20 s");
            Thread.sleep(20);
        }
        return i;
    }

    @AfterEach
    void stop() throws Exception {
        index.close();
    }

    static void write(Path file, int size, int daysAgo) throws Exception {
        Files.write(file, new byte[size]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(daysAgo))));
    }

    private List<String> find(String query) throws Exception {
        return find(new SearchRequest(query, null, null, null, 0, 100));
    }

    private List<String> find(SearchRequest r) throws Exception {
        return index.searcher().search(r, "ann", false).matches().stream().map(Match::path).toList();
    }

    @Test
    void theIndexsCodeIsCompiledByC1Only() throws Exception {
        // the index started above, over two shares, puts the directives in this JVM on a thread of their own;
        // nothing else in this JVM adds them
        String directives = String.valueOf(CompilerDirectives.diagnostic("compilerDirectivesPrint"));
        for (long deadline = System.nanoTime() + 10_000_000_000L; !directives.contains("org/apache/lucene/*.*")
                && System.nanoTime() < deadline; Thread.sleep(20)) {
            directives = String.valueOf(CompilerDirectives.diagnostic("compilerDirectivesPrint"));
        }
        assertTrue(CompilerDirectives.addOnce(), "the directives were not added");
        int ours = directives.indexOf("org/apache/lucene/*.*");
        assertTrue(ours >= 0, directives);
        String matching = directives.substring(directives.lastIndexOf("matching:", ours), ours);
        assertTrue(matching.contains("dev/lanshare/service/search/*.*"), directives);
        int c2 = directives.indexOf("c2 directives:", ours);
        int exclude = directives.indexOf("Exclude:true", c2);
        assertTrue(c2 > 0 && exclude > c2 && exclude < directives.indexOf("Directive:", c2), directives);
    }

    @Test
    void namesAreFoundByTheWordsPeopleType() throws Exception {
        List<String> both = List.of("/Plans/2024/site/Site-Plan_v3.dwg", "/Plans/2024/site/site-plan_v2.dwg");
        assertEquals(both, find("site plan"), "newest first");
        assertEquals(List.of("/Plans/2024/site/Site-Plan_v3.dwg"), find("plan v3"));
        assertEquals(List.of("/Plans/2024/site/Site-Plan_v3.dwg"), find("PLA V3"));
        assertEquals(both, find("*.dwg"));
        assertEquals(List.of("/Plans/2024/Report2024.pdf"), find("2024 report"));
        assertEquals(List.of("/Plans/2024/Report2024.pdf"), find("report2024"));
        assertEquals(List.of("/Photos/siteVisit.JPG"), find("visit"));
        assertEquals(List.of("/Photos/siteVisit.JPG"), find("*.jpg"));
        assertEquals(List.of(), find("plan pdf"));
    }

    @Test
    void typeNewerAndLargerFilter() throws Exception {
        long weekAgo = Instant.now().minus(Duration.ofDays(7)).toEpochMilli();
        assertEquals(List.of("/Plans/2024/site/Site-Plan_v3.dwg"),
                find(new SearchRequest("plan", "dwg", weekAgo, null, 0, 100)));
        assertEquals(List.of("/Plans/2024/Report2024.pdf", "/Plans/2024/site/Site-Plan_v3.dwg"),
                find(new SearchRequest("", null, null, 1_000_000L, 0, 100)));
        assertEquals(List.of("/Plans/2024/Report2024.pdf"),
                find(new SearchRequest("", ".PDF", null, 10_000_000L, 0, 100)));
    }

    @Test
    void wordsMustAllBeInOneNameNotJustInOneFolder() throws Exception {
        assertEquals(List.of(), find("report v3"), "report and v3 are in names of one folder, not of one file");
        assertEquals(List.of(), find("notes dwg"));
    }

    @Test
    void aFolderOfThousandsIsFoundWholeInPagesNewestFirst() throws Exception {
        Path big = Files.createDirectories(plans.resolve("scans"));
        long now = System.currentTimeMillis();
        int n = 1_300; // more than two documents' worth of entries
        for (int i = 0; i < n; i++) {
            Path f = Files.createFile(big.resolve(String.format("scan-%04d.tif", i)));
            Files.setLastModifiedTime(f, FileTime.fromMillis(now - 60_000L * i)); // scan-0000 is the newest
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (index.count("Plans") < n + 7) {
            assertTrue(System.nanoTime() < deadline, "not indexed within 10 s: " + index.count("Plans"));
            Thread.sleep(50);
        }
        Searcher.Result first = index.searcher().search(new SearchRequest("scan tif", null, null, null, 0, 200), "ann",
                false);
        assertEquals(Searcher.MAX_RESULTS, first.total(), "counted up to the cap");
        assertTrue(first.more());
        assertEquals("/Plans/scans/scan-0000.tif", first.matches().get(0).path());
        assertEquals("/Plans/scans/scan-0199.tif", first.matches().get(199).path());
        Searcher.Result third = index.searcher().search(new SearchRequest("scan tif", null, null, null, 2, 200), "ann",
                false);
        assertEquals("/Plans/scans/scan-0400.tif", third.matches().get(0).path());
        assertEquals(List.of("/Plans/scans/scan-1234.tif"), find("scan 1234"));
        assertEquals(List.of("/Plans/scans/scan-0000.tif", "/Plans/scans/scan-0001.tif"),
                find(new SearchRequest("", "tif", now - 90_000, null, 0, 100)));
        Files.delete(big.resolve("scan-1234.tif"));
        assertEquals(List.of(), waitFor("scan 1234", 0));
        assertEquals(List.of("/Plans/scans/scan-1299.tif"), find("1299 tif"), "the rest of the folder stays");
        assertEquals(n + 6, index.count("Plans"));
        deleteTree(big);
        Files.writeString(plans.resolve("scans"), "now a file");
        waitFor("scan 0001", 0);
        assertEquals(List.of("/Plans/scans"), waitFor("scans", 1));
        assertEquals(7, index.count("Plans"), "nothing left of the folder's entries");
    }

    @Test
    void aBurstOfChangesInOneFolderListsThatFolderAgainNotTheWholeShare() throws Exception {
        // as an upload of small files arrives: each made under a part name, written, renamed (four changes a file),
        // far more changes in one folder than the JDK keeps on its watch key before it reports an overflow instead
        Path site = plans.resolve("2024/site");
        int passes = index.passes();
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            Path part = Files.write(site.resolve(String.format("sheet-%04d.dwg.part", i)), new byte[16]);
            Files.move(part, site.resolve(String.format("sheet-%04d.dwg", i)));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (index.count("Plans") != n + 6) {
            assertTrue(System.nanoTime() < deadline, "not indexed within 10 s: " + index.count("Plans"));
            Thread.sleep(50);
        }
        assertEquals(List.of("/Plans/2024/site/sheet-1999.dwg"), find("sheet 1999"));
        assertEquals(passes, index.passes(), "the share was walked whole again");
    }

    private static void deleteTree(Path top) throws Exception {
        try (var all = Files.walk(top)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void linksThatLeadOutOfTheShareAreNotIndexed() throws Exception {
        assertEquals(List.of(), find("secret"));
        assertEquals(List.of(), find("escape"));
    }

    @Test
    void namesAClientCouldNotOpenAreNotIndexed() throws Exception {
        // U+FFFD is what MINA makes of bytes that are not UTF-8, so the share file system refuses such a name
        Files.createDirectories(plans.resolve("odd\uFFFD/inner"));
        write(plans.resolve("odd\uFFFD/inner/hidden-drawing.dwg"), 10, 1);
        write(plans.resolve("drawing\uFFFD.dwg"), 10, 1);
        write(plans.resolve("drawing-ok.dwg"), 10, 1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (find("drawing").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the new file was not indexed within 10 s");
            Thread.sleep(50);
        }
        assertEquals(List.of("/Plans/drawing-ok.dwg"), find("drawing"));
        index.close();
        index = start(tmp.resolve("index2"), Watcher.DEFAULT_LIMIT); // a build from nothing walks the same way
        assertEquals(List.of("/Plans/drawing-ok.dwg"), find("drawing"));
        assertEquals(List.of(), find("odd"));
    }

    /** A name written as macOS writes accents (a letter and a combining mark) is found by the word as typed. */
    @Test
    void accentedNamesAreFoundHoweverTheirAccentsAreWritten() throws Exception {
        String decomposed = "cafe\u0301-menu.pdf";
        write(photos.resolve(decomposed), 10, 1);
        write(photos.resolve("cr\u00e8me.txt"), 10, 1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (find("menu").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the new file was not indexed within 10 s");
            Thread.sleep(50);
        }
        assertEquals(List.of("/Photos/" + decomposed), find("caf\u00e9"), "typed composed");
        assertEquals(List.of("/Photos/" + decomposed), find("cafe\u0301 menu"), "typed decomposed");
        assertEquals(List.of("/Photos/" + decomposed), find("cafe"), "typed without its accent");
        assertEquals(List.of("/Photos/cr\u00e8me.txt"), find("cre\u0300me"));
    }

    /**
     * Accents and letters such as ß are looked for in ASCII, as the file managers' own searches do: a name is
     * found by its words typed with or without them, and a name written without them by words typed with them.
     */
    @Test
    void namesAreFoundWithOrWithoutTheirAccents() throws Exception {
        write(photos.resolve("Müller-Grundriß EG.dwg"), 10, 2);
        write(photos.resolve("Muller notes.txt"), 10, 1);
        write(photos.resolve("Øresund Brücke.pdf"), 10, 3);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!find("notes").contains("/Photos/Muller notes.txt") || !find("eg").contains(
                "/Photos/Müller-Grundriß EG.dwg") || !find("pdf").contains("/Photos/Øresund Brücke.pdf")) {
            assertTrue(System.nanoTime() < deadline, "the new files were not indexed within 10 s");
            Thread.sleep(50);
        }
        List<String> both = List.of("/Photos/Muller notes.txt", "/Photos/Müller-Grundriß EG.dwg"); // newest first
        assertEquals(both, find("muller"));
        assertEquals(both, find("Müller"));
        assertEquals(both, find("mül"), "a beginning, as of any word");
        assertEquals(List.of("/Photos/Müller-Grundriß EG.dwg"), find("grundriss"));
        assertEquals(List.of("/Photos/Müller-Grundriß EG.dwg"), find("Grundriß eg"));
        assertEquals(List.of("/Photos/Øresund Brücke.pdf"), find("oresund brucke"));
        assertEquals(List.of("/Photos/Øresund Brücke.pdf"), find("Brücke"));
    }

    @Test
    void guestsSeeGuestSharesOnly() throws Exception {
        assertEquals(4, find("site").size());
        List<String> seen = index.searcher().search(SearchRequest.of("site"), "guest", true).matches().stream()
                .map(Match::path).toList();
        assertEquals(List.of("/Photos/siteVisit.JPG"), seen);
    }

    @Test
    void aNewFileIsFoundAndARemovedOneGoneWithinThreeSeconds() throws Exception {
        Files.createDirectories(plans.resolve("2024/new/deeper"));
        Files.writeString(plans.resolve("2024/new/deeper/Kitchen-Layout.dwg"), "x");
        assertEquals(List.of("/Plans/2024/new/deeper/Kitchen-Layout.dwg"), waitFor("kitchen layout", 1));
        Files.delete(plans.resolve("2024/site/site-plan_v2.dwg"));
        assertEquals(List.of("/Plans/2024/site/Site-Plan_v3.dwg"), waitFor("site plan", 1));
        Files.move(plans.resolve("2024/new"), plans.resolve("2024/moved"));
        assertEquals(List.of("/Plans/2024/moved/deeper/Kitchen-Layout.dwg"), waitFor("kitchen", 1,
                "/Plans/2024/moved/deeper/Kitchen-Layout.dwg"));
    }

    @Test
    void aFolderReplacedByOneOfTheSameNameIsIndexedAndWatched() throws Exception {
        // as when a folder is deleted and a new version copied in its place, quicker than the index takes changes
        Path site = plans.resolve("2024/site");
        deleteTree(site);
        Files.createDirectories(site);
        Files.writeString(site.resolve("Replaced-Sheet.dwg"), "x");
        assertEquals(List.of("/Plans/2024/site/Replaced-Sheet.dwg"), waitFor("replaced sheet", 1));
        Files.writeString(site.resolve("Later-Sheet.dwg"), "x");
        assertEquals(List.of("/Plans/2024/site/Later-Sheet.dwg"), waitFor("later sheet", 1));
        assertEquals(List.of(), find("site plan"));
    }

    @Test
    void aFolderMovedAsideAndAnotherMovedInUnderItsNameIsIndexedAndWatched() throws Exception {
        // the old version kept under another name, the new one moved in from outside the share, quicker than the
        // index takes changes
        Path incoming = Files.createDirectories(tmp.resolve("incoming"));
        Files.writeString(incoming.resolve("Moved-In-Sheet.dwg"), "x");
        Files.move(plans.resolve("2024/site"), plans.resolve("2024/site-old"));
        Files.move(incoming, plans.resolve("2024/site"));
        assertEquals(List.of("/Plans/2024/site/Moved-In-Sheet.dwg"), waitFor("moved in sheet", 1));
        assertEquals(List.of("/Plans/2024/site-old/Site-Plan_v3.dwg", "/Plans/2024/site-old/site-plan_v2.dwg"),
                waitFor("site plan", 2));
        Files.writeString(plans.resolve("2024/site/Later-Sheet.dwg"), "x");
        assertEquals(List.of("/Plans/2024/site/Later-Sheet.dwg"), waitFor("later sheet", 1));
    }

    @Test
    void aFolderMovedOutOfTheShareIsNoLongerWatched() throws Exception {
        int watched = index.watchedFolders();
        Files.move(plans.resolve("2024"), tmp.resolve("outside/2024")); // with its subfolder site
        assertEquals(List.of(), waitFor("site plan", 0));
        long start = System.nanoTime();
        while (index.watchedFolders() != watched - 2) {
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "still watched: " + index.watchedFolders()
                    + " folders, " + watched + " before the move");
            Thread.sleep(20);
        }
        Files.move(tmp.resolve("outside/2024"), plans.resolve("2024-back")); // and back under another name
        assertEquals(2, waitFor("site plan", 2).size());
        Files.writeString(plans.resolve("2024-back/site/Later-Sheet.dwg"), "x");
        assertEquals(List.of("/Plans/2024-back/site/Later-Sheet.dwg"), waitFor("later sheet", 1));
        assertEquals(watched, index.watchedFolders());
    }

    private List<String> waitFor(String query, int count, String... expected) throws Exception {
        long start = System.nanoTime();
        while (true) {
            List<String> found = find(query);
            if (found.size() == count && (expected.length == 0 || found.equals(List.of(expected)))) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms <= 3000, "took " + ms + " ms");
                return found;
            }
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "after 3 s: " + found);
            Thread.sleep(20);
        }
    }

    @Test
    void unsharingDropsResultsAtOnce() throws Exception {
        assertEquals(2, find("site plan").size());
        settings.set(settings.get().withoutShare("Plans"));
        assertEquals(List.of(), find("site plan"), "the live settings decide, even before the index drops it");
        index.settingsChanged();
        settings.set(settings.get().withShare(new Share("Plans", photos, true, Map.of(Share.ACCOUNTS,
                Access.READ))));
        assertEquals(List.of(), find("site plan"), "a share of that name elsewhere shows none of the old files");
    }

    @Test
    void withoutEnoughWatchesRescansKeepItCurrent() throws Exception {
        index.close();
        index = start(tmp.resolve("index2"), 1);
        Files.writeString(plans.resolve("2024/site/late-addition.dwg"), "x");
        long start = System.nanoTime();
        while (find("late addition").isEmpty()) {
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "a starved share is rescanned every second");
            Thread.sleep(50);
        }
    }

    @Test
    void hostileQueriesAreRefusedBeforeAnyWork() {
        assertThrows(SearchRequest.BadRequest.class, () -> find("*?*?**?? ***"));
        assertThrows(SearchRequest.BadRequest.class, () -> find("a b c d e f g h i"));
        assertThrows(SearchRequest.BadRequest.class, () -> find("x".repeat(65)));
        assertThrows(SearchRequest.BadRequest.class, () -> SearchRequest.parse("{\"query\":\"" + "a ".repeat(
                3000) + "\"}"));
        assertThrows(SearchRequest.BadRequest.class, () -> find(new SearchRequest("a", null, null, null, 10, 100)));
    }

    @Test
    void wordsSplitTheWayPeopleType() {
        assertEquals(List.of("site", "plan", "v3", "v", "3", "dwg"), List.copyOf(Words.ofName("Site-Plan_v3.dwg")));
        assertEquals(List.of("xml", "file", "reader"), List.copyOf(Words.ofName("XMLFileReader")));
        assertEquals(List.of("über", "uber", "straße2024", "straße", "2024", "strasse2024", "strasse", "pdf"),
                Words.ofName("Über-Straße2024.PDF"), "beyond ASCII, in ASCII too");
        assertEquals(List.of("café", "cafe", "menu", "pdf"), Words.ofName("cafe\u0301-menu.pdf"),
                "the accent macOS writes as a mark of its own is part of the word");
        assertEquals(List.of("東京", "plan"), Words.ofName("東京 plan"), "no ASCII form, once");
        assertEquals(List.of("muller", "cafe", "grundriss"), Words.ofQuery("MÜLLER Café Grundriß"));
        assertEquals(List.of("plan", "2", "plan2"), Words.ofName("plan 2 plan2"), "each word once");
        assertEquals(List.of("site", "plan"), Words.ofQuery("site*plan?"));
    }
}
