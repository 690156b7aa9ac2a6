package dev.lanshare.service.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavResource;
import org.apache.jackrabbit.webdav.DavResourceFactory;
import org.apache.jackrabbit.webdav.DavResourceIterator;
import org.apache.jackrabbit.webdav.DavResourceIteratorImpl;
import org.apache.jackrabbit.webdav.DavResourceLocator;
import org.apache.jackrabbit.webdav.DavServletResponse;
import org.apache.jackrabbit.webdav.DavSession;
import org.apache.jackrabbit.webdav.MultiStatusResponse;
import org.apache.jackrabbit.webdav.io.InputContext;
import org.apache.jackrabbit.webdav.io.OutputContext;
import org.apache.jackrabbit.webdav.lock.ActiveLock;
import org.apache.jackrabbit.webdav.lock.LockInfo;
import org.apache.jackrabbit.webdav.lock.LockManager;
import org.apache.jackrabbit.webdav.lock.Scope;
import org.apache.jackrabbit.webdav.lock.Type;
import org.apache.jackrabbit.webdav.property.DavProperty;
import org.apache.jackrabbit.webdav.property.DavPropertyName;
import org.apache.jackrabbit.webdav.property.DavPropertySet;
import org.apache.jackrabbit.webdav.property.PropEntry;
import org.apache.jackrabbit.webdav.server.WebdavRequestContextHolder;

/** One place in the gateway's tree as Jackrabbit's WebDAV servlet sees it; the work is done by {@link Tree}. */
final class GatewayResource implements DavResource {
    private final DavResourceLocator locator;
    private final DavPath path;
    private final Site ctx;
    private final DavSession session;
    /** Whether {@link #entry} is read from the colleague now, not from a listing: for a download. */
    private final boolean now;
    private Entry entry;
    private boolean looked;
    /** The file opened for a download ({@link #openForDownload}), whose size and time {@link #entry} then says. */
    private Tree.Opened opened;
    /** The links to folders the last {@link #copy} left out. */
    private List<DavPath> notCopied = List.of();

    GatewayResource(DavResourceLocator locator, Site ctx, DavSession session, Entry known) {
        this(locator, ctx, session, known, false);
    }

    GatewayResource(DavResourceLocator locator, Site ctx, DavSession session, Entry known, boolean now) {
        this.now = now;
        this.locator = locator;
        this.path = DavPath.parse(locator.getResourcePath());
        this.ctx = ctx;
        this.session = session;
        this.entry = known;
        this.looked = known != null;
    }

    DavPath path() {
        return path;
    }

    Entry entry() {
        if (!looked) {
            looked = true;
            try {
                entry = (now ? ctx.tree().statNow(path) : ctx.tree().stat(path)).orElse(null);
            } catch (DavException e) {
                entry = null;
            }
        }
        return entry;
    }

    @Override
    public String getComplianceClass() {
        return "1, 2";
    }

    @Override
    public String getSupportedMethods() {
        return METHODS;
    }

    @Override
    public boolean exists() {
        return entry() != null;
    }

    @Override
    public boolean isCollection() {
        return exists() && entry().folder();
    }

    @Override
    public String getDisplayName() {
        return exists() && !entry().name().isEmpty() ? entry().name() : path.name();
    }

    @Override
    public DavResourceLocator getLocator() {
        return locator;
    }

    @Override
    public String getResourcePath() {
        return locator.getResourcePath() == null ? "/" : locator.getResourcePath();
    }

    @Override
    public String getHref() {
        return locator.getHref(isCollection());
    }

    @Override
    public long getModificationTime() {
        return exists() ? entry().modified() : org.apache.jackrabbit.webdav.DavConstants.UNDEFINED_TIME;
    }

    /** Whether changes here are refused: outside a share, or in a share announced read-only. */
    boolean readOnly() {
        try {
            ctx.edits().checkWritable(path);
            return false;
        } catch (DavException e) {
            return true;
        }
    }

    @Override
    public void spool(OutputContext out) throws IOException {
        Entry e = entry();
        out.setModificationTime(e.modified());
        out.setETag(e.etag());
        if (e.folder()) {
            out.setContentType("text/plain; charset=UTF-8");
            return;
        }
        out.setContentType(LiveProperties.contentType(e.name()));
        out.setContentLength(e.size());
        if (out.hasStream()) {
            try (InputStream in = open(0)) {
                copy(in, out.getOutputStream(), e.size());
            }
        }
    }

