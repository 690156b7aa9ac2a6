package dev.lanshare.service.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lanshare.config.Access;
import dev.lanshare.config.Account;
import dev.lanshare.config.Share;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wire format of the control channel (see docs/control-protocol.md): one JSON object per line, each way.
 * Also how shares and accounts look in it.
 */
public final class Protocol {
    public static final int VERSION = 1;
    /** Longest line either side accepts; longer ones are refused and the connection closed. */
    public static final int MAX_LINE = 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    private Protocol() {
    }

    /** Reads one line, or null at end of stream; throws {@link TooLong} past {@link #MAX_LINE} bytes. */
    static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toByteArray();
            }
            if (line.size() >= MAX_LINE) {
                throw new TooLong();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    static final class TooLong extends IOException {
        TooLong() {
            super("message longer than " + MAX_LINE + " bytes");
        }
    }

    public static Map<String, Object> share(Share s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("folder", s.folder().toString());
        m.put("readOnly", s.readOnly());
        Map<String, String> access = new LinkedHashMap<>();
        s.access().forEach((who, what) -> access.put(who, what.word()));
        m.put("access", access);
        return m;
    }

    public static Share share(JsonNode n) throws ControlException {
        String name = text(n, "name");
        Map<String, Access> access = new LinkedHashMap<>();
        JsonNode a = n.path("access");
        for (var it = a.fields(); it.hasNext(); ) {
            var e = it.next();
            Access what = Access.parse(e.getValue().asText(""));
            if (what == null) {
                throw new ControlException("access of '" + e.getKey() + "' must be read or write");
            }
            access.put(e.getKey(), what);
        }
        return new Share(name, Path.of(text(n, "folder")), n.path("readOnly").asBoolean(true), access);
    }

    public static Map<String, Object> account(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("password", a.passwordHash().isPresent());
        m.put("keys", a.keys());
        return m;
    }

    /** An account from a request: {@code passwordHash} is a {@code PasswordHash} string, never a password. */
    public static Account account(JsonNode n) throws ControlException {
        List<String> keys = new ArrayList<>();
        n.path("keys").forEach(k -> keys.add(k.asText()));
        JsonNode hash = n.path("passwordHash");
        return new Account(text(n, "name"), hash.isTextual() ? Optional.of(hash.asText()) : Optional.empty(), keys);
    }

    static String text(JsonNode n, String field) throws ControlException {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new ControlException("'" + field + "' is missing");
        }
        return v.asText();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
