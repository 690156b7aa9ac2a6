package dev.lanshare.service.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavLocatorFactory;
import org.apache.jackrabbit.webdav.DavResource;
import org.apache.jackrabbit.webdav.DavResourceFactory;
import org.apache.jackrabbit.webdav.DavServletResponse;
import org.apache.jackrabbit.webdav.DavSessionProvider;
import org.apache.jackrabbit.webdav.MultiStatus;
import org.apache.jackrabbit.webdav.MultiStatusResponse;
import org.apache.jackrabbit.webdav.WebdavRequest;
import org.apache.jackrabbit.webdav.WebdavResponse;
import org.apache.jackrabbit.webdav.server.AbstractWebdavServlet;
import org.apache.jackrabbit.webdav.lock.ActiveLock;
import org.apache.jackrabbit.webdav.util.EncodeUtil;
import org.apache.jackrabbit.webdav.util.HttpDateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jackrabbit's WebDAV servlet over the gateway's tree, behind the {@link Guard}, with what it lacks: byte ranges
 * on {@code GET}, a folder-sized {@code PROPFIND} (never the whole tree of every colleague), and {@code MKCOL}
 * and {@code PUT} checks.
 */
final class GatewayServlet extends AbstractWebdavServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServlet.class);

    private final transient Site site;
    private final transient Guard guard;

    GatewayServlet(Site site, Guard guard) {
        this.site = site;
        this.guard = guard;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!guard.hostAllowed(request.getHeader("Host"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "name this gateway as 127.0.0.1, [::1] or "
                    + "localhost with its port");
            return;
        }
        if (!guard.ownerAllowed(request.getRemotePort())) {
            response.setHeader("Connection", "close");
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "this gateway serves only the user who runs it");
            return;
        }
        // a colleague's page or drawing (HTML, SVG) opened in a browser runs no script in the gateway's origin, from
        // which a script could read and change every share this user reaches; Finder and Explorer ignore both
        response.setHeader("Content-Security-Policy", "sandbox");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String odd = oddName(request);
        if (odd != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain; charset=UTF-8");
            response.getWriter().print(odd + ": " + Names.ODD_NAME + "\r\n");
            return;
        }
        if (climbs(request)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain; charset=UTF-8");
            response.getWriter().print("'..' in a path is not followed here: ask for the file or folder by its path "
                    + "without it\r\n");
            return;
        }
        HttpServletRequest r = request;
        if (!"PUT".equals(request.getMethod())) {
            r = Body.capped(request, MAX_XML_BODY);
            if (r == null) {
                response.setHeader("Connection", "close");
                response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "the gateway reads request "
                        + "bodies of up to " + MAX_XML_BODY / 1024 + " KiB (only PUT sends files)");
                return;
            }
        }
        super.service(r.getHeader("If") == null ? r : new CanonicalIf(r), response);
    }

    /**
     * The most a request body other than a {@code PUT}'s may hold: Jackrabbit reads a {@code PROPPATCH},
     * {@code PROPFIND} or {@code LOCK} body whole into memory. Clients send a few KiB.
     */
    static final int MAX_XML_BODY = 1024 * 1024;

    /**
     * The first name in the request's path or its {@code Destination} that the gateway does not send to a colleague
     * ({@link Names#odd}), or null: such a request is refused before anything reaches the colleague.
     */
    static String oddName(HttpServletRequest request) {
        for (String name : names(request)) {
            if (Names.odd(name)) {
                return name;
            }
        }
        return null;
    }

    /**
     * Whether the request's path or its {@code Destination} holds {@code ..} (or its encoding {@code %2e%2e}, which
     * Jetty refuses itself). Such a path is refused with a reason: the gateway reads an empty segment as one slash
     * ({@link DavPath}), and where a {@code ..} after one would lead depends on who reads it.
     */
    static boolean climbs(HttpServletRequest request) {
        return names(request).contains("..");
    }

    /** The names of the request's path and {@code Destination}, each decoded once (empty segments included). */
    private static List<String> names(HttpServletRequest request) {
        String destination = request.getHeader("Destination");
        List<String> out = new java.util.ArrayList<>();
        for (String raw : new String[] {request.getRequestURI(), destination == null ? null : destinationPath(
                destination)}) {
            if (raw == null) {
                continue;
            }
            try {
                out.addAll(List.of(EncodeUtil.unescape(raw).split("/")));
            } catch (IllegalArgumentException e) {
                // not a path: Jackrabbit refuses it
            }
        }
        return out;
    }

    private static String destinationPath(String destination) {
        try {
            return java.net.URI.create(destination).getRawPath();
        } catch (IllegalArgumentException e) {
            return destination.startsWith("/") ? destination : null;
        }
    }

    /** A resource tag of an {@code If} header: {@code <http://host:port/path>} or {@code </path>}. */
    private static final Pattern TAG = Pattern.compile("<((?:https?://[^/>]*)?)(/[^>]*)>");

    /**
     * {@code header} with each resource tag's path spelled as this gateway spells hrefs ({@link Locators#escape}).
     * Jackrabbit compares tags with hrefs as text, and clients escape in their own ways: davfs2 writes {@code Ä}
     * as {@code %c3%84}, Finder as {@code %C3%84}; what a tag names decides, not how it is spelled.
     */
    static String canonicalIf(String header) {
        Matcher m = TAG.matcher(header);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String path;
            try {
                path = Locators.escape(EncodeUtil.unescape(m.group(2)));
            } catch (IllegalArgumentException e) {
                path = m.group(2); // not escaped as a URI: left as it came, it matches nothing
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<" + m.group(1) + path + ">"));
        }
        return m.appendTail(out).toString();
    }

    /** The request with its {@code If} header's tags made canonical ({@link #canonicalIf}). */
    private static final class CanonicalIf extends HttpServletRequestWrapper {
        CanonicalIf(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            String value = super.getHeader(name);
            return value != null && "If".equalsIgnoreCase(name) ? canonicalIf(value) : value;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!"If".equalsIgnoreCase(name)) {
                return super.getHeaders(name);
            }
            return Collections.enumeration(Collections.list(super.getHeaders(name)).stream()
                    .map(GatewayServlet::canonicalIf).toList());
        }
    }

    /**
     * Jackrabbit's check of a COPY's or MOVE's destination, but for two things:
     * <ul>
     * <li>an existing file at the destination is not removed first: the move or copy replaces it in one step
     * ({@link Edits#move}, {@link Edits#write}), so a move that fails (between two disks of a colleague, say) no
     * longer loses the file it was to replace. An existing folder is still removed first, as a rename cannot
     * replace one;</li>
     * <li>the request's {@code If} header is not matched against the destination. Jackrabbit did, so davfs2's
     * "save to a temporary file, then move it over the original" ({@code If: <source> (<its lock>)}, a list tagged
     * with the source only, RFC 4918 10.4.2) was refused with 412. A destination locked by a lock this request does
     * not hold is still refused (423, {@link GatewayResource#move}).</li>
     * </ul>
     */
    @Override
    protected int validateDestination(DavResource destination, WebdavRequest request, boolean checkHeader)
            throws DavException {
        if (checkHeader) {
            String header = request.getHeader(org.apache.jackrabbit.webdav.DavConstants.HEADER_DESTINATION);
            if (header == null || header.isEmpty()) {
                return DavServletResponse.SC_BAD_REQUEST;
            }
        }
        if (destination.getLocator().equals(request.getRequestLocator())) {
            return DavServletResponse.SC_FORBIDDEN;
        }
        if (!destination.exists()) {
            return DavServletResponse.SC_CREATED;
        }
        if (!request.isOverwrite()) {
            return DavServletResponse.SC_PRECONDITION_FAILED;
        }
        if (destination.isCollection()) {
            DavResource parent = destination.getCollection();
            if (parent == null) {
                return DavServletResponse.SC_BAD_GATEWAY;
            }
            parent.removeMember(destination);
        }
        return DavServletResponse.SC_NO_CONTENT;
    }

    @Override
    protected boolean isCreateAbsoluteURI() {
        return false;
    }

    /**
     * The {@code If} header holds when it holds for the resource or for a folder above it (a tagged list may name
     * the locked folder). Unlike Jackrabbit's own check, a lock token never matches a resource no lock covers.
     */
    @Override
    protected boolean isPreconditionValid(WebdavRequest request, DavResource resource) {
        if (request.getHeader("If") == null) {
            return true;
        }
        for (DavResource r = resource; r != null; r = r.getCollection()) {
            if (holds(request, r)) {
                return true;
            }
        }
        // a folder deleted or moved takes what is in it along: a list tagged with a locked file inside it, with that
        // file's lock token, holds too (RFC 4918 10.4.1: the lists apply to every resource the method works on)
        for (ActiveLock l : site.locks().inside(resource.getResourcePath())) {
            if (request.matchesIfHeader(l.getLockroot(), l.getToken(), "")) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(WebdavRequest request, DavResource r) {
        String etag = r.exists() ? ((GatewayResource) r).entry().etag() : "";
        ActiveLock[] locks = r.getLocks();
        if (locks.length == 0) {
            return request.matchesIfHeader(r.getHref(), "", etag);
        }
        for (ActiveLock l : locks) {
            if (request.matchesIfHeader(r.getHref(), l.getToken(), etag)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected boolean execute(WebdavRequest request, WebdavResponse response, int method, DavResource resource)
            throws ServletException, IOException, DavException {
        try {
            return super.execute(request, response, method, resource);
        } catch (DavException e) {
            if (e.getErrorCode() >= 500) {
                LOG.warn("{} {}: {}", request.getMethod(), resource.getResourcePath(), e.getMessage(),
                        e.getCause());
            }
            throw e;
        }
    }

    @Override
    protected void doGet(WebdavRequest request, WebdavResponse response, DavResource resource)
            throws IOException, DavException {
        response.setHeader("Accept-Ranges", "bytes");
        GatewayResource r = (GatewayResource) resource;
        r.openForDownload();
        try {
            get(request, response, r);
        } finally {
            r.closeDownload();
        }
    }

    private void get(WebdavRequest request, WebdavResponse response, GatewayResource r)
            throws IOException, DavException {
        Optional<Ranges> range = r.exists() && !r.isCollection() && ifRangeHolds(request, r)
                ? Ranges.parse(request.getHeader("Range"), r.entry().size()) : Optional.empty();
        if (range.isEmpty()) {
            super.doGet(request, response, r);
            return;
        }
        long size = r.entry().size();
        if (range.get() == Ranges.UNSATISFIABLE) {
            response.setHeader("Content-Range", "bytes */" + size);
            response.sendError(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            return;
        }
        sendRange(response, r, range.get(), size);
    }

    private static boolean ifRangeHolds(WebdavRequest request, GatewayResource r) {
        String ifRange = request.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(r.entry().etag());
        }
        try {
            return HttpDateTimeFormatter.parse(ifRange) / 1000 == r.entry().modified() / 1000;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void sendRange(WebdavResponse response, GatewayResource r, Ranges range, long size)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
        response.setHeader("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        response.setContentLengthLong(range.length());
        response.setContentType(LiveProperties.contentType(r.entry().name()));
        response.setHeader("ETag", r.entry().etag());
        response.setHeader("Last-Modified", HttpDateTimeFormatter.format(r.entry().modified()));
        try (InputStream in = r.open(range.first())) {
            GatewayResource.copy(in, response.getOutputStream(), range.length());
        }
    }

    @Override
    protected void doHead(WebdavRequest request, WebdavResponse response, DavResource resource)
            throws IOException {
        response.setHeader("Accept-Ranges", "bytes");
        super.doHead(request, response, resource);
    }

    /** Depth infinity would walk every colleague's every folder: answered as depth 1. */
    @Override
    protected void doPropFind(WebdavRequest request, WebdavResponse response, DavResource resource)
            throws IOException, DavException {
        if (!resource.exists()) {
            response.sendError(DavServletResponse.SC_NOT_FOUND);
            return;
        }
        int depth = request.getDepth(DEPTH_INFINITY);
        MultiStatus status = new MultiStatus();
        status.addResourceProperties(resource, request.getPropFindProperties(), request.getPropFindType(),
                depth == DEPTH_INFINITY ? 1 : depth);
        response.sendMultiStatus(status);
    }

    @Override
    protected void doPut(WebdavRequest request, WebdavResponse response, DavResource resource)
            throws IOException, DavException {
        if (resource.exists() && resource.isCollection()) {
            response.sendError(DavServletResponse.SC_METHOD_NOT_ALLOWED, "a folder has this name");
            return;
        }
        super.doPut(request, response, resource);
    }

    /** A folder copied but for the links to folders in it: 207 naming them (RFC 4918 9.8.8), never a plain 201. */
    @Override
    protected void doCopy(WebdavRequest request, WebdavResponse response, DavResource resource)
            throws IOException, DavException {
        super.doCopy(request, response, resource);
        List<DavPath> left = ((GatewayResource) resource).notCopied();
        if (left.isEmpty()) {
            return;
        }
        MultiStatus status = new MultiStatus();
        String prefix = resource.getLocator().getPrefix();
        for (DavPath l : left) {
            String href = site.locators().createResourceLocator(prefix, null, l.toString()).getHref(true);
            status.addResponse(new MultiStatusResponse(href, DavServletResponse.SC_FORBIDDEN,
                    "a link to a folder is not copied; copy the folder it leads to"));
        }
        status.setResponseDescription("copied but for " + left.size() + " links to folders");
        response.sendMultiStatus(status);
    }

    /**
     * A folder is deleted as far as the colleague lets it: what it refuses stays and is named, each with its reason,
     * in a 207 (RFC 4918 9.6.1), never a 204 that claims all of it went.
     */
    @Override
    protected void doDelete(WebdavRequest request, WebdavResponse response, DavResource resource)
            throws IOException, DavException {
        DavResource parent = resource.getCollection();
        if (parent == null) {
            super.doDelete(request, response, resource);
            return;
        }
        List<Edits.Left> left = ((GatewayResource) parent).delete((GatewayResource) resource);
        if (left.isEmpty()) {
            response.setStatus(DavServletResponse.SC_NO_CONTENT);
            return;
        }
        MultiStatus status = new MultiStatus();
        String prefix = resource.getLocator().getPrefix();
        for (Edits.Left l : left) {
            String href = site.locators().createResourceLocator(prefix, null, l.path().toString()).getHref(l.folder());
            status.addResponse(new MultiStatusResponse(href, DavServletResponse.SC_FORBIDDEN, l.why()));
        }
        status.setResponseDescription(left.size() + " of the files and folders in " + resource.getDisplayName()
                + " could not be deleted (and the folders holding them stayed); the rest was deleted");
        response.sendMultiStatus(status);
    }

    @Override
    public DavSessionProvider getDavSessionProvider() {
        return site;
    }

    @Override
    public void setDavSessionProvider(DavSessionProvider davSessionProvider) {
        throw new UnsupportedOperationException("fixed at construction");
    }

    @Override
    public DavLocatorFactory getLocatorFactory() {
        return site.locators();
    }

    @Override
    public void setLocatorFactory(DavLocatorFactory locatorFactory) {
        throw new UnsupportedOperationException("fixed at construction");
    }

    @Override
    public DavResourceFactory getResourceFactory() {
        return site;
    }

    @Override
    public void setResourceFactory(DavResourceFactory resourceFactory) {
        throw new UnsupportedOperationException("fixed at construction");
    }
}
