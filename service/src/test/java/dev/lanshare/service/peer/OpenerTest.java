package dev.lanshare.service.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenerTest {
    static final String URL = "sftp://guest@ann.local:2222/Plans";

    private static Optional<List<String>> choose(Map<String, String> env, String... installed) {
        return Opener.command(URL, env, Set.of(installed)::contains);
    }

    @Test
    void withoutADesktopTheUrlIsPrinted() {
        assertEquals(Optional.empty(), choose(Map.of(), "gio", "xdg-open"));
        assertEquals(Optional.empty(), choose(Map.of("XDG_CURRENT_DESKTOP", "GNOME"), "gio"));
    }

    @Test
    void gnomeUsesGio_kdeUsesKioclient_elseXdgOpen() {
        assertEquals(Optional.of(List.of("gio", "open", URL)),
                choose(Map.of("DISPLAY", ":0", "XDG_CURRENT_DESKTOP", "ubuntu:GNOME"), "gio", "xdg-open"));
        assertEquals(Optional.of(List.of("kioclient", "exec", URL)),
                choose(Map.of("WAYLAND_DISPLAY", "wayland-0", "XDG_CURRENT_DESKTOP", "KDE"), "kioclient", "gio"));
        assertEquals(Optional.of(List.of("kioclient5", "exec", URL)),
                choose(Map.of("DISPLAY", ":0", "XDG_CURRENT_DESKTOP", "KDE"), "kioclient5", "xdg-open"));
        assertEquals(Optional.of(List.of("xdg-open", URL)),
                choose(Map.of("DISPLAY", ":0", "XDG_CURRENT_DESKTOP", "XFCE"), "xdg-open"));
        assertEquals(Optional.of(List.of("xdg-open", URL)),
                choose(Map.of("DISPLAY", ":0", "XDG_CURRENT_DESKTOP", "KDE"), "gio", "xdg-open"));
        assertEquals(Optional.empty(), choose(Map.of("DISPLAY", ":0")));
    }

    static final String GATEWAY = "http://127.0.0.1:2280/0123abcd/";

    @Test
    void finderMountsTheGatewaysUrlThenOpensTheMountedFolder() {
        assertEquals(List.of(List.of("osascript", "-e",
                "mount volume \"http://127.0.0.1:2280/0123abcd/Ann's%20Mac/Pl%C3%A4ne/\""),
                List.of("open", "/Volumes/Pläne")),
                Opener.viaGateway(GATEWAY, "Ann's Mac", "Pläne", "Mac OS X", Map.of(), p -> false));
        assertEquals(List.of("open", "/Volumes/Ann's Mac"),
                Opener.viaGateway(GATEWAY, "Ann's Mac", null, "Mac OS X", Map.of(), p -> false).get(1));
    }

    @Test
    void explorerConnectsWithNetUseThenOpensTheFolder() {
        String unc = "\\\\127.0.0.1@2280\\0123abcd\\Ann's Mac\\Plans";
        assertEquals(List.of(List.of("net", "use", unc), List.of("explorer.exe", unc)),
                Opener.viaGateway(GATEWAY, "Ann's Mac", "Plans", "Windows 11", Map.of(), p -> false));
    }

    @Test
    void linuxDesktopsOpenTheGatewayAsDavWhenAsked() {
        Map<String, String> gnome = Map.of("DISPLAY", ":0", "XDG_CURRENT_DESKTOP", "GNOME");
        assertEquals(List.of(List.of("gio", "open", "dav://127.0.0.1:2280/0123abcd/Ann's%20Mac/Plans/")),
                Opener.viaGateway(GATEWAY, "Ann's Mac", "Plans", "Linux", gnome, Set.of("gio")::contains));
        Map<String, String> kde = Map.of("DISPLAY", ":0", "XDG_CURRENT_DESKTOP", "KDE");
        assertEquals(List.of(List.of("kioclient", "exec", "webdav://127.0.0.1:2280/0123abcd/Ann's%20Mac/Plans/")),
                Opener.viaGateway(GATEWAY, "Ann's Mac", "Plans", "Linux", kde, Set.of("kioclient")::contains));
        assertEquals(List.of(), Opener.viaGateway(GATEWAY, "Ann's Mac", "Plans", "Linux", Map.of(), p -> true),
                "no desktop: the address is printed");
        assertTrue(Opener.needsGateway("Mac OS X") && Opener.needsGateway("Windows 10"));
        assertFalse(Opener.needsGateway("Linux"));
    }

    @Test
    void peerAddressesParse() {
        assertEquals(new PeerAddress("Ann's Mac", "Plans", "a/b.dwg"), PeerAddress.parse("Ann's Mac/Plans/a/b.dwg"));
        assertEquals(new PeerAddress("10.0.0.5:2300", null, null), PeerAddress.parse("10.0.0.5:2300"));
        assertEquals(new PeerAddress("[fe80::1]:2222", "Plans", null), PeerAddress.parse("[fe80::1]:2222/Plans/"));
        assertEquals("/Plans/a", PeerAddress.parse("ann//Plans//a").remotePath());
        assertEquals("/", PeerAddress.parse("ann").remotePath());
        // "." and ".." as in any path (the colleague's server refused them: "Invalid relative file name."), but
        // never above the list of shares
        assertEquals(new PeerAddress("ann", "Plans", "b.dwg"), PeerAddress.parse("ann/Plans/a/../b.dwg"));
        assertEquals(new PeerAddress("ann", "Plans", "a"), PeerAddress.parse("ann/./Plans/./a/."));
        assertEquals(new PeerAddress("ann", null, null), PeerAddress.parse("ann/Plans/.."));
        assertEquals(new PeerAddress("ann", "...", null), PeerAddress.parse("ann/..."));
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
                () -> PeerAddress.parse("ann/Plans/../../etc/passwd"));
        assertEquals("'ann/Plans/../../etc/passwd' goes above the colleague's shares ('..')", above.getMessage());
    }

    /** Peers as the service's peers.list describes them (discovery's Peer.describe()). */
    private static List<PeerInfo> office() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        return List.of(json.convertValue(Map.of("deviceId", "8b4706077d98afb4085d44fba234f5eb", "name", "Ann's Mac",
                        "address", "198.18.0.11", "port", 2222, "fingerprint", "SHA256:abc", "guests", true,
                        "shares", List.of(Map.of("name", "Plans", "readOnly", true, "guests", true))), PeerInfo.class),
                json.convertValue(Map.of("deviceId", "0c4706077d98afb4085d44fba234f5ff", "name", "Anton's PC",
                        "address", "198.18.0.12", "port", 2223, "fingerprint", "SHA256:def", "guests", false,
                        "shares", List.of()), PeerInfo.class));
    }

    @Test
    void peersResolveByNameUniquePrefixOrDeviceId() throws Exception {
        PeerTarget ann = PeerResolver.resolve("ann's", office());
        assertEquals("198.18.0.11", ann.host());
        assertEquals("8b4706077d98afb4085d44fba234f5eb", ann.trustId());
        assertEquals(Optional.of("SHA256:abc"), ann.fingerprint());
        assertEquals(true, ann.guests());
        assertEquals(2223, PeerResolver.resolve("0c4706077d98afb4085d44fba234f5ff", office()).port());
        assertEquals("Anton's PC", PeerResolver.resolve("anton's pc", office()).label());
        PeerException ambiguous = org.junit.jupiter.api.Assertions.assertThrows(PeerException.class,
                () -> PeerResolver.resolve("an", office()));
        org.junit.jupiter.api.Assertions.assertTrue(ambiguous.getMessage().contains("could be"));
        org.junit.jupiter.api.Assertions.assertThrows(PeerException.class, () -> PeerResolver.resolve("bob",
                office()));
    }

    /**
     * A known colleague given by its address is the same colleague as by its name: `lanshare login 198.18.0.11`
     * remembered the account under the address, so the name, `find` and the gateway went on as the guest.
     */
    @Test
    void aKnownPeerGivenByItsAddressIsThatPeer() throws Exception {
        for (String typed : List.of("198.18.0.11:2222", "198.18.0.11")) {
            PeerTarget t = PeerResolver.resolve(typed, office());
            assertEquals(typed, t.label());
            assertEquals("198.18.0.11", t.host());
            assertEquals("8b4706077d98afb4085d44fba234f5eb", t.trustId(), typed);
            assertEquals(Optional.of("SHA256:abc"), t.fingerprint());
        }
        assertEquals("198.18.0.11:2300", PeerResolver.resolve("198.18.0.11:2300", office()).trustId(),
                "another port is another service");
    }

    @Test
    void hostAndPortNeedNoDiscovery() throws Exception {
        PeerTarget t = PeerResolver.resolve("127.0.0.1:2300", List.of());
        assertEquals("127.0.0.1", t.host());
        assertEquals(2300, t.port());
        assertEquals("sftp://guest@127.0.0.1:2300/Plans", t.url("guest", "/Plans"));
        // what a URL cannot hold as written is %-escaped (a '#' began a fragment: the file manager opened "/Plans/Site ")
        assertEquals("sftp://guest@127.0.0.1:2300/Plans/Site%20%232/M%C3%BCller%20Haus%25", t.url("guest",
                "/Plans/Site #2/Müller Haus%"));
        assertEquals("/Plans/Site #2/Müller Haus%", java.net.URI.create(t.url("guest", "/Plans/Site #2/Müller Haus%"))
                .getPath(), "read back as it was");
        assertEquals("sftp://[fe80::1]:2222/", PeerResolver.resolve("[fe80::1]:2222", List.of()).url(null, "/"));
    }
}
