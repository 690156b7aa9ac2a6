package dev.lanshare.tray;

import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.RememberedPasswords;
import dev.lanshare.tray.model.Peer;
import java.io.IOException;
import java.util.Optional;

/**
 * Who the browse window logs in as on a colleague's share: the account remembered for that peer (the peer
 * client's {@code peer_passwords}, shared with {@code lanshare get --remember}), else the guest where the share is
 * open to guests; else nobody yet, and the owner is asked. Reads a file: not on the Swing thread.
 */
public final class PeerLogin {
    private PeerLogin() {
    }

    public static Optional<PeerClient.Credentials> known(Peer peer, String share, RememberedPasswords remembered)
            throws IOException {
        Optional<PeerClient.Credentials> kept = remembered.get(PeerTargets.of(peer).trustId());
        if (kept.isPresent()) {
            return kept;
        }
        boolean guests = peer.shares().stream().anyMatch(s -> s.name().equalsIgnoreCase(share) && s.guests());
        return guests ? Optional.of(PeerClient.Credentials.guest()) : Optional.empty();
    }
}
