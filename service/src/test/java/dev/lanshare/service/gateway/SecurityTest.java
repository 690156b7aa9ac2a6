package dev.lanshare.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.TestHome;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who can reach the gateway, and what it refuses, tried with curl against real colleagues. */
class SecurityTest extends WithOffice {
    /** The gateway's root, above its token. */
    String base;

    @BeforeAll
    void base() {
        base = "http://127.0.0.1:" + office.gateway.port() + "/";
    }

    @BeforeEach
    void forget() {
        office.connections.clear();
    }

    @Test
    void aWrongTokenIs404AndNoColleagueIsContacted() throws Exception {
        String wrong = "0123456789abcdef0123456789abcdef";
        for (String path : List.of(wrong + "/", wrong + "/Ann%27s%20Mac/Plans/", "", "favicon.ico",
                office.gateway.url().substring(base.length(), base.length() + 10) + "/Ann%27s%20Mac/")) {
            assertEquals(404, Curl.of(tmp, base + path).status(), path);
            assertEquals(404, Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", base + path).status(), path);
        }
        assertEquals(List.of(), office.connections);
    }

    @Test
    void nothingAboveTheTokenPathIsServed() throws Exception {
        for (String above : List.of("../", "..%2f", "%2e%2e/", "Ann%27s%20Mac/../../")) {
            int status = Curl.of(tmp, office.gateway.url() + above).status();
            assertTrue(status == 404 || status == 400, above + " -> " + status);
        }
        Curl escape = Curl.of(tmp, office.url("Archive") + "..%2f..%2f..%2fetc%2fhostname");
        assertTrue(escape.status() == 404 || escape.status() == 400, escape.toString());
        assertEquals(List.of(), office.connections.stream().filter(c -> !c.equals(Office.ANN)).toList());
    }

    /**
     * A colleague's HTML page opened in a browser through the gateway is sandboxed: a script in it would run in the
     * gateway's origin, from which it could read and change every share this user reaches.
     */
    @Test
    void aColleaguesPageRunsNoScriptInTheGatewaysOrigin() throws Exception {
        Files.writeString(office.archive.resolve("page.html"), "<script>fetch('../../')</script>");
        try {
            Curl get = Curl.of(tmp, "-D", "-", office.url("Archive") + "page.html");
            assertEquals(200, get.status(), get.body());
            String headers = get.body().toLowerCase(java.util.Locale.ROOT);
            assertTrue(headers.contains("content-type: text/html"), headers);
            assertTrue(headers.contains("content-security-policy: sandbox\r\n"), headers);
            assertTrue(headers.contains("x-content-type-options: nosniff"), headers);
        } finally {
            Files.delete(office.archive.resolve("page.html"));
        }
    }

    @Test
    void aForeignHostHeaderIsRefused() throws Exception {
        int port = office.gateway.port();
        for (String host : List.of("evil.example:" + port, "127.0.0.1.nip.io:" + port, "127.0.0.1:" + (port + 1),
                "localhost")) {
            Curl c = Curl.of(tmp, "-H", "Host: " + host, office.url("Archive") + "guide.txt");
            assertEquals(403, c.status(), host);
        }
        assertEquals(List.of(), office.connections);
        assertEquals(200, Curl.of(tmp, "-H", "Host: localhost:" + port, office.url("Archive") + "guide.txt")
                .status());
    }

    @Test
    void aConnectionFromAnotherUserIsRefused() throws Exception {
        String url = office.url("Archive") + "guide.txt";
        Run other = Run.of(tmp, List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "curl",
                "-s", "-o", "/dev/null", "-w", "%{http_code}", url), null);
        assertEquals("403", other.output().strip(), other.output());
        assertEquals(List.of(), office.connections);
        assertEquals(200, Curl.of(tmp, url).status());
    }

    @Test
    void aReadOnlyShareRefusesEveryWriteMethod() throws Exception {
        List<String> before = TestHome.snapshot(office.archive);
        String ro = office.url("Archive");
        String lock = "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/>"
                + "</D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>";
        String patch = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:schemas-microsoft-"
                + "com:\"><D:set><D:prop><Z:Win32LastModifiedTime>Wed, 01 Jan 2020 00:00:00 GMT"
                + "</Z:Win32LastModifiedTime></D:prop></D:set></D:propertyupdate>";
        List<List<String>> writes = List.of(
                List.of("-X", "PUT", "--data-binary", "x", ro + "new.txt"),
                List.of("-X", "PUT", "--data-binary", "x", ro + "guide.txt"),
                List.of("-X", "PUT", "--data-binary", "x", ro + "._guide.txt"),
                List.of("-X", "DELETE", ro + "guide.txt"),
                List.of("-X", "MKCOL", ro + "folder"),
                List.of("-X", "PROPPATCH", "--data", patch, ro + "guide.txt"),
                List.of("-X", "COPY", "-H", "Destination: " + ro + "copy.txt", ro + "guide.txt"),
                List.of("-X", "MOVE", "-H", "Destination: " + office.url("Plans") + "moved.txt", ro + "guide.txt"),
                List.of("-X", "MOVE", "-H", "Destination: " + ro + "renamed.txt", ro + "guide.txt"),
                List.of("-X", "LOCK", "--data", lock, ro + "guide.txt"),
                List.of("-X", "LOCK", "--data", lock, ro + "unmapped.txt"));
        for (List<String> w : writes) {
            Curl c = Curl.of(tmp, w.toArray(new String[0]));
            assertEquals(403, c.status(), w + " -> " + c.body());
        }
        assertEquals(before, TestHome.snapshot(office.archive));
        String props = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", ro).body();
        assertTrue(props.contains(">00000001</Z:Win32FileAttributes>"), props);
    }

