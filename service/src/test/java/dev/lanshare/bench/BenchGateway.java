package dev.lanshare.bench;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.gateway.CountingPeerFiles;
import dev.lanshare.service.gateway.Gateway;
import dev.lanshare.service.gateway.PeerFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * This machine's WebDAV gateway, as the service runs it, with the benchmark's lanshare service as its one
 * colleague ({@link #NAME}) at whatever port {@link #colleagueAt} says (the service's own, or a relay's). It counts
 * the requests that reach the colleague ({@link PeerFiles#resolve}), to show what its cache saves.
 */
final class BenchGateway implements Closeable {
    static final String NAME = "Bench Mac";

    private final Gateway gateway;
    private final CountingPeerFiles counting;
    private volatile int colleaguePort;

    private BenchGateway(AppDirs dirs, String fingerprint) throws IOException {
        counting = new CountingPeerFiles(PeerFiles.overPeerClient(dirs));
        gateway = Gateway.start(new Gateway.Options(dirs.state(), Server.freePort(), () -> List.of(Map.of(
                "deviceId", "bench-device", "name", NAME, "address", "127.0.0.1", "port", colleaguePort,
                "fingerprint", fingerprint, "shares", List.of(Map.of("name", LanshareServer.SHARE, "readOnly", false,
                        "guests", true)))), counting, p -> { }));
    }

    /** A gateway in {@code home} (its token, trusted keys) for a colleague with host key {@code fingerprint}. */
    static BenchGateway start(Path home, String fingerprint, int colleaguePort) throws IOException {
        BenchGateway g = new BenchGateway(AppDirs.under(home), fingerprint);
        g.colleagueAt(colleaguePort);
        return g;
    }

    void colleagueAt(int port) {
        colleaguePort = port;
    }

    /** The URL of the share, ending with a slash. */
    String shareUrl() {
        return gateway.url() + "Bench%20Mac/" + LanshareServer.SHARE + "/";
    }

    /** How many times a request went to the colleague so far. */
    int requestsToColleague() {
        return counting.requests.size();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
