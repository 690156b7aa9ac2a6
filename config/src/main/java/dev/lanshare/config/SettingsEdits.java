package dev.lanshare.config;

import java.util.List;
import java.util.function.Predicate;

/**
 * The edits the control channel and the command line make to {@link Settings}, with the checks that go with them:
 * each returns the new settings, or throws {@link EditRefused} saying why it does not apply. Whether the result is
 * valid as a whole is the validator's job, when it is saved. Public keys are read by the service (with the parser
 * its logins use), so the key edits take what it found: the key's line and fingerprint, and which kept lines match.
 */
public final class SettingsEdits {
    private SettingsEdits() {
    }

    /** Adds {@code share}, or replaces the share of that name. */
    public static Settings addShare(Settings s, Share share) {
        return s.withShare(share);
    }

    /** Replaces the share of {@code share}'s name, which must exist. */
    public static Settings changeShare(Settings s, Share share) {
        existingShare(s, share.name());
        return s.withShare(share);
    }

    public static Settings removeShare(Settings s, String name) {
        return s.withoutShare(existingShare(s, name).name());
    }

    public static Settings addAccount(Settings s, Account account) {
        if (s.account(account.name()).isPresent()) {
            throw new EditRefused("account '" + account.name() + "' exists");
        }
        return s.withAccount(account);
    }

    /** Removes the account and its grants. */
    public static Settings removeAccount(Settings s, String name) {
        return s.withoutAccount(existingAccount(s, name).name());
    }

    public static Settings setPasswordHash(Settings s, String name, String hash) {
        return s.withAccount(existingAccount(s, name).withPasswordHash(hash));
    }

    /**
     * Adds one public key to an account.
     *
     * @param line        the key line as it is to be kept
     * @param fingerprint its {@code SHA256:} fingerprint, for the message when the account has it already
     * @param sameKey     whether a kept line holds this same key (comments aside)
     */
    public static Settings addKey(Settings s, String name, String line, String fingerprint,
            Predicate<String> sameKey) {
        Account account = existingAccount(s, name);
        if (account.keys().stream().anyMatch(sameKey)) {
            throw new EditRefused("account '" + name + "' has that key already (" + fingerprint + ")");
        }
        return s.withAccount(account.withKey(line));
    }

    /** Removes the keys of an account that {@code named} picks from its kept lines; at least one must go. */
    public static Settings removeKeys(Settings s, String name, Predicate<String> named) {
        Account account = existingAccount(s, name);
        List<String> kept = account.keys().stream().filter(named.negate()).toList();
        if (kept.size() == account.keys().size()) {
            throw new EditRefused("account '" + name + "' has no such key");
        }
        return s.withAccount(new Account(name, account.passwordHash(), kept));
    }

    /** The name peers see, stripped; empty means the host name. */
    public static Settings rename(Settings s, String name) {
        return s.withName(name.strip());
    }

    /** Adds {@code peer}, or replaces the entry for its address. */
    public static Settings addPeer(Settings s, AddedPeer peer) {
        return s.withPeer(peer);
    }

    public static Settings removePeer(Settings s, AddedPeer peer) {
        if (s.peers().stream().noneMatch(p -> p.sameAddress(peer))) {
            throw new EditRefused("no peer was added as '" + peer.address() + "'");
        }
        return s.withoutPeer(peer);
    }

    public static Share existingShare(Settings s, String name) {
        return s.share(name).orElseThrow(() -> new EditRefused("no share named '" + name + "'"));
    }

    public static Account existingAccount(Settings s, String name) {
        return s.account(name).orElseThrow(() -> new EditRefused("no account named '" + name + "'"));
    }
}
