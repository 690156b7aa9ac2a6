package dev.lanshare.tray.model;

import dev.lanshare.config.Account;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lanshare.service.control.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What is worth a notification between two states: a colleague who appeared, or who shares something new. */
public final class Notices {
    /** One notification. */
    public record Notice(String title, String text) {
    }

    private Notices() {
    }

    /**
     * "Someone connected to my shares", from a {@code session-opened} event of the control channel's stream; other
     * events are not worth a notification (the menu shows them).
     */
    public static Optional<Notice> ofEvent(Protocol.ServiceEvent event) {
        if (!"session-opened".equals(event.type())) {
            return Optional.empty();
        }
        JsonNode data = event.data();
        String account = data.path("account").asText("someone");
        String who = Account.GUEST.equals(account) ? "A guest" : account;
        String from = data.path("address").asText("");
        int sessions = data.path("sessions").asInt(0);
        return Optional.of(new Notice(who + " connected to your shares", ((from.isEmpty() ? "" : "From " + from + ". ")
                + (sessions > 1 ? sessions + " connections are open now." : "")).strip()));
    }

    /** Nothing on the first state after (re)connecting: the peers found at start are not news. */
    public static List<Notice> between(TrayState before, TrayState after) {
        List<Notice> out = new ArrayList<>();
        if (!before.running() || !after.running()) {
            return out;
        }
        for (Peer p : after.peers()) {
            Peer old = before.peers().stream().filter(b -> b.name().equals(p.name())).findFirst().orElse(null);
            List<String> fresh = p.shares().stream().map(Peer.Share::name)
                    .filter(s -> old == null || old.shares().stream().noneMatch(o -> o.name().equals(s))).toList();
            if (old == null) {
                out.add(new Notice(p.name() + " is on the network", fresh.isEmpty() ? "Nothing shared yet."
                        : "Sharing " + String.join(", ", fresh) + "."));
            } else if (!fresh.isEmpty()) {
                out.add(new Notice(p.name() + " shares more", "Now sharing " + String.join(", ", fresh) + "."));
            }
        }
        return out;
    }
}
