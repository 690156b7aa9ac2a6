package dev.lanshare.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A person who may log in with a password (kept only as a {@link PasswordHash}) and/or public keys, one
 * OpenSSH {@code authorized_keys} line each.
 */
public record Account(String name, Optional<String> passwordHash, List<String> keys) {
    /** The account anyone may log in as with no password; it sees only shares opened to {@link Share#GUESTS}. */
    public static final String GUEST = "guest";

    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        keys = List.copyOf(keys);
    }

    public Account withPasswordHash(String hash) {
        return new Account(name, Optional.of(hash), keys);
    }

    public Account withKey(String key) {
        List<String> more = new java.util.ArrayList<>(keys);
        more.add(key);
        return new Account(name, passwordHash, more);
    }

    @Override
    public String toString() {
        return "Account[" + name + ", password=" + passwordHash.isPresent() + ", keys=" + keys.size() + "]";
    }
}
