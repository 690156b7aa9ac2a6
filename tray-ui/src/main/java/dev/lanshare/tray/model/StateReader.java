package dev.lanshare.tray.model;

import dev.lanshare.config.Share;
import dev.lanshare.service.control.Protocol;
import dev.lanshare.service.control.Protocol.AccountInfo;
import dev.lanshare.service.peer.PeerInfo;
import java.util.ArrayList;
import java.util.List;

/** Turns the control channel's answers into a {@link TrayState}. */
public final class StateReader {
    private StateReader() {
    }

    /** @param remembered folders the tray knows that the service does not share; those it shares are left out */
    public static TrayState read(Protocol.Status status, List<Share> shared, List<PeerInfo> peers,
            List<AccountInfo> accounts, List<Share> remembered) {
        List<Share> unshared = remembered.stream()
                .filter(r -> shared.stream().noneMatch(s -> s.name().equalsIgnoreCase(r.name()))).toList();
        return new TrayState(true, status.paused(), status.name(), status.port(), status.fingerprint(), shared,
                unshared, peers(peers), accounts, "", status.firstRunAccount()
                        .map(f -> new TrayState.FirstRun(f.account(), f.password(), f.folder())));
    }

    static List<Peer> peers(List<PeerInfo> list) {
        List<Peer> out = new ArrayList<>();
        for (PeerInfo p : list) {
            if (p.url().isEmpty() || p.label().isEmpty()) {
                continue; // nothing to show or open
            }
            List<Peer.Share> shares = new ArrayList<>();
            for (PeerInfo.ShareInfo s : p.shares()) {
                if (!s.name().isEmpty()) {
                    shares.add(new Peer.Share(s.name(), s.readOnly(), s.guests()));
                }
            }
            out.add(new Peer(p.label(), p.deviceId(), p.url(), p.fingerprint(), shares));
        }
        return out;
    }
}
