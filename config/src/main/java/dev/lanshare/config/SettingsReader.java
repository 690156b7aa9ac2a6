package dev.lanshare.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Turns the text of a settings file into {@link Settings}, noting the line of every value so that the
 * {@link SettingsValidator} can say where a problem is. Type errors are collected, not thrown.
 */
final class SettingsReader {
    private static final Set<String> TOP_KEYS = Set.of("version", "name", "port", "gateway-port", "chacha20",
            "network", "shares", "accounts", "partial-upload-hours", "peers");
    private static final Set<String> SHARE_KEYS = Set.of("name", "folder", "read-only", "access");
    private static final Set<String> ACCOUNT_KEYS = Set.of("name", "password", "keys");
    private static final Set<String> PEER_KEYS = Set.of("address", "fingerprint");

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    record Result(Settings settings, Map<String, Integer> lines, List<Problem> problems) {
    }

    static Result read(String text) {
        SettingsReader reader = new SettingsReader();
        Settings settings = reader.parse(text);
        return new Result(settings, Map.copyOf(reader.lines), List.copyOf(reader.problems));
    }

    private Settings parse(String text) {
        Node root;
        try {
            LoadSettings load = LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(10)
                    .setCodePointLimit(4 * 1024 * 1024).build();
            root = new Compose(load).composeString(text).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            problems.add(new Problem(line, "not valid YAML: " + e.getProblem()
                    + "; check indentation and quoting near this line"));
            return null;
        } catch (YamlEngineException e) {
            problems.add(new Problem(0, "not valid YAML: " + e.getMessage()));
            return null;
        }
        if (root == null) {
            return Settings.empty();
        }
        MappingNode top = mapping(root, "the settings file");
        if (top == null) {
            return null;
        }
        Settings base = Settings.empty();
        int version = base.version();
        String name = base.name();
        int port = base.port();
        int gatewayPort = base.gatewayPort();
        boolean chacha = base.chacha20();
        int partialHours = base.partialUploadHours();
        NetworkPolicy network = base.network();
        List<Share> shares = List.of();
        List<Account> accounts = List.of();
        List<AddedPeer> peers = List.of();
        for (NodeTuple t : top.getValue()) {
            String key = keyOf(t, TOP_KEYS, "");
            if (key == null) {
                continue;
            }
            Node v = t.getValueNode();
            lines.put(key, line(v));
            switch (key) {
                case "version": version = integer(v, key, version); break;
                case "name": name = text(v, key, name); break;
                case "port": port = integer(v, key, port); break;
                case "gateway-port": gatewayPort = integer(v, key, gatewayPort); break;
                case "chacha20": chacha = bool(v, key, chacha); break;
                case "partial-upload-hours": partialHours = integer(v, key, partialHours); break;
                case "network": network = network(v); break;
                case "shares": shares = shares(v); break;
                case "peers": peers = peers(v); break;
                default: accounts = accounts(v); break;
            }
        }
        return new Settings(version, name, port, chacha, partialHours, network, shares, accounts, peers,
                gatewayPort);
    }

    private NetworkPolicy network(Node v) {
        MappingNode m = mapping(v, "network");
        if (m == null) {
            return NetworkPolicy.DEFAULT;
        }
        List<String> allow = NetworkPolicy.DEFAULT.allow();
        for (NodeTuple t : m.getValue()) {
            if (keyOf(t, Set.of("allow"), "network.") != null) {
                lines.put("network.allow", line(t.getValueNode()));
                allow = strings(t.getValueNode(), "network.allow");
            }
        }
        return new NetworkPolicy(allow);
    }

    private List<Share> shares(Node v) {
        List<Share> out = new ArrayList<>();
        SequenceNode seq = sequence(v, "shares");
        if (seq == null) {
            return out;
        }
        for (Node item : seq.getValue()) {
            String at = "shares[" + out.size() + "]";
            lines.put(at, line(item));
            Share share = share(item, at);
            if (share != null) {
                out.add(share);
            } else {
                out.add(new Share("", Path.of(""), true, Map.of()));
            }
        }
        return out;
    }

