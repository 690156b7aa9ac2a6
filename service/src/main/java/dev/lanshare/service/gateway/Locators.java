package dev.lanshare.service.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.jackrabbit.webdav.DavLocatorFactory;
import org.apache.jackrabbit.webdav.DavResourceLocator;
import org.apache.jackrabbit.webdav.util.EncodeUtil;

/**
 * Request paths to resource paths and back. Hrefs escape every byte but RFC 3986's unreserved ones, as most
 * clients do (Jackrabbit's own leaves {@code '} as it is), because clients compare hrefs with the URL they
 * asked for as text: a mismatch makes a folder list itself, or a lock's {@code If} header name no resource.
 */
final class Locators implements DavLocatorFactory {
    /** Where a path outside the token's goes: no resource is there. */
    static final String OUTSIDE = "/\0outside";

    private final String base;

    /** @param base {@code /TOKEN}: the servlet sits at the server's root, since Jackrabbit mishandles a context */
    Locators(String base) {
        this.base = base;
    }

    @Override
    public DavResourceLocator createResourceLocator(String prefix, String href) {
        String p = prefix == null ? "" : prefix;
        String h = href.startsWith(p) ? href.substring(p.length()) : href;
        if (!h.equals(base) && !h.startsWith(base + "/")) {
            return new Locator(p + base, OUTSIDE, this);
        }
        h = h.substring(base.length());
        while (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        return at(p + base, h.isEmpty() ? null : EncodeUtil.unescape(h));
    }

    @Override
    public DavResourceLocator createResourceLocator(String prefix, String workspacePath, String resourcePath) {
        return at(prefix, resourcePath);
    }

    @Override
    public DavResourceLocator createResourceLocator(String prefix, String workspacePath, String path,
            boolean isResourcePath) {
        return at(prefix, path);
    }

    private Locator at(String prefix, String resourcePath) {
        String path = resourcePath == null || resourcePath.equals("/") ? null : resourcePath;
        return new Locator(prefix == null ? "" : prefix, path, this);
    }

    static boolean outside(DavResourceLocator locator) {
        return OUTSIDE.equals(locator.getResourcePath());
    }

    static String escape(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~/".indexOf(c) >= 0)) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** @param path {@code /PEER/...}, or null for the root; the first segment is Jackrabbit's "workspace" */
    private record Locator(String prefix, String path, Locators factory) implements DavResourceLocator {
        @Override
        public String getPrefix() {
            return prefix;
        }

        @Override
        public String getResourcePath() {
            return path;
        }

        @Override
        public String getWorkspacePath() {
            if (path == null) {
                return null;
            }
            int slash = path.indexOf('/', 1);
            return slash < 0 ? path : path.substring(0, slash);
        }

        @Override
        public String getWorkspaceName() {
            String w = getWorkspacePath();
            return w == null ? null : w.substring(1);
        }

        @Override
        public boolean isSameWorkspace(DavResourceLocator locator) {
            return locator != null && isSameWorkspace(locator.getWorkspaceName());
        }

        @Override
        public boolean isSameWorkspace(String workspaceName) {
            return Objects.equals(getWorkspaceName(), workspaceName);
        }

        @Override
        public String getHref(boolean isCollection) {
            String href = prefix + (path == null ? "" : escape(path));
            return isCollection || path == null ? href + "/" : href;
        }

        @Override
        public boolean isRootLocation() {
            return path == null;
        }

        @Override
        public DavLocatorFactory getFactory() {
            return factory;
        }

        @Override
        public String getRepositoryPath() {
            return path;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DavResourceLocator l && DavPath.parse(path).equals(DavPath.parse(
                    l.getResourcePath()));
        }

        @Override
        public int hashCode() {
            return DavPath.parse(path).hashCode();
        }
    }
}
