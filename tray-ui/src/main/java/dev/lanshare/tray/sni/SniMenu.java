package dev.lanshare.tray.sni;

import dev.lanshare.tray.model.Action;
import dev.lanshare.tray.model.MenuEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The tray menu over com.canonical.dbusmenu. Each new menu gets ids in order (0 is the root) and a new revision;
 * a click comes back as an id, is looked up in the menu that was shown, and its {@link Action} handed on.
 */
final class SniMenu implements DbusMenu {
    static final String PATH = "/MenuBar";

    /** One published menu: entries and children by id, and its revision. */
    private record Snapshot(int revision, Map<Integer, MenuEntry> entries, Map<Integer, List<Integer>> children) {
    }

    private final Consumer<Action> actions;
    private volatile Snapshot shown = new Snapshot(0, Map.of(), Map.of(0, List.of()));

    SniMenu(Consumer<Action> actions) {
        this.actions = actions;
    }

    /** Publishes {@code menu}; returns the new revision. */
    int update(List<MenuEntry> menu) {
        Map<Integer, MenuEntry> entries = new HashMap<>();
        Map<Integer, List<Integer>> children = new HashMap<>();
        children.put(0, number(menu, entries, children, new int[] {1}));
        Snapshot next = new Snapshot(shown.revision() + 1, entries, children);
        shown = next;
        return next.revision();
    }

    private static List<Integer> number(List<MenuEntry> list, Map<Integer, MenuEntry> entries,
            Map<Integer, List<Integer>> children, int[] nextId) {
        List<Integer> ids = new ArrayList<>();
        for (MenuEntry e : list) {
            int id = nextId[0]++;
            ids.add(id);
            entries.put(id, e);
            children.put(id, e instanceof MenuEntry.Submenu s ? number(s.entries(), entries, children, nextId)
                    : List.of());
        }
        return ids;
    }

    @Override
    public UInt32 getVersion() {
        return new UInt32(3);
    }

    @Override
    public String getStatus() {
        return "normal";
    }

    @Override
    public MenuStructs.Layout getLayout(int parentId, int recursionDepth, String[] propertyNames) {
        Snapshot s = shown;
        return new MenuStructs.Layout(new UInt32(s.revision()), node(s, parentId, recursionDepth, propertyNames));
    }

    private MenuStructs.Node node(Snapshot s, int id, int depth, String[] names) {
        List<Variant<?>> kids = new ArrayList<>();
        if (depth != 0) {
            for (int child : s.children().getOrDefault(id, List.of())) {
                kids.add(new Variant<>(node(s, child, depth - 1, names)));
            }
        }
        return new MenuStructs.Node(id, properties(s, id, names), kids.toArray(new Variant<?>[0]));
    }

    @Override
    public MenuStructs.PropertyGroup[] getGroupProperties(int[] ids, String[] propertyNames) {
        Snapshot s = shown;
        return Arrays.stream(ids).mapToObj(id -> new MenuStructs.PropertyGroup(id, properties(s, id, propertyNames)))
                .toArray(MenuStructs.PropertyGroup[]::new);
    }

    @Override
    public Variant<?> getProperty(int id, String name) {
        Variant<?> v = properties(shown, id, new String[] {name}).get(name);
        return v != null ? v : new Variant<>("");
    }

    /** The dbusmenu properties of one entry, only those asked for when the host names some. */
    private static Map<String, Variant<?>> properties(Snapshot s, int id, String[] names) {
        Map<String, Object> p = new LinkedHashMap<>();
        MenuEntry e = s.entries().get(id);
        if (e instanceof MenuEntry.Separator) {
            p.put("type", "separator");
        } else if (e instanceof MenuEntry.Check c) {
            p.put("label", c.label());
            p.put("toggle-type", "checkmark");
            p.put("toggle-state", c.checked() ? 1 : 0);
        } else if (e instanceof MenuEntry.Submenu sub) {
            p.put("label", sub.label());
            p.put("children-display", "submenu");
        } else if (e instanceof MenuEntry.Item item) {
            p.put("label", item.label());
            p.put("enabled", item.enabled() && item.action() != null);
        } else if (id == 0) {
            p.put("children-display", "submenu");
        }
        List<String> wanted = names == null ? List.of()
                : Arrays.stream(names).filter(n -> !n.isEmpty()).toList();
        Map<String, Variant<?>> out = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (wanted.isEmpty() || wanted.contains(k)) {
                out.put(k, new Variant<>(v));
            }
        });
        return out;
    }

    @Override
    public void event(int id, String eventId, Variant<?> data, UInt32 timestamp) {
        if (!"clicked".equals(eventId)) {
            return;
        }
        MenuEntry e = shown.entries().get(id);
        if (e instanceof MenuEntry.Check c) {
            actions.accept(c.action());
        } else if (e instanceof MenuEntry.Item item && item.action() != null && item.enabled()) {
            actions.accept(item.action());
        }
    }

    @Override
    public int[] eventGroup(MenuStructs.Event[] events) {
        for (MenuStructs.Event e : events) {
            event(e.getId(), e.getEventId(), e.getData(), e.getTimestamp());
        }
        return new int[0];
    }

    @Override
    public boolean aboutToShow(int id) {
        return false; // the layout is always current: every state change publishes a new one
    }

    @Override
    public MenuStructs.AboutToShowGroup aboutToShowGroup(int[] ids) {
        return new MenuStructs.AboutToShowGroup();
    }

    @Override
    public String getObjectPath() {
        return PATH;
    }
}
