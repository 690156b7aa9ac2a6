package dev.lanshare.tray.model;

import dev.lanshare.config.Access;
import dev.lanshare.config.Share;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A share as the tray's menu and table say and change it: in words, and with the grants its columns set. */
public final class Shares {
    private Shares() {
    }

    /** In words for the menu: what the people who may open it can do. */
    public static String accessWords(Share s) {
        return s.readOnly() ? "read-only" : "others can edit";
    }

    /** Which accounts may open it, in words: "every account", "ann, ben (can edit)" or "no account". */
    public static String accountsWords(Share s) {
        if (s.access().containsKey(Share.ACCOUNTS)) {
            return "every account";
        }
        String named = String.join(", ", s.access().entrySet().stream()
                .filter(e -> !e.getKey().equals(Share.GUESTS))
                .map(e -> e.getKey() + (e.getValue() == Access.WRITE && !s.readOnly() ? " (can edit)" : ""))
                .sorted().toList());
        return named.isEmpty() ? "no account" : named;
    }

    /**
     * Read-only for everyone, or editable by everyone who may open it (guests keep read: they need no password),
     * as the Access column says: the grants change with the share, so none says more than the share allows.
     */
    public static Share withReadOnly(Share s, boolean ro) {
        Map<String, Access> next = new LinkedHashMap<>();
        s.access().forEach((who, what) -> next.put(who, ro || who.equals(Share.GUESTS) ? Access.READ : Access.WRITE));
        return new Share(s.name(), s.folder(), ro, next);
    }

    /** Opens it to guests (to read: a guest needs no password, so never more) or closes it to them. */
    public static Share withGuests(Share s, boolean open) {
        Map<String, Access> next = new LinkedHashMap<>(s.access());
        if (open) {
            next.put(Share.GUESTS, Access.READ);
        } else {
            next.remove(Share.GUESTS);
        }
        return s.withAccess(next);
    }

    /**
     * The share among {@code known} (shared or unticked) that has {@code name} (names ignore case) for another folder
     * than {@code folder}: saving a new share under that name would replace it.
     */
    public static Optional<Share> takenBy(String name, Path folder, List<Share> known) {
        Path wanted = folder.toAbsolutePath().normalize();
        return known.stream().filter(s -> s.name().equalsIgnoreCase(name.strip())
                && !s.folder().toAbsolutePath().normalize().equals(wanted)).findFirst();
    }

    /** {@code wanted}, else the first of "wanted 2", "wanted 3"… that no other folder's share among {@code known} has. */
    public static String freeName(String wanted, Path folder, List<Share> known) {
        String name = wanted;
        for (int n = 2; takenBy(name, folder, known).isPresent(); n++) {
            name = wanted + " " + n;
        }
        return name;
    }
}
