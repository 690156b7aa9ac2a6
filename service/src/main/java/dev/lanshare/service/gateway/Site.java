package dev.lanshare.service.gateway;

import java.util.HashSet;
import java.util.Set;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavResource;
import org.apache.jackrabbit.webdav.DavResourceFactory;
import org.apache.jackrabbit.webdav.DavResourceLocator;
import org.apache.jackrabbit.webdav.DavServletRequest;
import org.apache.jackrabbit.webdav.DavServletResponse;
import org.apache.jackrabbit.webdav.DavSession;
import org.apache.jackrabbit.webdav.DavSessionProvider;
import org.apache.jackrabbit.webdav.WebdavRequest;

/**
 * What every request of the gateway shares: the tree, its edits, the locks, and how Jackrabbit turns a request
 * path into a {@link GatewayResource} ({@code /PEER/SHARE/...} below the token; the first segment is the
 * "workspace").
 */
final class Site implements DavResourceFactory, DavSessionProvider {
    private final Tree tree;
    private final Edits edits;
    private final Locks locks = new Locks();
    private final Locators locators;

    /** @param base {@code /TOKEN} */
    Site(Tree tree, String base) {
        this.tree = tree;
        this.locators = new Locators(base);
        this.edits = new Edits(tree);
    }

    Tree tree() {
        return tree;
    }

    Edits edits() {
        return edits;
    }

    Locks locks() {
        return locks;
    }

    DavResourceFactory factory() {
        return this;
    }

    Locators locators() {
        return locators;
    }

    /** The resource at {@code path}, with its entry when a listing brought it already. */
    GatewayResource resource(DavPath path, DavResourceLocator near, DavSession session, Entry known) {
        String resourcePath = path.depth() == 0 ? null : path.toString();
        DavResourceLocator l = locators.createResourceLocator(near.getPrefix(), null, resourcePath);
        return new GatewayResource(l, this, session, known);
    }

    @Override
    public DavResource createResource(DavResourceLocator locator, DavServletRequest request,
            DavServletResponse response) throws DavException {
        createResource(locator, request.getDavSession()); // its checks
        String method = request.getMethod();
        // what a request acts on is read from the colleague as it is now, never from a listing up to 2 s old: a
        // download of a file changed since came cut short, a move of a file made since was 404. Listings
        // (PROPFIND) are what the cache is for.
        boolean now = !"PROPFIND".equals(method) && !"OPTIONS".equals(method);
        return new GatewayResource(locator, this, request.getDavSession(), null, now);
    }

    @Override
    public DavResource createResource(DavResourceLocator locator, DavSession session) throws DavException {
        if (Locators.outside(locator)) {
            throw new DavException(DavServletResponse.SC_FORBIDDEN, "outside the gateway");
        }
        try {
            if (DavPath.parse(locator.getResourcePath()).segments().stream().anyMatch(Names::odd)) {
                // the servlet refuses these first, with a reason; this keeps every other way in closed too
                throw new DavException(DavServletResponse.SC_BAD_REQUEST, Names.ODD_NAME);
            }
        } catch (IllegalArgumentException e) {
            throw new DavException(DavServletResponse.SC_BAD_REQUEST, e.getMessage());
        }
        return new GatewayResource(locator, this, session, null);
    }

    @Override
    public boolean attachSession(WebdavRequest request) {
        request.setDavSession(new Session());
        return true;
    }

    @Override
    public void releaseSession(WebdavRequest request) {
        request.setDavSession(null);
    }

    /** One request's lock tokens (from its {@code If} and {@code Lock-Token} headers); no login. */
    private static final class Session implements DavSession {
        private final Set<String> tokens = new HashSet<>();

        @Override
        public void addReference(Object reference) {
        }

        @Override
        public void removeReference(Object reference) {
        }

        @Override
        public void addLockToken(String token) {
            tokens.add(token);
        }

        @Override
        public String[] getLockTokens() {
            return tokens.toArray(new String[0]);
        }

        @Override
        public void removeLockToken(String token) {
            tokens.remove(token);
        }
    }
}
