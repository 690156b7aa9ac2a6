package dev.lanshare.service.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerInfo;
import dev.lanshare.service.peer.PeerResolver;
import dev.lanshare.service.peer.PeerTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A colleague as the gateway shows it: a folder named after its display name.
 *
 * @param readOnly the shares its announcement says are read-only, by lower-case name
 */
record Colleague(String name, PeerTarget target, Map<String, Boolean> readOnly) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the announcement says {@code share} is read-only; unknown shares are judged by the colleague. */
    boolean readOnly(String share) {
        return readOnly.getOrDefault(share.toLowerCase(Locale.ROOT), false);
    }

    /**
     * The colleagues in the peer list (as {@code peers.list} sends it), one per display name; a name that is not a
     * valid file name is skipped.
     */
    static List<Colleague> of(List<Map<String, Object>> peers) {
        List<PeerInfo> infos = peers.stream().map(p -> JSON.convertValue(p, PeerInfo.class)).toList();
        List<Colleague> out = new ArrayList<>();
        for (PeerInfo p : infos) {
            String name = p.name();
            if (name.isBlank() || name.contains("/") || out.stream().anyMatch(c -> c.name().equals(name))) {
                continue;
            }
            Map<String, Boolean> ro = new HashMap<>();
            p.shares().forEach(s -> ro.put(s.name().toLowerCase(Locale.ROOT), s.readOnly()));
            try {
                out.add(new Colleague(name, PeerResolver.resolve(p.deviceId().isEmpty() ? name : p.deviceId(),
                        infos), ro));
            } catch (PeerException e) {
                // two peers share a device id: neither is listed rather than the wrong one
            }
        }
        return out;
    }

    static Optional<Colleague> find(List<Colleague> all, String name) {
        return all.stream().filter(c -> Names.same(c.name(), name)).findFirst();
    }
}
