package dev.lanshare.service.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.jackrabbit.webdav.DavServletResponse;
import org.apache.jackrabbit.webdav.MultiStatusResponse;
import org.apache.jackrabbit.webdav.lock.ActiveLock;
import org.apache.jackrabbit.webdav.lock.LockDiscovery;
import org.apache.jackrabbit.webdav.lock.Scope;
import org.apache.jackrabbit.webdav.lock.SupportedLock;
import org.apache.jackrabbit.webdav.lock.Type;
import org.apache.jackrabbit.webdav.property.DavProperty;
import org.apache.jackrabbit.webdav.property.DavPropertyName;
import org.apache.jackrabbit.webdav.property.DavPropertySet;
import org.apache.jackrabbit.webdav.property.DefaultDavProperty;
import org.apache.jackrabbit.webdav.property.PropEntry;
import org.apache.jackrabbit.webdav.property.ResourceType;
import org.apache.jackrabbit.webdav.util.HttpDateFormat;
import org.apache.jackrabbit.webdav.util.HttpDateTimeFormatter;
import org.apache.jackrabbit.webdav.xml.Namespace;

/**
 * The properties Finder and Explorer read (no quota ones: they stall mounting on recent macOS), and what a
 * {@code PROPPATCH} may change: modification times are applied, Windows' other times and attributes accepted,
 * anything else kept as a dead property in the gateway's memory.
 */
final class LiveProperties {
    static final Namespace MICROSOFT = Namespace.getNamespace("Z", "urn:schemas-microsoft-com:");
    private static final String WIN32_ATTRIBUTES = "Win32FileAttributes";
    private static final String WIN32_MODIFIED = "Win32LastModifiedTime";

    private LiveProperties() {
    }

    static DavPropertySet of(Entry e, String displayName, boolean readOnly, ActiveLock[] locks, DavPropertySet dead) {
        DavPropertySet set = new DavPropertySet();
        if (dead != null) {
            set.addAll(dead);
        }
        set.add(new DefaultDavProperty<>(DavPropertyName.DISPLAYNAME, displayName));
        set.add(new ResourceType(e.folder() ? ResourceType.COLLECTION : ResourceType.DEFAULT_RESOURCE));
        set.add(new DefaultDavProperty<>(DavPropertyName.GETLASTMODIFIED, HttpDateTimeFormatter.format(e.modified())));
        set.add(new DefaultDavProperty<>(DavPropertyName.CREATIONDATE,
                HttpDateFormat.creationDateFormat().format(new java.util.Date(e.modified()))));
        set.add(new DefaultDavProperty<>(DavPropertyName.GETETAG, e.etag()));
        if (!e.folder()) {
            set.add(new DefaultDavProperty<>(DavPropertyName.GETCONTENTLENGTH, String.valueOf(e.size())));
            set.add(new DefaultDavProperty<>(DavPropertyName.GETCONTENTTYPE, contentType(e.name())));
        }
        if (readOnly) { // FILE_ATTRIBUTE_READONLY, with FILE_ATTRIBUTE_DIRECTORY for folders
            set.add(new DefaultDavProperty<>(WIN32_ATTRIBUTES, e.folder() ? "00000011" : "00000001", MICROSOFT));
        }
        SupportedLock supported = new SupportedLock();
        supported.addEntry(Type.WRITE, Scope.EXCLUSIVE);
        supported.addEntry(Type.WRITE, Scope.SHARED);
        set.add(supported);
        set.add(new LockDiscovery(locks));
        return set;
    }

    static String contentType(String name) {
        String guess = java.net.URLConnection.guessContentTypeFromName(name.toLowerCase(Locale.ROOT));
        return guess != null ? guess : "application/octet-stream";
    }

    /** What one {@code PROPPATCH} asks. */
    interface Target {
        void modified(long millis) throws org.apache.jackrabbit.webdav.DavException;

        /** Sets and removes dead properties, in this order, all or none. */
        void dead(List<PropEntry> changes) throws org.apache.jackrabbit.webdav.DavException;
    }

    static MultiStatusResponse patch(String href, List<? extends PropEntry> changes, Target target) {
        MultiStatusResponse r = new MultiStatusResponse(href, null);
        List<PropEntry> dead = new ArrayList<>();
        for (PropEntry change : changes) {
            if (dead(name(change))) {
                dead.add(change);
            }
        }
        try {
            target.dead(dead);
        } catch (org.apache.jackrabbit.webdav.DavException e) {
            // none of it is done (RFC 4918 9.2): the dead ones say why, the others that they depended on them
            changes.forEach(c -> r.add(name(c), dead(name(c)) ? e.getErrorCode()
                    : DavServletResponse.SC_FAILED_DEPENDENCY));
            return r;
        }
        for (PropEntry change : changes) {
            DavPropertyName name = name(change);
            int status = DavServletResponse.SC_OK;
            try {
                if (change instanceof DavProperty<?> p && isModified(name)) {
                    target.modified(HttpDateTimeFormatter.parse(String.valueOf(p.getValue()).strip()));
                } else if (name.getNamespace().equals(DavPropertyName.NAMESPACE)) {
                    status = DavServletResponse.SC_FORBIDDEN; // live properties are the file's own
                }
                // Windows' other times and attributes: accepted, not kept; dead ones: kept above
            } catch (org.apache.jackrabbit.webdav.DavException e) {
                status = e.getErrorCode();
            } catch (RuntimeException e) {
                status = DavServletResponse.SC_CONFLICT; // a time we cannot read
            }
            r.add(name, status);
        }
        return r;
    }

    private static DavPropertyName name(PropEntry change) {
        return change instanceof DavProperty<?> p ? p.getName() : (DavPropertyName) change;
    }

    /** Neither Windows' nor DAV:'s: a property the gateway keeps for the client. */
    private static boolean dead(DavPropertyName name) {
        return !name.getNamespace().equals(MICROSOFT) && !name.getNamespace().equals(DavPropertyName.NAMESPACE);
    }

    private static boolean isModified(DavPropertyName name) {
        return name.equals(DavPropertyName.GETLASTMODIFIED)
                || name.getNamespace().equals(MICROSOFT) && name.getName().equals(WIN32_MODIFIED);
    }
}
