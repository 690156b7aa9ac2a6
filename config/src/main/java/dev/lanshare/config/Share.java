package dev.lanshare.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One shared folder: the name peers see, the folder, whether it may change at all, and who may open it.
 *
 * <p>{@code access} maps a principal to what it may do. Principals are {@link #GUESTS} (anyone who logs in as
 * {@link Account#GUEST}), {@link #ACCOUNTS} (every account of this machine) or an account name. A read-only share
 * grants nobody write ({@link SettingsValidator#writeGrantProblem} refuses that): making a share read-only is done
 * with {@link #withReadOnly}, which says so in the grants too. {@link #accessFor} still gives only read in a
 * read-only share, whatever was granted.
 */
public record Share(String name, Path folder, boolean readOnly, Map<String, Access> access) {
    public static final String GUESTS = "guests";
    public static final String ACCOUNTS = "accounts";

    public Share {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        access = Collections.unmodifiableMap(new LinkedHashMap<>(access));
    }

    /** What {@code user} may do here, or empty when the share is closed to them. */
    public Optional<Access> accessFor(String user, boolean guest) {
        Access granted;
        if (guest) {
            granted = access.get(GUESTS);
        } else {
            granted = best(access.get(ACCOUNTS), access.get(user));
        }
        if (granted == null) {
            return Optional.empty();
        }
        return Optional.of(readOnly ? Access.READ : granted);
    }

    public boolean openToGuests() {
        return access.containsKey(GUESTS);
    }

    public Share withFolder(Path newFolder) {
        return new Share(name, newFolder, readOnly, access);
    }

    /** This share read-only (every write grant becomes read) or read-write (grants as they are). */
    public Share withReadOnly(boolean ro) {
        if (!ro) {
            return new Share(name, folder, false, access);
        }
        Map<String, Access> reading = new LinkedHashMap<>();
        access.forEach((who, what) -> reading.put(who, Access.READ));
        return new Share(name, folder, true, reading);
    }

    public Share withAccess(Map<String, Access> newAccess) {
        return new Share(name, folder, readOnly, newAccess);
    }

    private static Access best(Access a, Access b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a == Access.WRITE || b == Access.WRITE ? Access.WRITE : Access.READ;
    }
}
