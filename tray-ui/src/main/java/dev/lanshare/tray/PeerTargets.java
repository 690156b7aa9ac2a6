package dev.lanshare.tray;

import dev.lanshare.service.peer.PeerResolver;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.tray.model.Peer;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Where the peer client connects for a colleague in the menu: host and port from its sftp:// address. */
public final class PeerTargets {
    private PeerTargets() {
    }

    public static PeerTarget of(Peer peer) {
        URI uri = URI.create(peer.url());
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(peer.name() + " has no usable address (" + peer.url() + ")");
        }
        String host = uri.getHost().replaceAll("^\\[|\\]$", "");
        int port = uri.getPort() > 0 ? uri.getPort() : PeerResolver.DEFAULT_PORT;
        // host keys are remembered by device id where the peer has one: addresses change, the id does not
        String trustId = peer.deviceId().isEmpty() ? host.toLowerCase(Locale.ROOT) + ":" + port : peer.deviceId();
        boolean guests = peer.shares().stream().anyMatch(Peer.Share::guests);
        return new PeerTarget(peer.name(), host, port, trustId,
                peer.fingerprint().isEmpty() ? Optional.empty() : Optional.of(peer.fingerprint()), guests);
    }
}