    private Share share(Node item, String at) {
        MappingNode m = mapping(item, "each share");
        if (m == null) {
            return null;
        }
        String name = "";
        Path folder = Path.of("");
        boolean readOnly = true;
        Map<String, Access> access = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = keyOf(t, SHARE_KEYS, "share ");
            if (key == null) {
                continue;
            }
            Node v = t.getValueNode();
            lines.put(at + "." + key, line(v));
            switch (key) {
                case "name": name = text(v, "share name", name); break;
                case "folder": folder = path(v); break;
                case "read-only": readOnly = bool(v, "read-only", readOnly); break;
                default: access = access(v, at); break;
            }
        }
        return new Share(name, folder, readOnly, access);
    }

    private Map<String, Access> access(Node v, String at) {
        Map<String, Access> access = new LinkedHashMap<>();
        MappingNode m = mapping(v, "access");
        if (m == null) {
            return access;
        }
        for (NodeTuple t : m.getValue()) {
            String who = scalar(t.getKeyNode());
            String what = scalar(t.getValueNode());
            Access a = what == null ? null : Access.parse(what);
            if (who == null || a == null) {
                problems.add(new Problem(line(t.getKeyNode()), "access: write 'NAME: read' or 'NAME: write', where"
                        + " NAME is guests, accounts or an account name"));
                continue;
            }
            lines.put(at + ".access." + who, line(t.getKeyNode()));
            access.put(who, a);
        }
        return access;
    }

    private List<Account> accounts(Node v) {
        List<Account> out = new ArrayList<>();
        SequenceNode seq = sequence(v, "accounts");
        if (seq == null) {
            return out;
        }
        for (Node item : seq.getValue()) {
            String at = "accounts[" + out.size() + "]";
            lines.put(at, line(item));
            MappingNode m = mapping(item, "each account");
            String name = "";
            Optional<String> password = Optional.empty();
            List<String> keys = List.of();
            for (NodeTuple t : m == null ? List.<NodeTuple>of() : m.getValue()) {
                String key = keyOf(t, ACCOUNT_KEYS, "account ");
                if (key == null) {
                    continue;
                }
                Node val = t.getValueNode();
                lines.put(at + "." + key, line(val));
                switch (key) {
                    case "name": name = text(val, "account name", name); break;
                    case "password": password = Optional.ofNullable(text(val, "password", null)); break;
                    default: keys = strings(val, "keys"); break;
                }
            }
            out.add(new Account(name, password, keys));
        }
        return out;
    }

    private List<AddedPeer> peers(Node v) {
        List<AddedPeer> out = new ArrayList<>();
        SequenceNode seq = sequence(v, "peers");
        for (Node item : seq == null ? List.<Node>of() : seq.getValue()) {
            String at = "peers[" + out.size() + "]";
            lines.put(at, line(item));
            MappingNode m = mapping(item, "each peer");
            String address = "";
            String fingerprint = "";
            for (NodeTuple t : m == null ? List.<NodeTuple>of() : m.getValue()) {
                String key = keyOf(t, PEER_KEYS, "peer ");
                if (key != null) {
                    lines.put(at + "." + key, line(t.getValueNode()));
                    String value = text(t.getValueNode(), "peer " + key, "");
                    address = key.equals("address") ? value : address;
                    fingerprint = key.equals("fingerprint") ? value : fingerprint;
                }
            }
            try {
                out.add(AddedPeer.parse(address, Settings.DEFAULT_PORT, fingerprint));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(line(item), "peer: " + e.getMessage()));
                out.add(new AddedPeer(address, Settings.DEFAULT_PORT, fingerprint)); // keeps the indexes in step
            }
        }
        return out;
    }

    private String keyOf(NodeTuple t, Set<String> known, String where) {
        String key = scalar(t.getKeyNode());
        if (key == null || !known.contains(key)) {
            problems.add(new Problem(line(t.getKeyNode()), "unknown " + where + "setting '" + key
                    + "'; known: " + String.join(", ", new java.util.TreeSet<>(known))));
            return null;
        }
        return key;
    }

    private MappingNode mapping(Node n, String what) {
        if (n instanceof MappingNode m) {
            return m;
        }
        problems.add(new Problem(line(n), what + " must be a mapping of 'key: value' lines"));
        return null;
    }

    private SequenceNode sequence(Node n, String what) {
        if (n instanceof SequenceNode s) {
            return s;
        }
        problems.add(new Problem(line(n), what + " must be a list ('- ' items)"));
        return null;
    }

    private String text(Node n, String what, String fallback) {
        String s = scalar(n);
        if (s == null) {
            problems.add(new Problem(line(n), what + " must be a single value"));
            return fallback;
        }
        return s;
    }

    private int integer(Node n, String what, int fallback) {
        String s = text(n, what, null);
        try {
            return s == null ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            problems.add(new Problem(line(n), what + " must be a whole number, not '" + s + "'"));
            return fallback;
        }
    }

    private boolean bool(Node n, String what, boolean fallback) {
        String s = text(n, what, null);
        if ("true".equalsIgnoreCase(s) || "yes".equalsIgnoreCase(s)) {
            return true;
        }
        if ("false".equalsIgnoreCase(s) || "no".equalsIgnoreCase(s)) {
            return false;
        }
        if (s != null) {
            problems.add(new Problem(line(n), what + " must be true or false, not '" + s + "'"));
        }
        return fallback;
    }

    private Path path(Node n) {
        String s = text(n, "folder", "");
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            problems.add(new Problem(line(n), "folder '" + s + "' is not a valid path: " + e.getReason()));
            return Path.of("");
        }
    }

    private List<String> strings(Node n, String what) {
        List<String> out = new ArrayList<>();
        SequenceNode seq = sequence(n, what);
        if (seq != null) {
            for (Node item : seq.getValue()) {
                out.add(text(item, "each entry of " + what, ""));
            }
        }
        return out;
    }

    private static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }

    private static int line(Node n) {
        return n.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }
}
