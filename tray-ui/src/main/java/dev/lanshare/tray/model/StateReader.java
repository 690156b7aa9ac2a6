package dev.lanshare.tray.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the control channel's answers into a {@link TrayState}. Defensive: a missing or odd field becomes a
 * neutral value, never an exception, since the peer format is still growing (docs/discovery.md).
 */
public final class StateReader {
    private StateReader() {
    }

    /** @param remembered folders the tray knows that the service does not share; those it shares are left out */
    public static TrayState read(JsonNode status, JsonNode shares, JsonNode peers, JsonNode accounts,
            List<ShareInfo> remembered) {
        List<ShareInfo> shared = shares(shares);
        List<ShareInfo> unshared = remembered.stream()
                .filter(r -> shared.stream().noneMatch(s -> s.name().equalsIgnoreCase(r.name()))).toList();
        return new TrayState(true, status.path("paused").asBoolean(false), status.path("name").asText(""),
                status.path("port").asInt(0), status.path("fingerprint").asText(""), shared, unshared,
                peers(peers), accounts(accounts), "", firstRun(status.path("firstRun")));
    }

    static Optional<TrayState.FirstRun> firstRun(JsonNode n) {
        String account = n.path("account").asText("");
        String password = n.path("password").asText("");
        return account.isEmpty() || password.isEmpty() ? Optional.empty()
                : Optional.of(new TrayState.FirstRun(account, password, n.path("folder").asText("")));
    }

    public static List<ShareInfo> shares(JsonNode list) {
        List<ShareInfo> out = new ArrayList<>();
        for (JsonNode s : list) {
            out.add(share(s));
        }
        return out;
    }

    public static ShareInfo share(JsonNode s) {
        Map<String, String> access = new LinkedHashMap<>();
        s.path("access").fields().forEachRemaining(e -> access.put(e.getKey(), e.getValue().asText("read")));
        return new ShareInfo(s.path("name").asText(), s.path("folder").asText(), s.path("readOnly").asBoolean(true),
                access);
    }

    /** The JSON the control channel takes for a share ({@code shares.add}). */
    public static Map<String, Object> toJson(ShareInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("folder", s.folder());
        m.put("readOnly", s.readOnly());
        m.put("access", new LinkedHashMap<>(s.access()));
        return m;
    }

    static List<Peer> peers(JsonNode list) {
        List<Peer> out = new ArrayList<>();
        for (JsonNode p : list) {
            String url = p.path("url").asText("");
            String name = p.path("name").asText(p.path("host").asText(""));
            if (url.isEmpty() || name.isEmpty()) {
                continue; // nothing to show or open
            }
            List<Peer.Share> shares = new ArrayList<>();
            for (JsonNode s : p.path("shares")) {
                String shareName = s.isTextual() ? s.asText() : s.path("name").asText("");
                if (!shareName.isEmpty()) {
                    shares.add(new Peer.Share(shareName, s.path("readOnly").asBoolean(true),
                            s.path("guests").asBoolean(false)));
                }
            }
            out.add(new Peer(name, p.path("deviceId").asText(""), url, p.path("fingerprint").asText(""), shares));
        }
        return out;
    }

    static List<TrayState.Account> accounts(JsonNode list) {
        List<TrayState.Account> out = new ArrayList<>();
        for (JsonNode a : list) {
            List<String> keys = new ArrayList<>();
            a.path("keys").forEach(k -> keys.add(k.asText()));
            out.add(new TrayState.Account(a.path("name").asText(), a.path("password").asBoolean(false), keys));
        }
        return out;
    }
}
