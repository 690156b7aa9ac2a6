package dev.lanshare.service.auth;

import dev.lanshare.config.Account;
import dev.lanshare.config.PasswordHash;
import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Who may log in, answered from the live settings: guests, and accounts by password or key. */
public final class Logins {
    private final Supplier<Settings> settings;

    public Logins(Supplier<Settings> settings) {
        this.settings = settings;
    }

    public static boolean isGuest(String user) {
        return Account.GUEST.equals(user);
    }

    /** Guests get in only while at least one share is open to them. */
    public boolean guestAllowed() {
        return settings.get().shares().stream().anyMatch(Share::openToGuests);
    }

    /** Slow on purpose (PBKDF2): call it off the network threads. */
    public boolean passwordMatches(String user, char[] password) {
        Optional<String> hash = settings.get().account(user).flatMap(Account::passwordHash);
        return hash.isPresent() && PasswordHash.verify(password, hash.get());
    }

    /** The account's public keys, as authorized_keys lines. */
    public List<String> keys(String user) {
        return settings.get().account(user).map(Account::keys).orElse(List.of());
    }
}
