package dev.lanshare.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a whole {@link Settings} and returns every problem at once, each with its line (when the settings came
 * from a file) and what to do about it.
 */
public final class SettingsValidator {
    static final Set<String> RESERVED_ACCOUNTS = Set.of(Account.GUEST, Share.GUESTS, Share.ACCOUNTS, "root");
    private static final Set<String> KEY_TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final int MAX_SHARE_NAME = 64;

    private final Map<String, Integer> lines;
    private final AppDirs own;
    private final List<Problem> problems = new ArrayList<>();

    private SettingsValidator(Map<String, Integer> lines, AppDirs own) {
        this.lines = lines;
        this.own = own;
    }

    /** Validates settings built in code (no file lines), with no folders of lanshare's own to keep out of shares. */
    public static List<Problem> validate(Settings settings) {
        return validate(settings, Map.of(), null);
    }

    /** @param own lanshare's own folders, which no share may hold (or lie in, but for the settings' own folder) */
    static List<Problem> validate(Settings settings, Map<String, Integer> lines, AppDirs own) {
        SettingsValidator v = new SettingsValidator(lines, own);
        v.check(settings);
        return List.copyOf(v.problems);
    }

    /** A problem with a share name, or null when {@code name} is fine. */
    public static String shareNameProblem(String name) {
        if (name.isBlank()) {
            return "a share needs a name";
        }
        if (name.length() > MAX_SHARE_NAME) {
            return "share name '" + name + "' is longer than " + MAX_SHARE_NAME + " characters";
        }
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
            return "share name '" + name + "' may not contain / or \\ or be . or ..";
        }
        if (name.codePoints().anyMatch(Character::isISOControl) || !name.equals(name.strip())) {
            return "share name '" + name.strip() + "' may not contain control characters or start or end with spaces";
        }
        return null;
    }

    /** A problem with an account name, or null when {@code name} is fine. */
    public static String accountNameProblem(String name) {
        if (!name.matches("[a-z_][a-z0-9_.-]{0,31}")) {
            return "account name '" + name + "' must be 1-32 lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter";
        }
        if (RESERVED_ACCOUNTS.contains(name)) {
            return "account name '" + name + "' is reserved; pick another";
        }
        return null;
    }

    private void check(Settings s) {
        if (s.version() > Settings.FORMAT_VERSION || s.version() < 1) {
            add("version", "format version " + s.version() + " is not one this lanshare reads (it reads "
                    + Settings.FORMAT_VERSION + "); upgrade lanshare or restore an older file");
        }
        if (s.port() < 1 || s.port() > 65535) {
            add("port", "port " + s.port() + " must be between 1 and 65535");
        }
        if (s.gatewayPort() < 1 || s.gatewayPort() > 65535) {
            add("gateway-port", "gateway-port " + s.gatewayPort() + " must be between 1 and 65535");
        }
        if (s.partialUploadHours() < 1) {
            add("partial-upload-hours", "partial-upload-hours must be at least 1");
        }
        if (s.name().length() > 63 || s.name().codePoints().anyMatch(Character::isISOControl)) {
            add("name", "the machine name must be at most 63 characters, without control characters");
        }
        for (String p : s.network().problems()) {
            add("network.allow", p);
        }
        checkAccounts(s.accounts());
        checkShares(s.shares(), s);
        checkPeers(s.peers());
    }

    private void checkPeers(List<AddedPeer> peers) {
        for (int i = 0; i < peers.size(); i++) {
            AddedPeer p = peers.get(i);
            String at = "peers[" + i + "]";
            String problem = p.problem();
            if (problem != null) {
                add(at + ".address", at, problem);
            }
            for (int j = 0; j < i; j++) {
                if (peers.get(j).sameAddress(p)) {
                    add(at + ".address", at, "peer '" + p.address() + "' is listed twice; remove one");
                }
            }
        }
    }

    private void checkShares(List<Share> shares, Settings s) {
        Map<String, Integer> seen = new HashMap<>();
        List<Path> realFolders = new ArrayList<>();
        List<String> realNames = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            Share share = shares.get(i);
            String at = "shares[" + i + "]";
            String nameProblem = shareNameProblem(share.name());
            if (nameProblem != null) {
                add(at + ".name", at, nameProblem);
            } else if (seen.putIfAbsent(share.name().toLowerCase(Locale.ROOT), i) != null) {
                add(at + ".name", at, "share name '" + share.name() + "' is used twice (names ignore case); "
                        + "rename one");
            }
            Path real = checkFolder(share, at);
            if (real != null) {
                checkOwnFolders(share.name(), real, at);
                checkNesting(share.name(), real, realNames, realFolders, at);
                realFolders.add(real);
                realNames.add(share.name());
            }
            String grantProblem = writeGrantProblem(share);
            if (grantProblem != null) {
                add(at + ".read-only", at, grantProblem);
            }
            for (String who : share.access().keySet()) {
                if (!who.equals(Share.GUESTS) && !who.equals(Share.ACCOUNTS) && s.account(who).isEmpty()) {
                    add(at + ".access." + who, at, "share '" + share.name() + "': account '" + who
                            + "' does not exist; add it with 'lanshare user add " + who + "' or remove it here");
                }
            }
        }
    }

    private Path checkFolder(Share share, String at) {
        Path folder = share.folder();
        String label = "share '" + share.name() + "': folder " + folder;
        if (folder.toString().isEmpty()) {
            add(at + ".folder", at, "share '" + share.name() + "' needs a folder");
            return null;
        }
        if (!folder.isAbsolute()) {
            add(at + ".folder", at, label + " must be an absolute path (like /home/ann/Plans)");
            return null;
        }
        if (!Files.exists(folder)) {
            add(at + ".folder", at, label + " does not exist; create it or fix the path");
            return null;
        }
        if (!Files.isDirectory(folder)) {
            add(at + ".folder", at, label + " is not a folder");
            return null;
        }
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            add(at + ".folder", at, label + " cannot be opened: " + e.getMessage());
            return null;
        }
    }

    /**
     * A share may not hold lanshare's own files: the host key, the settings with the accounts' password hashes, the
     * first run's password, the gateway's token, remembered passwords. Such a share was taken and served them to
     * guests. Its folder may not be one of lanshare's own, hold one (a home folder holding them all, say) or lie in
     * the state or runtime folder; it may lie in the settings' folder, which is only a place (as {@code --home}
     * folders are).
     */
    private void checkOwnFolders(String name, Path real, String at) {
        if (own == null) {
            return;
        }
        for (Path folder : new Path[] {own.config(), own.state(), own.runtime()}) {
            Path o = realOrAsIs(folder);
            boolean inside = real.startsWith(o) && !o.equals(realOrAsIs(own.config()));
            if (o.startsWith(real) || inside) {
                add(at + ".folder", at, "share '" + name + "': its folder " + (o.startsWith(real) ? (o.equals(real)
                        ? "is" : "holds") : "lies in") + " lanshare's own folder " + folder + ", with its host key, "
                        + "settings and passwords, which must not be shared; share a folder that does not hold it");
                return;
            }
        }
    }

    private static Path realOrAsIs(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private void checkNesting(String name, Path real, List<String> names, List<Path> folders, String at) {
        for (int j = 0; j < folders.size(); j++) {
            Path other = folders.get(j);
            if (real.equals(other)) {
                add(at + ".folder", at, "share '" + name + "': the folder is already shared as '" + names.get(j)
                        + "'");
            } else if (real.startsWith(other) || other.startsWith(real)) {
                add(at + ".folder", at, "share '" + name + "': its folder " + (real.startsWith(other)
                        ? "lies inside" : "contains") + " the folder of share '" + names.get(j)
                        + "'; shares may not nest, so that each file has one set of rules");
            }
        }
    }

    /**
     * A problem with a read-only share that grants write, or null: such a grant would do nothing, so it is refused
     * rather than kept as a silent promise. The message names the grant and the two ways out.
     */
    public static String writeGrantProblem(Share share) {
        if (!share.readOnly()) {
            return null;
        }
        List<String> writers = share.access().entrySet().stream().filter(e -> e.getValue() == Access.WRITE)
                .map(e -> e.getKey().equals(Share.ACCOUNTS) ? "every account" : e.getKey()).toList();
        if (writers.isEmpty()) {
            return null;
        }
        return "share '" + share.name() + "' is read-only, so " + String.join(", ", writers)
                + " cannot write there; make the share read-write ('lanshare share --read-write', or "
                + "read-only: false) or grant " + String.join(", ", writers) + " read";
    }

    private void checkAccounts(List<Account> accounts) {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < accounts.size(); i++) {
            Account a = accounts.get(i);
            String at = "accounts[" + i + "]";
            String nameProblem = accountNameProblem(a.name());
            if (nameProblem != null) {
                add(at + ".name", at, nameProblem);
            } else if (!seen.add(a.name())) {
                add(at + ".name", at, "account '" + a.name() + "' is listed twice; remove one");
            }
            if (a.passwordHash().isPresent() && !PasswordHash.isWellFormed(a.passwordHash().get())) {
                add(at + ".password", at, "account '" + a.name() + "': the password is not a lanshare hash; "
                        + "set it with 'lanshare passwd " + a.name() + "'");
            }
            for (String key : a.keys()) {
                if (!looksLikePublicKey(key)) {
                    add(at + ".keys", at, "account '" + a.name() + "': '" + abbreviate(key)
                            + "' is not a public key line like 'ssh-ed25519 AAAA... name'");
                }
            }
        }
    }

    /** A cheap shape check; the service parses keys fully when it loads them. */
    static boolean looksLikePublicKey(String line) {
        String[] parts = line.trim().split("\\s+");
        int typeAt = 0;
        while (typeAt < parts.length && !KEY_TYPES.contains(parts[typeAt]) && typeAt < 1) {
            typeAt++; // an options field may come first
        }
        if (typeAt + 1 >= parts.length || !KEY_TYPES.contains(parts[typeAt])) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(parts[typeAt + 1]).length > 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 30 ? s : s.substring(0, 27) + "...";
    }

    private void add(String key, String message) {
        problems.add(new Problem(lines.getOrDefault(key, 0), message));
    }

    private void add(String key, String fallbackKey, String message) {
        problems.add(new Problem(lines.getOrDefault(key, lines.getOrDefault(fallbackKey, 0)), message));
    }
}
