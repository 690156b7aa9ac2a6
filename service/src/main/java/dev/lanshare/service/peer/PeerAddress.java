package dev.lanshare.service.peer;

/**
 * What a user types to name something on a colleague's machine: {@code PEER[/SHARE[/PATH]]}, where PEER is a
 * peer's display name (a unique prefix will do), its device id, or {@code host[:port]}.
 */
public record PeerAddress(String peer, String share, String path) {
    public static PeerAddress parse(String text) {
        String t = text.strip();
        String peer;
        String rest;
        if (t.startsWith("[")) { // [ipv6]:port/...
            int close = t.indexOf(']');
            int slash = t.indexOf('/', Math.max(close, 0));
            peer = slash < 0 ? t : t.substring(0, slash);
            rest = slash < 0 ? "" : t.substring(slash + 1);
        } else {
            int slash = t.indexOf('/');
            peer = slash < 0 ? t : t.substring(0, slash);
            rest = slash < 0 ? "" : t.substring(slash + 1);
        }
        if (peer.isBlank()) {
            throw new IllegalArgumentException("'" + text + "' names no peer; write PEER[/SHARE[/PATH]]");
        }
        // "." and ".." as in any path, but never above the peer's list of shares (the server refuses them anyway)
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        for (String segment : rest.split("/")) {
            if (segment.equals("..")) {
                if (kept.pollLast() == null) {
                    throw new IllegalArgumentException("'" + text + "' goes above the colleague's shares ('..')");
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                kept.addLast(segment);
            }
        }
        rest = String.join("/", kept);
        int slash = rest.indexOf('/');
        String share = rest.isEmpty() ? null : slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? null : rest.substring(slash + 1);
        return new PeerAddress(peer, share, path);
    }

    /** The path on the peer's SFTP server: {@code /}, {@code /SHARE} or {@code /SHARE/PATH}. */
    public String remotePath() {
        return share == null ? "/" : "/" + share + (path == null ? "" : "/" + path);
    }

    /** How to name it in messages: "Plans/drawings/a.dwg on Ann's Mac". */
    public String describe(String peerLabel) {
        return (share == null ? "" : share + (path == null ? "" : "/" + path) + " on ") + peerLabel;
    }
}
