package dev.lanshare.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One machine's settings: what it is called, where it listens, what it shares and with whom.
 *
 * @param version   format version of the file it came from ({@link #FORMAT_VERSION} when written)
 * @param name      display name peers see; empty means "the host name"
 * @param port      the SFTP port this machine prefers (the next free one is taken when it is busy)
 * @param chacha20  offer chacha20-poly1305 (off by default: pure Java in MINA, half the throughput)
 * @param partialUploadHours how long a {@code .lanshare-part} upload left by a client that vanished is kept
 * @param network   which client addresses may connect at all
 * @param peers     colleagues' machines added by address (on other subnets, where multicast does not reach)
 * @param gatewayPort the loopback port of the WebDAV gateway to colleagues' folders (the next free one is taken
 *                    when it is busy, and then kept, so that a mapped drive survives restarts)
 */
public record Settings(int version, String name, int port, boolean chacha20, int partialUploadHours,
        NetworkPolicy network, List<Share> shares, List<Account> accounts, List<AddedPeer> peers, int gatewayPort) {
    public static final int FORMAT_VERSION = 1;
    public static final int DEFAULT_PORT = 2222;
    public static final int DEFAULT_GATEWAY_PORT = 2280;
    public static final int DEFAULT_PARTIAL_UPLOAD_HOURS = 24;

    public Settings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        shares = List.copyOf(shares);
        accounts = List.copyOf(accounts);
        peers = List.copyOf(peers);
    }

    /** Settings of a file written before peers could be added or the gateway had a port. */
    public Settings(int version, String name, int port, boolean chacha20, int partialUploadHours,
            NetworkPolicy network, List<Share> shares, List<Account> accounts) {
        this(version, name, port, chacha20, partialUploadHours, network, shares, accounts, List.of(),
                DEFAULT_GATEWAY_PORT);
    }

    public static Settings empty() {
        return new Settings(FORMAT_VERSION, "", DEFAULT_PORT, false, DEFAULT_PARTIAL_UPLOAD_HOURS,
                NetworkPolicy.DEFAULT, List.of(), List.of());
    }

    public Optional<Share> share(String shareName) {
        return shares.stream().filter(s -> s.name().equalsIgnoreCase(shareName)).findFirst();
    }

    public Optional<Account> account(String accountName) {
        return accounts.stream().filter(a -> a.name().equals(accountName)).findFirst();
    }

    public Settings withName(String newName) {
        return new Settings(version, newName, port, chacha20, partialUploadHours, network, shares, accounts, peers,
                gatewayPort);
    }

    public Settings withPort(int newPort) {
        return new Settings(version, name, newPort, chacha20, partialUploadHours, network, shares, accounts, peers,
                gatewayPort);
    }

    public Settings withGatewayPort(int newPort) {
        return new Settings(version, name, port, chacha20, partialUploadHours, network, shares, accounts, peers,
                newPort);
    }

    public Settings withNetwork(NetworkPolicy policy) {
        return new Settings(version, name, port, chacha20, partialUploadHours, policy, shares, accounts, peers,
                gatewayPort);
    }

    /** Adds {@code share}, or replaces the share of the same name (ignoring case). */
    public Settings withShare(Share share) {
        List<Share> next = new ArrayList<>(shares);
        next.removeIf(s -> s.name().equalsIgnoreCase(share.name()));
        next.add(share);
        return withLists(next, accounts, peers);
    }

    public Settings withoutShare(String shareName) {
        List<Share> next = new ArrayList<>(shares);
        next.removeIf(s -> s.name().equalsIgnoreCase(shareName));
        return withLists(next, accounts, peers);
    }

    /** Adds {@code account}, or replaces the account of the same name. */
    public Settings withAccount(Account account) {
        List<Account> next = new ArrayList<>(accounts);
        int at = indexOf(account.name());
        if (at >= 0) {
            next.set(at, account);
        } else {
            next.add(account);
        }
        return withLists(shares, next, peers);
    }

    /** Removes the account and every grant it had in the shares. */
    public Settings withoutAccount(String accountName) {
        List<Account> next = new ArrayList<>(accounts);
        next.removeIf(a -> a.name().equals(accountName));
        List<Share> cleaned = new ArrayList<>();
        for (Share share : shares) {
            var access = new java.util.LinkedHashMap<>(share.access());
            access.remove(accountName);
            cleaned.add(share.withAccess(access));
        }
        return withLists(cleaned, next, peers);
    }

    /** Adds {@code peer}, or replaces the entry for the same address. */
    public Settings withPeer(AddedPeer peer) {
        List<AddedPeer> next = new ArrayList<>(peers);
        next.removeIf(p -> p.sameAddress(peer));
        next.add(peer);
        return withLists(shares, accounts, next);
    }

    public Settings withoutPeer(AddedPeer peer) {
        List<AddedPeer> next = new ArrayList<>(peers);
        next.removeIf(p -> p.sameAddress(peer));
        return withLists(shares, accounts, next);
    }

    public Settings mapShares(UnaryOperator<Share> f) {
        return withLists(shares.stream().map(f).toList(), accounts, peers);
    }

    private Settings withLists(List<Share> nextShares, List<Account> nextAccounts, List<AddedPeer> nextPeers) {
        return new Settings(version, name, port, chacha20, partialUploadHours, network, nextShares, nextAccounts,
                nextPeers, gatewayPort);
    }

    /** The name peers see: the configured one, else the host name. */
    public String displayName(String hostName) {
        return name.isBlank() ? hostName : name;
    }

    static String key(String shareName) {
        return shareName.toLowerCase(Locale.ROOT);
    }

    private int indexOf(String accountName) {
        for (int i = 0; i < accounts.size(); i++) {
            if (accounts.get(i).name().equals(accountName)) {
                return i;
            }
        }
        return -1;
    }
}
