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
 * @param readOnly the shares its announcement says are read-only, by lower-case composed name
 */
record Colleague(String name, PeerTarget target, Map<String, Boolean> readOnly) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the announcement says {@code share} is read-only; unknown shares are judged by the colleague. */
    boolean readOnly(String share) {
        return readOnly.getOrDefault(key(share), false);
    }

    /** A share's name as {@link #readOnly} looks it up: a Mac asks for it decomposed, announcements are composed. */
    private static String key(String share) {
        return Names.nfc(share).toLowerCase(Locale.ROOT);
    }

    /** {@link #of(List, ColleagueNames)} with names given in this call only (the first of a name keeps it). */
    static List<Colleague> of(List<Map<String, Object>> peers) {
        return of(peers, new ColleagueNames(null));
    }

    /**
     * The colleagues in the peer list (as {@code peers.list} sends it), one per folder name, named by {@code names}
     * (two machines of one display name get two folders); a name that is not a valid file name is skipped, and so
     * is a second one of a name that {@code names} could not tell apart.
     */
    static List<Colleague> of(List<Map<String, Object>> peers, ColleagueNames names) {
        List<PeerInfo> infos = peers.stream().map(p -> JSON.convertValue(p, PeerInfo.class)).toList();
        List<Colleague> out = new ArrayList<>();
        for (PeerInfo p : infos) {
            if (p.name().isBlank() || p.name().contains("/")) {
                continue;
            }
            String name = names.name(p.name(), p.deviceId());
            if (out.stream().anyMatch(c -> Names.same(c.name(), name))) {
                continue;
            }
            Map<String, Boolean> ro = new HashMap<>();
            p.shares().forEach(s -> ro.put(key(s.name()), s.readOnly()));
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
