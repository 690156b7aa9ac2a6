package dev.lanshare.service.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * A place in the gateway's tree, as name segments spelled as the client sent them (a name is matched to the
 * colleague's spelling by {@link Tree#named}): {@code []} the colleagues, {@code [PEER]} its
 * shares, {@code [PEER, SHARE, ...]} in a share. Segments are never empty, {@code .} or {@code ..}.
 */
record DavPath(List<String> segments) {
    static final DavPath ROOT = new DavPath(List.of());

    DavPath {
        segments = List.copyOf(segments);
    }

    /** From a resource path such as {@code /Ann/Plans/a.dwg} (null for the root). */
    static DavPath parse(String resourcePath) {
        List<String> out = new ArrayList<>();
        if (resourcePath != null) {
            for (String s : resourcePath.split("/")) {
                if (s.isEmpty() || s.equals(".")) {
                    continue;
                }
                if (s.equals("..")) {
                    throw new IllegalArgumentException("'..' in " + resourcePath);
                }
                out.add(s);
            }
        }
        return new DavPath(out);
    }

    int depth() {
        return segments.size();
    }

    String peer() {
        return segments.get(0);
    }

    String share() {
        return segments.get(1);
    }

    String name() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    DavPath parent() {
        return new DavPath(segments.subList(0, Math.max(0, segments.size() - 1)));
    }

    DavPath child(String name) {
        List<String> s = new ArrayList<>(segments);
        s.add(name);
        return new DavPath(s);
    }

    boolean within(DavPath other) {
        return segments.size() >= other.segments.size()
                && segments.subList(0, other.segments.size()).equals(other.segments);
    }

    /** {@code other}'s path below this one moved to {@code to}. */
    DavPath rebase(DavPath from, DavPath to) {
        List<String> s = new ArrayList<>(to.segments);
        s.addAll(segments.subList(from.segments.size(), segments.size()));
        return new DavPath(s);
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