    /**
     * Exactly {@code length} bytes, as the {@code Content-Length} sent said. A file that grew since its size was
     * read is cut there; one that shrank fails the response, which closes the connection before its promised end,
     * so the client sees a broken download rather than a short file.
     */
    static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        for (long left = length; left > 0; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("the file changed while it was sent: " + left + " bytes fewer than announced");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /**
     * For a {@code GET}: opens the colleague's file now, so that the answer's length, range and validators are those
     * of the file that is sent (not of one a save replaced meanwhile). Close with {@link #closeDownload}.
     */
    void openForDownload() throws DavException {
        opened = ctx.tree().openNow(path).orElse(null);
        if (opened != null) {
            entry = opened.entry();
            looked = true;
        }
    }

    void closeDownload() throws IOException {
        if (opened != null) {
            opened.close();
        }
    }

    /** The file's content from {@code offset} on. */
    InputStream open(long offset) throws IOException {
        if (opened != null) {
            return opened.from(offset);
        }
        try {
            return ctx.tree().open(path, entry(), offset);
        } catch (DavException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public DavPropertyName[] getPropertyNames() {
        return getProperties().getPropertyNames();
    }

    @Override
    public DavProperty<?> getProperty(DavPropertyName name) {
        return getProperties().get(name);
    }

    @Override
    public DavPropertySet getProperties() {
        if (!exists()) {
            return new DavPropertySet();
        }
        return LiveProperties.of(entry(), getDisplayName(), readOnly(), getLocks(),
                ctx.tree().memory().properties().get(path));
    }

    @Override
    public void setProperty(DavProperty<?> property) throws DavException {
        alterProperties(List.of(property));
    }

    @Override
    public void removeProperty(DavPropertyName propertyName) throws DavException {
        alterProperties(List.of(propertyName));
    }

    @Override
    public MultiStatusResponse alterProperties(List<? extends PropEntry> changeList) throws DavException {
        ctx.edits().checkWritable(path);
        checkUnlocked(this);
        return LiveProperties.patch(getHref(), changeList, new LiveProperties.Target() {
            @Override
            public void modified(long millis) throws DavException {
                ctx.edits().touch(path, millis);
            }

            @Override
            public void dead(List<PropEntry> changes) throws DavException {
                ctx.tree().memory().properties().alter(path, changes);
            }
        });
    }

    @Override
    public DavResource getCollection() {
        if (path.depth() == 0) {
            return null;
        }
        return ctx.resource(path.parent(), locator, session, null);
    }

    @Override
    public void addMember(DavResource member, InputContext input) throws DavException {
        GatewayResource m = (GatewayResource) member;
        ctx.edits().checkWritable(m.path);
        checkUnlocked(m);
        checkUnlocked(this);
        if ("MKCOL".equals(WebdavRequestContextHolder.getContext().getRequest().getMethod())) {
            if (input.hasStream() && input.getInputStream() != null && hasBody(input)) {
                throw new DavException(DavServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "MKCOL takes no body");
            }
            ctx.edits().mkdir(m.path);
        } else {
            ctx.edits().write(m.path, input.hasStream() ? input.getInputStream() : InputStream.nullInputStream());
        }
    }

    private static boolean hasBody(InputContext input) {
        return input.getContentLength() > 0 || input.getContentLength() < 0
                && WebdavRequestContextHolder.getContext().getRequest().getHeader("Transfer-Encoding") != null;
    }

    @Override
    public DavResourceIterator getMembers() {
        List<DavResource> out = new ArrayList<>();
        try {
            for (Map.Entry<String, Entry> e : ctx.tree().list(path).entrySet()) {
                out.add(ctx.resource(path.child(e.getValue().name()), locator, session, e.getValue()));
            }
        } catch (DavException e) {
            // a folder that cannot be listed now shows empty; the request for it reports why
        }
        return new DavResourceIteratorImpl(out);
    }

    /** Removes {@code member} and all in it; 403 when anything of it stayed. */
    @Override
    public void removeMember(DavResource member) throws DavException {
        List<Edits.Left> left = delete((GatewayResource) member);
        if (!left.isEmpty()) {
            throw new DavException(DavServletResponse.SC_FORBIDDEN, left.size() + " of the files and folders in "
                    + member.getResourcePath() + " could not be deleted");
        }
    }

    List<DavPath> notCopied() {
        return notCopied;
    }

    /** Deletes {@code m} with all in it as far as the colleague lets it ({@link Edits#deleteAll}): what stayed. */
    List<Edits.Left> delete(GatewayResource m) throws DavException {
        ctx.edits().checkWritable(m.path);
        if (!m.exists()) {
            throw new DavException(DavServletResponse.SC_NOT_FOUND);
        }
        checkUnlocked(m);
        checkUnlocked(this);
        checkNothingLockedInside(m);
        List<Edits.Left> left = ctx.edits().deleteAll(m.path);
        if (left.isEmpty()) {
            ctx.locks().forget(m.getResourcePath());
        }
        return left;
    }

    @Override
    public void move(DavResource destination) throws DavException {
        GatewayResource d = target(destination);
        ctx.edits().checkWritable(path);
        checkUnlocked(this);
        checkUnlocked((GatewayResource) getCollection());
        checkNothingLockedInside(this);
        ctx.edits().move(path, d.path);
        ctx.locks().forget(getResourcePath());
    }

    @Override
    public void copy(DavResource destination, boolean shallow) throws DavException {
        GatewayResource d = target(destination);
        notCopied = ctx.edits().copy(path, d.path, shallow);
    }

    /** The destination of a copy or move: its folder must exist, and it must not be locked by someone else. */
    private GatewayResource target(DavResource destination) throws DavException {
        GatewayResource d = (GatewayResource) destination;
        ctx.edits().checkWritable(d.path);
        if (!exists()) {
            throw new DavException(DavServletResponse.SC_NOT_FOUND);
        }
        DavResource parent = d.getCollection();
        if (parent == null || !parent.exists() || !parent.isCollection()) {
            throw new DavException(DavServletResponse.SC_CONFLICT, "the destination's folder does not exist");
        }
        if (d.path.within(path)) {
            throw new DavException(DavServletResponse.SC_FORBIDDEN, "cannot copy or move a folder into itself");
        }
        checkUnlocked(d);
        checkUnlocked((GatewayResource) parent);
        checkNothingLockedInside(d); // what is there is replaced
        return d;
    }

    /** 423 when {@code r} is locked by a lock whose token this request did not submit. */
    private void checkUnlocked(GatewayResource r) throws DavException {
        if (r == null) {
            return;
        }
        List<String> tokens = List.of(session.getLockTokens());
        for (ActiveLock l : r.getLocks()) {
            if (!tokens.contains(l.getToken())) {
                throw new DavException(DavServletResponse.SC_LOCKED, r.getResourcePath() + " is locked");
            }
        }
    }

    /**
     * 423 when anything inside the folder {@code r} is locked by a lock whose token this request did not submit:
     * a folder deleted, moved or replaced takes what is in it along (RFC 4918, 9.6.1), so the drawing that Finder or
     * Office holds open there would be lost with it. Nothing is done then.
     */
    private void checkNothingLockedInside(GatewayResource r) throws DavException {
        List<String> tokens = List.of(session.getLockTokens());
        for (ActiveLock l : ctx.locks().inside(r.getResourcePath())) {
            if (!tokens.contains(l.getToken())) {
                throw new DavException(DavServletResponse.SC_LOCKED, "something in " + r.getResourcePath()
                        + " is locked (open in a program, such as " + l.getLockroot() + ")");
            }
        }
    }

    @Override
    public boolean isLockable(Type type, Scope scope) {
        return Type.WRITE.equals(type) && (Scope.EXCLUSIVE.equals(scope) || Scope.SHARED.equals(scope));
    }

    @Override
    public boolean hasLock(Type type, Scope scope) {
        return getLock(type, scope) != null;
    }

    @Override
    public ActiveLock getLock(Type type, Scope scope) {
        return ctx.locks().getLock(type, scope, this);
    }

    @Override
    public ActiveLock[] getLocks() {
        return ctx.locks().locks(this);
    }

    @Override
    public ActiveLock lock(LockInfo info) throws DavException {
        ctx.edits().checkWritable(path);
        if (!isLockable(info.getType(), info.getScope())) {
            throw new DavException(DavServletResponse.SC_PRECONDITION_FAILED);
        }
        if (!exists()) { // a lock on an unmapped name makes an empty file (RFC 4918 7.3)
            checkUnlocked((GatewayResource) getCollection());
            ctx.edits().write(path, InputStream.nullInputStream());
            looked = false;
        }
        return ctx.locks().createLock(info, this);
    }

    @Override
    public ActiveLock refreshLock(LockInfo info, String lockToken) throws DavException {
        return ctx.locks().refreshLock(info, lockToken, this);
    }

    @Override
    public void unlock(String lockToken) throws DavException {
        ctx.locks().releaseLock(lockToken, this);
    }

    @Override
    public void addLockManager(LockManager lockmgr) {
        // the gateway's one lock manager is given at construction
    }

    @Override
    public DavResourceFactory getFactory() {
        return ctx.factory();
    }

    @Override
    public DavSession getSession() {
        return session;
    }
}
