package dev.lanshare.bench;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.gateway.Gateway;
import dev.lanshare.service.gateway.PeerFiles;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerTarget;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.vfs2.FileObject;

/**
 * This machine's WebDAV gateway, as the service runs it, with the benchmark's lanshare service as its one
 * colleague ({@link #NAME}) at whatever port {@link #colleagueAt} says (the service's own, or a relay's). It counts
 * the requests that reach the colleague ({@link PeerFiles#resolve}), to show what its cache saves.
 */
final class BenchGateway implements Closeable {
    static final String NAME = "Bench Mac";

    private final Gateway gateway;
    private final AtomicInteger toColleague = new AtomicInteger();
    private volatile int colleaguePort;

    private BenchGateway(AppDirs dirs, String fingerprint) throws IOException {
        PeerFiles real = PeerFiles.overPeerClient(dirs);
        PeerFiles counting = new PeerFiles() {
            @Override
            public FileObject resolve(PeerTarget peer, String remotePath) throws PeerException {
                toColleague.incrementAndGet();
                return real.resolve(peer, remotePath);
            }

            @Override
            public boolean guest(PeerTarget peer) {
                return real.guest(peer);
            }

            @Override
            public void drop(PeerTarget peer) {
                real.drop(peer);
            }

            @Override
            public void close() {
                real.close();
            }
        };
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
        return toColleague.get();
    }

    @Override
    public void close() {
        gateway.close();
    }
}
