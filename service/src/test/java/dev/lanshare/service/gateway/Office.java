package dev.lanshare.service.gateway;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.TestHome;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.RememberedPasswords;
import dev.lanshare.service.keys.HostKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two real lanshare services on loopback as colleagues, and this user's gateway over them. "Ann's Mac" shares
 * Plans (read-write for ben, whose login this user remembers) and Archive (read-only, guests too); "Dora's PC"
 * shares only with an account this user has no password for.
 */
final class Office implements AutoCloseable {
    static final String ANN = "Ann's Mac";
    static final String DORA = "Dora's PC";

    final TestHome ann;
    final TestHome dora;
    final AppDirs here;
    final Path plans;
    final Path archive;
    final Gateway gateway;
    /** Every connection the gateway asked for, by colleague label. */
    final List<String> connections;
    final AtomicInteger keptPort = new AtomicInteger();
    /** The machine that answers as Ann's Mac: Ann's own, or another (a replaced machine, an impostor). */
    volatile TestHome annAnswers;
    /** Another machine that calls itself "Ann's Mac" (device "twin-device"), listed before Ann's when set. */
    volatile TestHome twin;

    Office(Path tmp) throws Exception {
        here = AppDirs.under(tmp.resolve("here"));
        String clientKey = HostKey.loadOrCreate(here.config().resolve("client_key")).publicKeyLine();
        ann = new TestHome(tmp.resolve("ann"));
        plans = ann.folder("Plans");
        archive = ann.folder("Archive");
        Files.writeString(archive.resolve("guide.txt"), "for guests");
        ann.account("ben", clientKey).share("Plans", plans, false, "ben:write")
                .share("Archive", archive, true, "guests", "ben");
        ann.start();
        annAnswers = ann;
        dora = new TestHome(tmp.resolve("dora"));
        dora.account("eve").share("Books", dora.folder("Books"), false, "eve:write");
        dora.start();
        new RememberedPasswords(here.peerPasswords()).remember("ann-device",
                new PeerClient.Credentials("ben", ""));
        CountingPeerFiles counting = new CountingPeerFiles(PeerFiles.overPeerClient(here));
        connections = counting.requests;
        gateway = Gateway.start(new Gateway.Options(here.state(), freePort(), this::peers, counting,
                keptPort::set));
    }

    /** The colleagues as the gateway sees them. */
    List<Colleague> colleagues() {
        return Colleague.of(peers());
    }

    List<Map<String, Object>> peers() {
        List<Map<String, Object>> out = new ArrayList<>();
        TestHome t = twin;
        if (t != null) {
            out.add(peer("twin-device", ANN, t, List.of(share("Plans", false, true))));
        }
        out.add(peer("ann-device", ANN, annAnswers, List.of(share("Plans", false, false), share("Archive", true, true))));
        out.add(peer("dora-device", DORA, dora, List.of(share("Books", false, false))));
        return out;
    }

    private static Map<String, Object> peer(String id, String name, TestHome home, List<Object> shares) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", id);
        m.put("name", name);
        m.put("address", "127.0.0.1");
        m.put("port", home.port());
        m.put("fingerprint", home.service().fingerprint());
        m.put("shares", shares);
        return m;
    }

    private static Map<String, Object> share(String name, boolean readOnly, boolean guests) {
        return Map.of("name", name, "readOnly", readOnly, "guests", guests);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The URL of a share of Ann's, e.g. {@code url("Plans")}, ending with a slash. */
    String url(String share) {
        return gateway.url() + "Ann%27s%20Mac/" + share + "/";
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        ann.close();
        dora.close();
    }
}
