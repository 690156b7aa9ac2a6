package dev.lanshare.service.discovery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DNS TXT record data (RFC 6763 section 6): a sequence of length-prefixed {@code key=value} strings. Written and
 * read here rather than through JmDNS's property maps so that the limits are ours and exact: keys of at most
 * {@value #MAX_KEY} characters, no string over {@value #MAX_STRING} bytes (JmDNS drops a whole record with a
 * longer one), records of at most {@value #MAX_RECORD} bytes, and received records of absurd size refused.
 */
final class Txt {
    static final int MAX_KEY = 9;
    static final int MAX_STRING = 255;
    /** RFC 6763 6.2: a record should stay under about 400 bytes so that it fits one packet with the rest. */
    static final int MAX_RECORD = 400;
    /** Anything larger that arrives is garbage: no lanshare machine writes it. */
    static final int MAX_RECEIVED = 1300;
    static final int MAX_RECEIVED_ENTRIES = 64;

    private Txt() {
    }

    /** The size one {@code key=value} string takes in a record: its bytes and the length byte. */
    static int size(String key, String value) {
        return 1 + entry(key, value).length;
    }

    /** Encodes the entries in order; fails on a key or entry outside the limits, or a record over the budget. */
    static byte[] encode(Map<String, String> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entries.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_KEY || key.contains("=")) {
                throw new IllegalArgumentException("TXT key (" + key + ") must have 1 to " + MAX_KEY
                        + " characters and no '='");
            }
            byte[] e = entry(key, value);
            if (e.length > MAX_STRING) {
                throw new IllegalArgumentException("TXT entry " + key + " (" + e.length + " bytes) is over "
                        + MAX_STRING);
            }
            out.write(e.length);
            out.writeBytes(e);
        });
        if (out.size() > MAX_RECORD) {
            throw new IllegalArgumentException("TXT record (" + out.size() + " bytes) is over " + MAX_RECORD);
        }
        return out.size() == 0 ? new byte[] {0} : out.toByteArray();
    }

    /**
     * Decodes a received record. Keys are compared ignoring case (RFC 6763 6.4) and the first of a repeated key
     * wins; an entry without '=' is a boolean attribute with an empty value. Returns empty for a record that is
     * too large, has too many entries or a length running past the end: such a record is not worth reading.
     */
    static Map<String, String> decode(byte[] data) {
        Map<String, String> out = new LinkedHashMap<>();
        if (data == null || data.length > MAX_RECEIVED) {
            return Map.of();
        }
        int i = 0;
        while (i < data.length) {
            int len = data[i] & 0xff;
            if (i + 1 + len > data.length || out.size() >= MAX_RECEIVED_ENTRIES) {
                return Map.of();
            }
            String text = new String(data, i + 1, len, StandardCharsets.UTF_8);
            i += 1 + len;
            int eq = text.indexOf('=');
            String key = (eq < 0 ? text : text.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
            if (!key.isEmpty()) {
                out.putIfAbsent(key, eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return out;
    }

    static List<String> strings(byte[] data) {
        return decode(data).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static byte[] entry(String key, String value) {
        return (key + "=" + value).getBytes(StandardCharsets.UTF_8);
    }
}
