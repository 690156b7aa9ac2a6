package dev.lanshare.tray.sni;

import java.util.Map;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.interfaces.DBusSerializable;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** The dbusmenu wire types. D-Bus structs are positional, hence the {@link Position} fields. */
public final class MenuStructs {
    private MenuStructs() {
    }

    /** One node: {@code (ia{sv}av)}, its children each a variant holding a node. */
    public static final class Node extends Struct {
        @Position(0)
        private final int id;
        @Position(1)
        private final Map<String, Variant<?>> properties;
        @Position(2)
        private final Variant<?>[] children;

        public Node(int id, Map<String, Variant<?>> properties, Variant<?>[] children) {
            this.id = id;
            this.properties = properties;
            this.children = children;
        }

        public int getId() {
            return id;
        }

        public Map<String, Variant<?>> getProperties() {
            return properties;
        }

        public Variant<?>[] getChildren() {
            return children;
        }
    }

    /** GetLayout's two out values, {@code u} revision and the node; a serializable is how dbus-java returns two. */
    public static final class Layout implements DBusSerializable {
        private UInt32 revision;
        private Node node;

        public Layout() {
        }

        public Layout(UInt32 revision, Node node) {
            this.revision = revision;
            this.node = node;
        }

        public void deserialize(UInt32 rev, Node n) {
            this.revision = rev;
            this.node = n;
        }

        @Override
        public Object[] serialize() {
            return new Object[] {revision, node};
        }
    }

    public static final class PropertyGroup extends Struct {
        @Position(0)
        private final int id;
        @Position(1)
        private final Map<String, Variant<?>> properties;

        public PropertyGroup(int id, Map<String, Variant<?>> properties) {
            this.id = id;
            this.properties = properties;
        }

        public int getId() {
            return id;
        }

        public Map<String, Variant<?>> getProperties() {
            return properties;
        }
    }

    public static final class Event extends Struct {
        @Position(0)
        private final int id;
        @Position(1)
        private final String eventId;
        @Position(2)
        private final Variant<?> data;
        @Position(3)
        private final UInt32 timestamp;

        public Event(int id, String eventId, Variant<?> data, UInt32 timestamp) {
            this.id = id;
            this.eventId = eventId;
            this.data = data;
            this.timestamp = timestamp;
        }

        public int getId() {
            return id;
        }

        public String getEventId() {
            return eventId;
        }

        public Variant<?> getData() {
            return data;
        }

        public UInt32 getTimestamp() {
            return timestamp;
        }
    }

    /** AboutToShowGroup's out values: ids that need an update, ids not found. */
    public static final class AboutToShowGroup implements DBusSerializable {
        private int[] updatesNeeded = new int[0];
        private int[] idErrors = new int[0];

        public void deserialize(int[] updates, int[] errors) {
            this.updatesNeeded = updates;
            this.idErrors = errors;
        }

        @Override
        public Object[] serialize() {
            return new Object[] {updatesNeeded, idErrors};
        }
    }
}
