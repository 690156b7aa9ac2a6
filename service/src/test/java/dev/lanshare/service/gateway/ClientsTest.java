package dev.lanshare.service.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.Normalizer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Real WebDAV clients (rclone, cadaver) and curl replays of Finder and Explorer, over a real colleague. */
class ClientsTest extends WithOffice {
    @Test
    void rcloneCopiesATreeInAndCheckFindsNoDifferences() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            Path f = tree.resolve("d" + (i % 4)).resolve(i % 5 == 0 ? "Zeichnung Ä " + i + ".dwg" : "f" + i + ".bin");
            Files.createDirectories(f.getParent());
            byte[] data = new byte[random.nextInt(i == 7 ? 3_000_000 : 40_000)];
            random.nextBytes(data);
            Files.write(f, data);
        }
        List<String> env = List.of("env", "RCLONE_CONFIG_GW_TYPE=webdav", "RCLONE_CONFIG_GW_URL=" + plans,
                "RCLONE_CONFIG_GW_VENDOR=other");
        Run copy = Run.of(tmp, cmd(env, "rclone", "copy", tree.toString(), "gw:rc"), null);
        assertEquals(0, copy.exit(), copy.output());
        Run check = Run.of(tmp, cmd(env, "rclone", "check", "--download", tree.toString(), "gw:rc"), null);
        System.out.println(check.output());
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("0 differences found"), check.output());
        try (var walk = Files.walk(office.plans.resolve("rc"))) {
            assertEquals(40, walk.filter(Files::isRegularFile).count(), "every file on Ann's disk, no part left");
        }
    }

    /** GNOME's own WebDAV client (gvfs's dav backend, as GNOME Files uses it) mounts, lists and reads. */
    @Test
    void gioMountsListsAndReads() throws Exception {
        dev.lanshare.service.Tools.require("gio");
        dev.lanshare.service.Tools.require("dbus-daemon");
        Files.writeString(office.plans.resolve("gio-note.txt"), "read by gvfs");
        settle(); // made behind the gateway's back: shown once its listing of Plans expires
        String dav = "dav" + plans.substring("http".length());
        Path runtime = Files.createDirectories(tmp.resolve("run"));
        Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String script = """
                echo "== gio mount"; gio mount "$1" </dev/null; echo "mount exit $?"
                echo "== gio list"; gio list "$1"
                echo "== gio cat"; gio cat "$1gio-note.txt"; echo
                gio mount -u "$1"
                """;
        Run r = Run.of(tmp, List.of("env", "XDG_RUNTIME_DIR=" + runtime, "dbus-run-session", "--", "sh", "-c",
                script, "gio", dav), null);
        System.out.println(r.output());
        assertTrue(r.output().contains("mount exit 0"), r.output());
        assertTrue(r.output().contains("gio-note.txt"), r.output());
        assertTrue(r.output().contains("read by gvfs"), r.output());
    }

    /** Files made on Ann's disk behind the gateway's back show once its listings expire. */
    private static void settle() throws InterruptedException {
        Thread.sleep(Tree.TTL_MILLIS + 200);
    }

    private static List<String> cmd(List<String> env, String... args) {
        var out = new java.util.ArrayList<>(env);
        out.addAll(List.of(args));
        return out;
    }

    @Test
    void cadaverLocksAndUnlocks() throws Exception {
        assertEquals(201, Curl.of(tmp, "-X", "PUT", "--data-binary", "drawing", plans + "cad.txt").status());
        Run r = Run.of(tmp, List.of("cadaver", plans), "lock cad.txt\ndiscover cad.txt\nunlock cad.txt\nquit\n");
        System.out.println(r.output());
        assertTrue(r.output().contains("Locking `cad.txt': succeeded"), r.output());
        assertTrue(r.output().contains("Unlocking `cad.txt': succeeded"), r.output());
    }

    @Test
    void finderChunkedPutWithExpectedLengthLandsWhole() throws Exception {
        byte[] data = new byte[1_500_000];
        new Random(5).nextBytes(data);
        Path src = Files.write(tmp.resolve("chunked.bin"), data);
        Curl c = Curl.send(tmp, null, "-X", "PUT", "-H", "Transfer-Encoding: chunked", "-H",
                "X-Expected-Entity-Length: " + data.length, "-H", "User-Agent: WebDAVFS/3.0.0 (03008000) Darwin",
                "-T", src.toString(), plans + "chunked.bin");
        assertEquals(201, c.status(), c.body());
        assertArrayEquals(data, Files.readAllBytes(office.plans.resolve("chunked.bin")));
        assertFalse(Files.exists(office.plans.resolve("chunked.bin" + Names.PART)));
    }

    @Test
    void finderFilesStayInTheGatewayAndNeverReachTheColleague() throws Exception {
        assertEquals(201, Curl.of(tmp, "-X", "MKCOL", plans + "mac").status());
        assertEquals(201, Curl.of(tmp, "-X", "PUT", "--data-binary", "junk", plans + "mac/.DS_Store").status());
        assertEquals(201, Curl.of(tmp, "-X", "PUT", "--data-binary", "fork", plans + "mac/._a.dwg").status());
        assertEquals("fork", Curl.of(tmp, plans + "mac/._a.dwg").body());
        String listing = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", plans + "mac/").body();
        assertTrue(listing.contains("/mac/.DS_Store<"), listing);
        office.connections.clear();
        for (int i = 0; i < 3; i++) { // Finder's flood: answered from memory and the listing, Ann is not asked
            assertEquals(200, Curl.of(tmp, "-I", plans + "mac/._a.dwg").status());
            assertEquals(404, Curl.of(tmp, plans + "mac/._b.dwg").status());
        }
        assertEquals(List.of(), office.connections);
        try (var left = Files.list(office.plans.resolve("mac"))) {
            assertEquals(List.of(), left.toList(), "nothing written into Ann's folder");
        }
        assertEquals(204, Curl.of(tmp, "-X", "DELETE", plans + "mac/._a.dwg").status());
        assertEquals(404, Curl.of(tmp, plans + "mac/._a.dwg").status());
    }

    @Test
    void decomposedNamesFromMacsMeetComposedNamesOnDisk() throws Exception {
        String composed = "Caf\u00e9 \u00c4rger.txt";
        Files.writeString(office.plans.resolve(composed), "espresso");
        settle();
        String nfd = Normalizer.normalize(composed, Normalizer.Form.NFD);
        assertTrue(!nfd.equals(composed));
        String url = plans + Locators.escape(nfd);
        assertEquals("espresso", Curl.of(tmp, url).body());
        assertEquals(204, Curl.of(tmp, "-X", "PUT", "--data-binary", "latte", url).status());
        assertEquals("latte", Files.readString(office.plans.resolve(composed)));
        try (var files = Files.list(office.plans)) {
            assertEquals(1, files.filter(p -> Normalizer.normalize(p.getFileName().toString(),
                    Normalizer.Form.NFC).equals(composed)).count(), "overwritten, not a second file");
        }
    }

    /** Linux may hold two names that differ only in Unicode normalization: each lists and opens as itself. */
    @Test
    void twoNamesThatDifferOnlyInNormalizationAreTwoFiles() throws Exception {
        Path dir = Files.createDirectories(office.plans.resolve("twins"));
        String composed = "caf\u00e9.txt";
        String decomposed = "cafe\u0301.txt";
        Files.writeString(dir.resolve(composed), "composed");
        Files.writeString(dir.resolve(decomposed), "decomposed");
        settle();
        String url = plans + "twins/";
        String listing = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", url).body();
        assertTrue(listing.contains("/twins/" + Locators.escape(composed) + "<"), listing);
        assertTrue(listing.contains("/twins/" + Locators.escape(decomposed) + "<"), listing);
        assertEquals("composed", Curl.of(tmp, url + Locators.escape(composed)).body());
        assertEquals("decomposed", Curl.of(tmp, url + Locators.escape(decomposed)).body());
        assertEquals(204, Curl.send(tmp, "decomposed 2", "-T", "-", url + Locators.escape(decomposed)).status());
        assertEquals("decomposed 2", Files.readString(dir.resolve(decomposed)));
        assertEquals("composed", Files.readString(dir.resolve(composed)));
        assertEquals(204, Curl.of(tmp, "-X", "DELETE", url + Locators.escape(composed)).status());
        try (var names = Files.list(dir)) {
            assertEquals(List.of(decomposed), names.map(f -> f.getFileName().toString()).toList());
        }
        assertEquals("decomposed 2", Curl.of(tmp, url + Locators.escape(composed)).body(), "a Linux client's "
                + "composed name still reaches the one file that differs only so");
    }

    @Test
    void explorerSetsTimesWithProppatchAndReadsWithTranslateF() throws Exception {
        Files.writeString(office.plans.resolve("times.txt"), "t");
        settle();
        String patch = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><D:propertyupdate xmlns:D=\"DAV:\" "
                + "xmlns:Z=\"urn:schemas-microsoft-com:\"><D:set><D:prop>"
                + "<Z:Win32CreationTime>Tue, 04 Feb 2020 10:00:00 GMT</Z:Win32CreationTime>"
                + "<Z:Win32LastAccessTime>Tue, 04 Feb 2020 10:00:00 GMT</Z:Win32LastAccessTime>"
                + "<Z:Win32LastModifiedTime>Wed, 05 Feb 2020 11:22:33 GMT</Z:Win32LastModifiedTime>"
                + "<Z:Win32FileAttributes>00000020</Z:Win32FileAttributes>"
                + "</D:prop></D:set></D:propertyupdate>";
        Curl c = Curl.of(tmp, "-X", "PROPPATCH", "-H", "User-Agent: Microsoft-WebDAV-MiniRedir/10.0.19045",
                "-H", "Content-Type: text/xml; charset=\"utf-8\"", "--data", patch, plans + "times.txt");
        assertEquals(207, c.status(), c.body());
        assertFalse(c.body().contains("HTTP/1.1 4") || c.body().contains("HTTP/1.1 5"), c.body());
        assertEquals(FileTime.fromMillis(1580901753000L), Files.getLastModifiedTime(office.plans.resolve("times.txt")));
        Curl get = Curl.of(tmp, "-H", "translate: f", "-H", "User-Agent: Microsoft-WebDAV-MiniRedir/10.0.19045",
                plans + "times.txt");
        assertEquals(200, get.status());
        assertEquals("t", get.body());
    }

    @Test
    void programsReadPartsOfBigFilesWithRanges() throws Exception {
        byte[] data = new byte[2_000_000];
        new Random(9).nextBytes(data);
        Files.write(office.plans.resolve("big.bin"), data);
        settle();
        Path out = tmp.resolve("part.bin");
        Curl c = Curl.of(tmp, "-r", "1000000-1000099", "-o", out.toString(), plans + "big.bin");
        assertEquals(206, c.status());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1_000_000, 1_000_100), Files.readAllBytes(out));
        assertEquals(206, Curl.of(tmp, "-r", "-10", "-o", out.toString(), plans + "big.bin").status());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, data.length - 10, data.length), Files.readAllBytes(out));
        assertEquals(416, Curl.of(tmp, "-r", "3000000-", plans + "big.bin").status());
        String head = Run.of(tmp, "curl", "-s", "-I", plans + "big.bin").output();
        assertTrue(head.contains("Accept-Ranges: bytes") && head.contains("Content-Length: 2000000"), head);
    }

    /**
     * A file changed on the colleague right after a listing is downloaded as it is now, with a matching length: the
     * listing may be up to {@link Tree#TTL_MILLIS} old, a download may not (it was sized by the listing: a longer
     * file failed with 500, a shorter one promised bytes it never sent, a range came from the old size).
     */
    @Test
    void aFileChangedJustAfterAListingIsDownloadedAsItIsNow() throws Exception {
        Path dir = Files.createDirectories(office.plans.resolve("fresh"));
        Files.writeString(dir.resolve("memo.txt"), "short");
        settle();
        String url = plans + "fresh/";
        String listing = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", url).body();
        assertTrue(listing.contains("<D:getcontentlength>5<"), listing);
        String longer = "a much longer memo than before";
        Files.writeString(dir.resolve("memo.txt"), longer);
        Files.writeString(dir.resolve("new.txt"), "made after the listing");
        Curl get = Curl.of(tmp, url + "memo.txt");
        assertEquals(200, get.status(), get.body());
        assertEquals(longer, get.body());
        assertEquals("made after the listing", Curl.of(tmp, url + "new.txt").body());
        String head = Run.of(tmp, "curl", "-s", "-I", url + "memo.txt").output();
        assertTrue(head.contains("Content-Length: " + longer.length()), head);
        assertEquals("before", Curl.of(tmp, "-r", "-6", url + "memo.txt").body().substring(0, 6));
        Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", url); // listed again: the long size is cached
        Files.writeString(dir.resolve("memo.txt"), "tiny");
        Run shrunk = Run.of(tmp, "curl", "-s", "-i", "--max-time", "20", url + "memo.txt");
        assertTrue(shrunk.output().contains("Content-Length: 4") && shrunk.output().endsWith("\r\n\r\ntiny"),
                shrunk.output());
        assertEquals(206, Curl.of(tmp, "-r", "0-1", url + "memo.txt").status());
        assertEquals("ti", Curl.of(tmp, "-r", "0-1", url + "memo.txt").body());
    }

    @Test
    void anUploadIsAPartFileUntilItIsComplete() throws Exception {
        Process p = new ProcessBuilder("curl", "-s", "-T", "-", plans + "slow.dwg").redirectErrorStream(true).start();
        byte[] half = new byte[300_000];
        p.getOutputStream().write(half);
        p.getOutputStream().flush();
        // each upload has a part of its own: slow.dwg.RANDOM.lanshare-part
        java.util.function.Supplier<Path> findPart = () -> {
            try (var names = Files.list(office.plans)) {
                return names.filter(f -> f.getFileName().toString().matches("slow\\.dwg\\.[0-9a-f]{8}"
                        + java.util.regex.Pattern.quote(Names.PART))).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (findPart.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Path part = findPart.get();
        assertTrue(part != null, "the upload goes to a part file");
        assertFalse(Files.exists(office.plans.resolve("slow.dwg")), "nobody sees a half-saved drawing");
        String listing = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", plans).body();
        assertFalse(listing.contains(Names.PART), "part files are not listed");
        p.getOutputStream().write(half);
        p.getOutputStream().close();
        assertEquals(0, p.waitFor());
        assertEquals(600_000, Files.size(office.plans.resolve("slow.dwg")));
        assertFalse(Files.exists(part));
    }

    @Test
    void theTreeListsColleaguesThenSharesAndExplainsAMissingLogin() throws Exception {
        String top = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", office.gateway.url()).body();
        assertTrue(top.contains("Ann%27s%20Mac/<") && top.contains("Dora%27s%20PC/<"), top);
        String ann = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", office.gateway.url() + "Ann%27s%20Mac/").body();
        assertTrue(ann.contains("/Plans/<") && ann.contains("/Archive/<"), ann);
        String dora = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", office.gateway.url() + "Dora%27s%20PC/").body();
        assertTrue(dora.contains("How%20to%20open%20this%20folder.txt<"), dora);
        String note = Curl.of(tmp, office.gateway.url() + "Dora%27s%20PC/How%20to%20open%20this%20folder.txt").body();
        assertTrue(note.contains("lanshare login \"Dora's PC\""), note);
        String options = Run.of(tmp, "curl", "-s", "-i", "-X", "OPTIONS", plans).output();
        assertTrue(options.contains("DAV: 1, 2"), options);
        String props = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 0", plans).body();
        assertFalse(props.contains("quota"), props);
    }

    @Test
    void listingsAreCachedAndDroppedOnAWriteThroughTheGateway() throws Exception {
        Files.createDirectories(office.plans.resolve("cache"));
        settle();
        String url = plans + "cache/";
        Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", url);
        office.connections.clear();
        for (int i = 0; i < 5; i++) {
            Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", url);
        }
        assertEquals(List.of(), office.connections, "repeated within the cache time: no request to Ann");
        Files.writeString(office.plans.resolve("cache/behind.txt"), "x"); // not through the gateway
        assertEquals(201, Curl.of(tmp, "-X", "PUT", "--data-binary", "y", url + "through.txt").status());
        String listing = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", url).body();
        assertTrue(listing.contains("through.txt") && listing.contains("behind.txt"), listing);
    }
}
