package dev.lanshare.service.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What two lanshare machines tell each other over the {@code lanshare-hello} SSH subsystem: the facts each
 * announces in its {@code _lanshare._tcp} TXT record, and the machines it knows first-hand (seen over mDNS, or
 * added by hand) so that one address added by hand joins two networks. The format is in {@code docs/discovery.md}.
 *
 * @param self  the machine that wrote it
 * @param knows the machines it knows first-hand, at most {@link #MAX_KNOWN}
 */
record Introduction(Facts self, List<Known> knows) {
    static final int VERSION = 1;
    static final int MAX_KNOWN = 64;
    static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_ADDRESSES = 8;
    private static final int MAX_NAME = 63;
    private static final Pattern DEVICE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A machine's own facts: what its TXT record says. */
    record Facts(String deviceId, String name, int port, String fingerprint, List<Peer.Folder> shares) {
        Facts {
            shares = List.copyOf(shares);
        }
    }

    /**
     * A machine known to the writer, and where the writer reaches it; {@code heard} when the writer hears its
     * announcements over mDNS now (the doctor's "does my colleague hear me?"; an older writer never says so).
     */
    record Known(String deviceId, String name, List<String> addresses, int port, String fingerprint,
            boolean heard) {
        Known {
            addresses = List.copyOf(addresses);
        }

        Known(String deviceId, String name, List<String> addresses, int port, String fingerprint) {
            this(deviceId, name, addresses, port, fingerprint, false);
        }
    }

    Introduction {
        knows = List.copyOf(knows.subList(0, Math.min(knows.size(), MAX_KNOWN)));
    }

    /** One line of JSON. */
    String encode() {
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("id", this.self.deviceId());
        self.put("name", this.self.name());
        self.put("port", this.self.port());
        self.put("fp", this.self.fingerprint());
        self.put("shares", this.self.shares().stream().map(LanshareTxt::flagged).toList());
        List<Object> knows = new ArrayList<>();
        for (Known k : this.knows) {
            knows.add(Map.of("id", k.deviceId(), "name", k.name(), "addresses", k.addresses(), "port", k.port(),
                    "fp", k.fingerprint(), "mdns", k.heard()));
        }
        try {
            return JSON.writeValueAsString(Map.of("v", VERSION, "self", self, "knows", knows)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("plain maps always serialize", e);
        }
    }

    /** Reads one; entries of {@code knows} that are not well-formed are left out; a bad {@code self} fails. */
    static Introduction decode(String text) {
        if (text.length() > MAX_BYTES) {
            throw new IllegalArgumentException("an introduction longer than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an introduction: " + e.getMessage());
        }
        if (root == null || root.path("v").asInt() < 1) {
            throw new IllegalArgumentException("not an introduction (no version)");
        }
        JsonNode s = root.path("self");
        List<Peer.Folder> shares = new ArrayList<>();
        for (JsonNode f : s.path("shares")) {
            Peer.Folder folder = LanshareTxt.folder(f.asText());
            if (folder != null && shares.size() < LanshareTxt.MAX_SHARES_READ) {
                shares.add(folder);
            }
        }
        Facts self = new Facts(s.path("id").asText(), name(s), s.path("port").asInt(), s.path("fp").asText(), shares);
        if (!wellFormed(self.deviceId(), self.name(), self.port(), self.fingerprint())) {
            throw new IllegalArgumentException("an introduction whose sender is not well-formed");
        }
        List<Known> knows = new ArrayList<>();
        for (JsonNode k : root.path("knows")) {
            List<String> addresses = new ArrayList<>();
            k.path("addresses").forEach(a -> addresses.add(a.asText()));
            Known known = new Known(k.path("id").asText(), name(k), addresses.subList(0,
                    Math.min(addresses.size(), MAX_ADDRESSES)), k.path("port").asInt(), k.path("fp").asText(),
                    k.path("mdns").asBoolean(false));
            if (wellFormed(known.deviceId(), known.name(), known.port(), known.fingerprint())
                    && knows.size() < MAX_KNOWN) {
                knows.add(known);
            }
        }
        return new Introduction(self, knows);
    }

    private static String name(JsonNode n) {
        return n.path("name").asText();
    }

    private static boolean wellFormed(String id, String name, int port, String fingerprint) {
        return DEVICE_ID.matcher(id).matches() && !name.isBlank() && name.length() <= MAX_NAME
                && name.codePoints().noneMatch(Character::isISOControl) && port > 0 && port <= 65535
                && FINGERPRINT.matcher(fingerprint).matches();
    }
}
