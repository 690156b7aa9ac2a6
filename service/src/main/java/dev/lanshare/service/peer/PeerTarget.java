package dev.lanshare.service.peer;

import java.util.Optional;

/**
 * A peer resolved to where it listens.
 *
 * @param label       how to name it to the user (its display name, or host:port)
 * @param trustId     what its host key is remembered under: the device id when known, else host:port
 * @param fingerprint the host-key fingerprint it announced, when it came from discovery
 * @param guests      it has shares open to guests
 */
public record PeerTarget(String label, String host, int port, String trustId, Optional<String> fingerprint,
        boolean guests) {
    /**
     * What a file manager opens: {@code sftp://[user@]host:port/PATH}, with what a URL cannot hold as it is written
     * in %-escapes ({@code /Plans/Site #2} as {@code /Plans/Site%20%232}: a file manager took "#2" for a fragment).
     */
    public String url(String user, String path) {
        try {
            return new java.net.URI("sftp", user, host, port, path == null ? "/" : path, null, null).toASCIIString();
        } catch (java.net.URISyntaxException e) { // a host the URI class does not take (an IPv6 zone, say)
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "sftp://" + (user == null ? "" : user + "@") + h + ":" + port + (path == null ? "/" : path);
        }
    }
}
