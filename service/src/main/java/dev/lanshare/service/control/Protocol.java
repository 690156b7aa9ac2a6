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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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

    /** The requests, by the name they have on the wire (the table in docs/control-protocol.md). */
    public enum Op {
        HELLO("hello"), STATUS("status"),
        SHARES_LIST("shares.list"), SHARES_ADD("shares.add"), SHARES_CHANGE("shares.change"),
        SHARES_REMOVE("shares.remove"),
        ACCOUNTS_LIST("accounts.list"), ACCOUNTS_ADD("accounts.add"), ACCOUNTS_REMOVE("accounts.remove"),
        ACCOUNTS_PASSWORD("accounts.password"), KEYS_ADD("accounts.keys.add"), KEYS_REMOVE("accounts.keys.remove"),
        MACHINE_NAME("machine.name"), SHARING_PAUSE("sharing.pause"), SHARING_RESUME("sharing.resume"),
        PEERS_LIST("peers.list"), PEERS_ADD("peers.add"), PEERS_REMOVE("peers.remove"),
        DOCTOR("discovery.doctor"), SEARCH_ALL("search.all"), PEER_COPY("peer.copy"), SUBSCRIBE("subscribe");

        public final String wire;

        Op(String wire) {
            this.wire = wire;
        }

        /** The request named {@code wire}, or empty for one this version does not know. */
        public static Optional<Op> named(String wire) {
            for (Op op : values()) {
                if (op.wire.equals(wire)) {
                    return Optional.of(op);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One finding of the doctor ({@code discovery.doctor}, {@code lanshare doctor}, the tray's "Can't see
     * someone?"): what was checked, what was found, and when something is wrong, the likely cause and what to do.
     *
     * @param check  a short stable key ({@code interfaces}, {@code mdns-traffic}, {@code peer}, {@code firewall},
     *               {@code name}) for scripts
     * @param cause  why it is so; empty when all is well
     * @param action what to do; empty when nothing is to be done
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Finding(String check, Level level, String found, String cause, String action) {
        /** How bad: {@code ok} is fine, {@code warning} may explain a missing peer, {@code problem} does. */
        public enum Level {
            OK, WARNING, PROBLEM;

            @com.fasterxml.jackson.annotation.JsonValue
            public String wire() {
                return name().toLowerCase(Locale.ROOT);
            }

            /** A level a newer service sends that this one does not know reads as a warning. */
            @com.fasterxml.jackson.annotation.JsonCreator
            public static Level of(String wire) {
                for (Level l : values()) {
                    if (l.wire().equalsIgnoreCase(wire)) {
                        return l;
                    }
                }
                return WARNING;
            }
        }

        public Finding {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(found, "found");
            cause = cause == null ? "" : cause;
            action = action == null ? "" : action;
        }

        public static Finding ok(String check, String found) {
            return new Finding(check, Level.OK, found, "", "");
        }

        public static Finding problem(String check, String found, String cause, String action) {
            return new Finding(check, Level.PROBLEM, found, cause, action);
        }

        public static Finding warning(String check, String found, String cause, String action) {
            return new Finding(check, Level.WARNING, found, cause, action);
        }
    }

    /**
     * What {@code status} answers: the running service's name, port, host-key fingerprint, open sessions, whether
     * sharing is paused, since when it runs ({@code since}, ISO-8601), its settings file, the gateway's address
     * when it serves one, and the first-run account until its password is changed.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(boolean running, long pid, String name, int port, String fingerprint, int sessions,
            boolean paused, String since, String settings, String gateway, FirstRunInfo firstRun) {
        public Status {
            name = name == null ? "" : name;
            fingerprint = fingerprint == null ? "" : fingerprint;
            since = since == null ? "" : since;
            settings = settings == null ? "" : settings;
        }

        public Optional<String> gatewayUrl() {
            return Optional.ofNullable(gateway);
        }

        public Optional<FirstRunInfo> firstRunAccount() {
            return Optional.ofNullable(firstRun).filter(f -> !f.account().isEmpty() && !f.password().isEmpty());
        }
    }

    /** The account {@code lanshare serve} made on its first run, and its password, until it is changed. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record FirstRunInfo(String account, String password, String folder) {
        public FirstRunInfo {
            account = account == null ? "" : account;
            password = password == null ? "" : password;
            folder = folder == null ? "" : folder;
        }
    }

    /**
     * One event of the service's stream ({@code subscribe}): its type ({@code session-opened}, {@code shares-changed},
     * {@code peer-found}, ...; the table in docs/control-protocol.md) and what comes with it.
     */
    public record ServiceEvent(String type, JsonNode data) {
        public ServiceEvent {
            type = type == null ? "" : type;
            data = data == null ? JSON.createObjectNode() : data;
        }

        /** The event as it arrives on the wire: {@code {"event": TYPE, "data": {...}}}. */
        public static ServiceEvent of(JsonNode message) {
            return new ServiceEvent(message.path("event").asText(""), message.path("data"));
        }
    }

    /** The event a subscriber gets after 30 s without any other. */
    static final String KEEPALIVE = "keepalive";

    /** {@code accounts.keys.add}'s result: the key's fingerprint and how many keys the account has now. */
    public record KeyAdded(String name, String fingerprint, int keys) {
    }

    /** {@code accounts.keys.remove}'s result: how many lines went and how many keys are left. */
    public record KeysRemoved(String name, int removed, int keys) {
    }

    /** The result of a {@code *.remove}: the name (or address) of what went. */
    public record Removed(String removed) {
    }

    /** {@code accounts.password}'s result. */
    public record Changed(String changed) {
    }

    /** {@code machine.name}'s result: the name as saved. */
    public record Named(String name) {
    }

    /** {@code sharing.pause} and {@code sharing.resume}'s result. */
    public record Paused(boolean paused) {
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

    /**
     * An account as {@code accounts.list} and {@code accounts.add} answer: whether it has a password (never the
     * hash), and its OpenSSH key lines.
     */
    public record AccountInfo(String name, boolean password, List<String> keys) {
        public AccountInfo {
            keys = List.copyOf(keys);
        }

        static AccountInfo of(Account a) {
            return new AccountInfo(a.name(), a.passwordHash().isPresent(), a.keys());
        }
    }

    /** {@code accounts.add}'s {@code account}: the hash goes, never the password. */
    static Map<String, Object> accountRequest(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        a.passwordHash().ifPresent(h -> m.put("passwordHash", h));
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

    /** One colleague's answer to {@code search.all}, as it arrives: its matches, or why none ({@code error}). */
    public record SearchAnswer(String peer, List<dev.lanshare.service.search.Match> matches, String error,
            long afterMs) {
        public SearchAnswer {
            matches = matches == null ? List.of() : List.copyOf(matches);
        }
    }

    /** The end of {@code search.all}: how many colleagues were asked and which did not answer in time. */
    public record SearchDone(int asked, List<String> notAnswered) {
    }

    /** A result as the record {@code type} it was sent as. */
    static <T> T read(JsonNode result, Class<T> type) throws IOException {
        return JSON.treeToValue(result, type);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Readies the JSON mapper for a command's first request: builds, writes and reads back a request of the usual
     * shape. A cold JVM takes 60-90 ms for that (the mapper's settings load the JDK's calendar and locale data), so
     * a command does it on another thread while its command line is parsed.
     */
    public static void prepare() {
        try {
            ObjectNode req = object();
            req.put("id", 0);
            req.set("params", JSON.valueToTree(java.util.Map.of("peer", "", "verify", false, "limit", 0L)));
            read(JSON.readTree(JSON.writeValueAsString(req)), JsonNode.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
