package dev.lanshare.tray.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.config.Share;
import dev.lanshare.service.control.Protocol.AccountInfo;
import dev.lanshare.service.peer.PeerInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the control channel's answers into a {@link TrayState}. Defensive about status: a missing or odd field
 * becomes a neutral value, never an exception; peers arrive typed ({@link PeerInfo}).
 */
public final class StateReader {
    private StateReader() {
    }

    /** @param remembered folders the tray knows that the service does not share; those it shares are left out */
    public static TrayState read(JsonNode status, List<Share> shared, List<PeerInfo> peers,
            List<AccountInfo> accounts, List<Share> remembered) {
        List<Share> unshared = remembered.stream()
                .filter(r -> shared.stream().noneMatch(s -> s.name().equalsIgnoreCase(r.name()))).toList();
        return new TrayState(true, status.path("paused").asBoolean(false), status.path("name").asText(""),
                status.path("port").asInt(0), status.path("fingerprint").asText(""), shared, unshared,
                peers(peers), accounts, "", firstRun(status.path("firstRun")));
    }

    static Optional<TrayState.FirstRun> firstRun(JsonNode n) {
        String account = n.path("account").asText("");
        String password = n.path("password").asText("");
        return account.isEmpty() || password.isEmpty() ? Optional.empty()
                : Optional.of(new TrayState.FirstRun(account, password, n.path("folder").asText("")));
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