    /** A Mac asks for a share's name decomposed: a share announced read-only is read-only however it is spelled. */
    @Test
    void aReadOnlyShareIsReadOnlyInEitherNormalization() {
        java.util.Map<String, Object> ann = new java.util.LinkedHashMap<>(office.peers().get(0));
        ann.put("shares", List.of(java.util.Map.of("name", "Caf\u00e9", "readOnly", true, "guests", true)));
        Colleague c = Colleague.of(List.of(ann)).get(0);
        assertTrue(c.readOnly("Caf\u00e9") && c.readOnly("Cafe\u0301") && c.readOnly("CAFE\u0301"));
        assertFalse(c.readOnly("Plans"));
    }

    /**
     * Another machine answering as Ann's Mac, with its own host key (announced as Ann's): the gateway refuses it
     * as {@code lanshare ls} does, says so, and serves none of its files.
     */
    @Test
    void aChangedHostKeyStopsTheGatewaysConnectionAsItStopsTheCli() throws Exception {
        String plans = office.url("Plans");
        Files.writeString(office.plans.resolve("real.txt"), "Ann's own");
        Thread.sleep(Tree.TTL_MILLIS + 200);
        assertTrue(Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", plans).body().contains("real.txt"),
                "Ann's key is pinned on first use");
        try (TestHome impostor = new TestHome(tmp.resolve("impostor"))) {
            Path fake = impostor.folder("Plans");
            Files.writeString(fake.resolve("fake.txt"), "not Ann's");
            impostor.share("Plans", fake, false, "guests:write", "accounts:write").start();
            office.annAnswers = impostor;
            try {
                Thread.sleep(Tree.TTL_MILLIS + 200);
                Curl listing = Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", plans);
                assertFalse(listing.body().contains("fake.txt"), listing.toString());
                Curl get = Curl.of(tmp, plans + "fake.txt");
                assertNotEquals(200, get.status(), get.toString());
                assertFalse(get.body().contains("not Ann's"), get.toString());
                Curl put = Curl.send(tmp, "overwrite", "-T", "-", plans + "fake.txt");
                assertTrue(put.status() >= 400, put.toString());
                assertEquals("not Ann's", Files.readString(fake.resolve("fake.txt")));
                String folder = office.gateway.url() + "Ann%27s%20Mac/";
                assertTrue(Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", folder).body()
                        .contains("How%20to%20open%20this%20folder.txt"));
                String why = Curl.of(tmp, folder + "How%20to%20open%20this%20folder.txt").body();
                assertTrue(why.contains("the host key of Ann's Mac has CHANGED"), why);
                assertFalse(why.contains("lanshare login"), "no log-in advice for a changed key: " + why);
            } finally {
                office.annAnswers = office.ann;
                Thread.sleep(Tree.TTL_MILLIS + 200); // the note expires; Ann answers again with her own key
            }
        }
    }

    @Test
    void theTokenFileIsOwnerOnlyAndKept() throws Exception {
        Path file = office.here.state().resolve("gateway-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(office.gateway.url().contains("/" + Files.readString(file).strip() + "/"));
        assertEquals(Files.readString(file).strip(), Gateway.token(office.here.state()));
    }

    @Test
    void aTakenPortMovesToTheNextFreeOneWhichIsKept() throws Exception {
        int wanted = Office.freePort();
        try (ServerSocket taken = new ServerSocket(wanted, 1, InetAddress.getByName("127.0.0.1"))) {
            java.util.concurrent.atomic.AtomicInteger kept = new java.util.concurrent.atomic.AtomicInteger();
            try (Gateway g = Gateway.start(new Gateway.Options(tmp.resolve("other"), wanted, List::of,
                    PeerFiles.overPeerClient(office.here), kept::set))) {
                assertTrue(g.port() > wanted && g.port() < wanted + Gateway.PORTS_TRIED, "" + g.port());
                assertEquals(g.port(), kept.get());
                assertEquals(207, Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 0", g.url()).status());
            }
        }
    }

    @Test
    void theServiceRunsTheGatewayAndItsStatusNamesIt() throws Exception {
        String url = office.ann.service().status().gatewayUrl().orElseThrow();
        assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/[0-9a-f]{32}/"), url);
        assertEquals(207, Curl.of(tmp, "-X", "PROPFIND", "-H", "Depth: 1", url).status());
    }
}
