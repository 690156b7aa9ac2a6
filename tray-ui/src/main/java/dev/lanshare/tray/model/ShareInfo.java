package dev.lanshare.tray.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A folder as the tray shows it: one the service shares, or one the tray remembers that is not shared now.
 *
 * @param access who may open it: {@code guests}, {@code accounts} (every account) or an account name, each
 *               mapped to {@code read} or {@code write}, as on the control channel
 */
public record ShareInfo(String name, String folder, boolean readOnly, Map<String, String> access) {
    public static final String GUESTS = "guests";
    public static final String ACCOUNTS = "accounts";

    public ShareInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        access = Map.copyOf(new LinkedHashMap<>(access));
    }

    public boolean guests() {
        return access.containsKey(GUESTS);
    }

    /** In words for the menu: what the people who may open it can do. */
    public String accessWords() {
        return readOnly ? "read-only" : "others can edit";
    }

    /** Which accounts may open it, in words: "every account", "ann, ben (can edit)" or "no account". */
    public String accountsWords() {
        if (access.containsKey(ACCOUNTS)) {
            return "every account";
        }
        String named = String.join(", ", access.entrySet().stream()
                .filter(e -> !e.getKey().equals(GUESTS))
                .map(e -> e.getKey() + ("write".equals(e.getValue()) && !readOnly ? " (can edit)" : ""))
                .sorted().toList());
        return named.isEmpty() ? "no account" : named;
    }

    /**
     * Read-only for everyone, or editable by everyone who may open it (guests keep read: they need no password),
     * as the Access column says: the grants change with the share, so none says more than the share allows.
     */
    public ShareInfo withReadOnly(boolean ro) {
        Map<String, String> next = new LinkedHashMap<>();
        access.forEach((who, what) -> next.put(who, ro || who.equals(GUESTS) ? "read" : "write"));
        return new ShareInfo(name, folder, ro, next);
    }

    /** Opens it to guests (to read: a guest needs no password, so never more) or closes it to them. */
    public ShareInfo withGuests(boolean open) {
        Map<String, String> next = new LinkedHashMap<>(access);
        if (open) {
            next.put(GUESTS, "read");
        } else {
            next.remove(GUESTS);
        }
        return new ShareInfo(name, folder, readOnly, next);
    }
}
