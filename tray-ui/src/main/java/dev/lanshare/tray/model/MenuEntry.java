package dev.lanshare.tray.model;

import java.util.List;
import java.util.Objects;

/** One line of the tray menu. The whole menu is a list of these, rebuilt from each new {@link TrayState}. */
public sealed interface MenuEntry {
    /** A plain entry; {@code action} empty for a line that only informs. */
    record Item(String label, Action action, boolean enabled) implements MenuEntry {
        public Item {
            Objects.requireNonNull(label, "label");
        }

        /** A line of information that does nothing when chosen. */
        public static Item info(String label) {
            return new Item(label, null, false);
        }

        public static Item of(String label, Action action) {
            return new Item(label, action, true);
        }
    }

    /** A tick box; {@code action} is what choosing it does (it already carries the new state). */
    record Check(String label, boolean checked, Action action) implements MenuEntry {
        public Check {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(action, "action");
        }
    }

    record Submenu(String label, List<MenuEntry> entries) implements MenuEntry {
        public Submenu {
            Objects.requireNonNull(label, "label");
            entries = List.copyOf(entries);
        }
    }

    record Separator() implements MenuEntry {
    }
}
