package dev.lanshare.service.gateway;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavServletResponse;
import org.apache.jackrabbit.webdav.property.DavProperty;
import org.apache.jackrabbit.webdav.property.DavPropertyName;
import org.apache.jackrabbit.webdav.property.DavPropertySet;
import org.apache.jackrabbit.webdav.property.PropEntry;
import org.apache.jackrabbit.webdav.xml.DomUtil;

/**
 * The dead properties clients set ({@code PROPPATCH}), in memory only, since SFTP has nowhere to keep them; capped
 * per resource and together, as Finder's files in {@link Memory} are, so that no client can fill the heap with them.
 */
final class DeadProperties {
    /** Office and Windows set a few short ones per file; litmus's biggest test sets about 30 KiB. */
    static final int MAX_EACH = 256 * 1024;
    /** All of them together. */
    static final long MAX_TOTAL = 16 * 1024 * 1024;
    /** What one property costs beyond its text, so that many empty ones are counted too. */
    private static final int OVERHEAD = 128;

    private record Kept(DavPropertySet set, long size) {
    }

    private final Map<DavPath, Kept> kept = new HashMap<>();
    private final long maxEach;
    private final long maxTotal;
    private long total;

    DeadProperties(long maxEach, long maxTotal) {
        this.maxEach = maxEach;
        this.maxTotal = maxTotal;
    }

    synchronized DavPropertySet get(DavPath path) {
        Kept k = kept.get(path);
        if (k == null) {
            return null;
        }
        DavPropertySet copy = new DavPropertySet();
        copy.addAll(k.set());
        return copy;
    }

    /**
     * Sets ({@link DavProperty}) and removes ({@link DavPropertyName}) properties of {@code path} all at once,
     * or, when that would take them past their caps, none:
     * 507 (Insufficient Storage), which RFC 4918 gives for a property the server has no room to record.
     */
    synchronized void alter(DavPath path, List<PropEntry> changes) throws DavException {
        Kept old = kept.get(path);
        DavPropertySet next = new DavPropertySet();
        if (old != null) {
            next.addAll(old.set());
        }
        for (PropEntry c : changes) { // in the order asked (RFC 4918 9.2): a property set then removed is gone
            if (c instanceof DavProperty<?> p) {
                next.add(p);
            } else {
                next.remove((DavPropertyName) c);
            }
        }
        long size = size(next);
        long after = total - (old == null ? 0 : old.size()) + size;
        if (size > maxEach || after > maxTotal) {
            throw new DavException(DavServletResponse.SC_INSUFFICIENT_SPACE_ON_RESOURCE, "the gateway keeps at most "
                    + maxEach / 1024 + " KiB of properties per file and " + maxTotal / (1024 * 1024)
                    + " MiB together; remove some");
        }
        total = after;
        if (next.isEmpty()) {
            kept.remove(path);
        } else {
            kept.put(path, new Kept(next, size));
        }
    }

    /** Forgets the properties at or below {@code path}. */
    synchronized void delete(DavPath path) {
        kept.entrySet().removeIf(e -> {
            if (e.getKey().within(path)) {
                total -= e.getValue().size();
                return true;
            }
            return false;
        });
    }

    /**
     * Copies (or moves) the properties at or below {@code from} to {@code to}. Copies are counted but not refused,
     * as with {@link Memory#copy}: they may take the total past its cap, and new properties are then refused.
     */
    synchronized void copy(DavPath from, DavPath to, boolean move) {
        for (var e : List.copyOf(kept.entrySet())) {
            if (e.getKey().within(from)) {
                Kept old = kept.put(e.getKey().rebase(from, to), e.getValue());
                total += e.getValue().size() - (old == null ? 0 : old.size());
            }
        }
        if (move) {
            delete(from);
        }
    }

    synchronized long total() {
        return total;
    }

    /** The properties as they are sent in a listing, in characters, plus {@link #OVERHEAD} each. */
    private static long size(DavPropertySet set) throws DavException {
        try {
            var doc = DomUtil.createDocument();
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            long size = 0;
            for (DavProperty<?> p : set) {
                StringWriter out = new StringWriter();
                t.transform(new DOMSource(p.toXml(doc)), new StreamResult(out));
                size += out.getBuffer().length() + OVERHEAD;
            }
            return size;
        } catch (ParserConfigurationException | TransformerException e) {
            throw new DavException(DavServletResponse.SC_INTERNAL_SERVER_ERROR, e);
        }
    }
}
