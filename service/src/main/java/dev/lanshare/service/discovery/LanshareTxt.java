package dev.lanshare.service.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The TXT record of {@code _lanshare._tcp}, as written down in {@code docs/discovery.md}: {@code txtvers=1},
 * {@code pv} (protocol version), {@code id} (device id), {@code fp} (host-key fingerprint), {@code n} (how many
 * shares the machine has) and {@code s0}, {@code s1}, ... ({@code FLAGS:NAME}), as many shares as fit.
 */
final class LanshareTxt {
    static final int PROTOCOL = 1;
    private static final Pattern DEVICE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int MAX_FINGERPRINT = 100;
    static final int MAX_SHARES_READ = 64;

    /** @param truncated the record holds fewer shares than the machine has */
    record Content(String deviceId, String fingerprint, List<Peer.Folder> shares, boolean truncated) {
        Content {
            shares = List.copyOf(shares);
        }
    }

    private LanshareTxt() {
    }

    /** Writes as many shares as fit in the record; {@code n} still counts them all. */
    static byte[] encode(String deviceId, String fingerprint, List<Peer.Folder> shares) {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("txtvers", "1");
        txt.put("pv", Integer.toString(PROTOCOL));
        txt.put("id", deviceId);
        txt.put("fp", fingerprint);
        txt.put("n", Integer.toString(shares.size()));
        int used = txt.entrySet().stream().mapToInt(e -> Txt.size(e.getKey(), e.getValue())).sum();
        for (int i = 0; i < shares.size(); i++) {
            String key = "s" + i;
            String value = flags(shares.get(i)) + ":" + shares.get(i).name();
            int size = Txt.size(key, value);
            if (size - 1 > Txt.MAX_STRING || used + size > Txt.MAX_RECORD) {
                break; // the rest is read from the SFTP root; n tells peers there is more
            }
            txt.put(key, value);
            used += size;
        }
        return Txt.encode(txt);
    }

    /** Reads a received record; empty when it is not a lanshare record this version understands. */
    static Optional<Content> decode(Map<String, String> txt) {
        String id = txt.get("id");
        String fp = txt.get("fp");
        if (!"1".equals(txt.get("txtvers")) || number(txt.get("pv")) < 1 || id == null
                || !DEVICE_ID.matcher(id).matches() || fp == null || fp.isEmpty() || fp.length() > MAX_FINGERPRINT) {
            return Optional.empty();
        }
        int n = number(txt.get("n"));
        if (n < 0) {
            return Optional.empty();
        }
        List<Peer.Folder> shares = new ArrayList<>();
        for (int i = 0; i < Math.min(n, MAX_SHARES_READ); i++) {
            Peer.Folder folder = folder(txt.get("s" + i));
            if (folder == null) {
                break;
            }
            shares.add(folder);
        }
        return Optional.of(new Content(id, fp, shares, shares.size() < n));
    }

    static String flags(Peer.Folder folder) {
        return (folder.readOnly() ? "r" : "w") + (folder.guests() ? "g" : "");
    }

    /** {@code FLAGS:NAME}, as a TXT entry and an introduction write one share. */
    static String flagged(Peer.Folder folder) {
        return flags(folder) + ":" + folder.name();
    }

    /** The record's fields with every share (up to what a reader takes): for a machine met over SSH. */
    static Map<String, String> fields(String deviceId, String fingerprint, List<Peer.Folder> shares) {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("txtvers", "1");
        txt.put("pv", Integer.toString(PROTOCOL));
        txt.put("id", deviceId);
        txt.put("fp", fingerprint);
        int n = Math.min(shares.size(), MAX_SHARES_READ);
        txt.put("n", Integer.toString(n));
        for (int i = 0; i < n; i++) {
            txt.put("s" + i, flagged(shares.get(i)));
        }
        return txt;
    }

    static Peer.Folder folder(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon < 1 || colon == value.length() - 1) {
            return null;
        }
        String flags = value.substring(0, colon);
        return new Peer.Folder(value.substring(colon + 1), !flags.contains("w"), flags.contains("g"));
    }

    private static int number(String text) {
        try {
            return text == null ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
