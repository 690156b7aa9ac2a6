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
    /** What a file manager opens: {@code sftp://[user@]host:port/PATH}. */
    public String url(String user, String path) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "sftp://" + (user == null ? "" : user + "@") + h + ":" + port + (path == null ? "/" : path);
    }
}
