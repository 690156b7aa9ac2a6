package dev.lanshare.service.discovery;

import dev.lanshare.config.Account;
import dev.lanshare.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this machine announces, derived from its settings: the instance name, the SFTP port and the two TXT
 * records. A value, so that "did anything change?" is an {@code equals}.
 *
 * @param name the display name, used as the instance name of both services
 */
record Announcement(String name, int port, String deviceId, String fingerprint, List<Peer.Folder> shares) {
    static final String SFTP_TYPE = "_sftp-ssh._tcp.local.";
    static final String LANSHARE_TYPE = "_lanshare._tcp.local.";
    /** DNS labels are at most 63 bytes; a longer display name is cut there. */
    private static final int MAX_LABEL = 63;

    Announcement {
        shares = List.copyOf(shares);
    }

    static Announcement of(Settings settings, String hostName, String deviceId, String fingerprint, int port) {
        List<Peer.Folder> shares = settings.shares().stream()
                .map(s -> new Peer.Folder(s.name(), s.readOnly(), s.openToGuests())).toList();
        return new Announcement(label(settings.displayName(hostName)), port, deviceId, fingerprint, shares);
    }

    boolean guests() {
        return shares.stream().anyMatch(Peer.Folder::guests);
    }

    /** What GNOME Files and Dolphin read: {@code u=guest} makes them log in as the guest; never {@code p=}. */
    byte[] sftpText() {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("txtvers", "1");
        txt.put("path", "/");
        if (guests()) {
            txt.put("u", Account.GUEST);
        }
        return Txt.encode(txt);
    }

    byte[] lanshareText() {
        return LanshareTxt.encode(deviceId, fingerprint, shares);
    }

    private static String label(String name) {
        String trimmed = name.strip();
        byte[] bytes = trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= MAX_LABEL) {
            return trimmed;
        }
        // cut on a character boundary
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int cp : trimmed.codePoints().toArray()) {
            int len = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (used + len > MAX_LABEL) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
        }
        return out.toString();
    }
}
