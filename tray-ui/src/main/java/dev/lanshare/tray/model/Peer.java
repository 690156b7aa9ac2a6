package dev.lanshare.tray.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * A colleague's machine as {@code peers.list} describes it, with what the tray needs to open its shares.
 *
 * @param url      the peer's {@code sftp://} address, ending in {@code /}
 * @param deviceId its stable id, or empty when the service did not send one
 */
public record Peer(String name, String deviceId, String url, String fingerprint, List<Share> shares) {
    public record Share(String name, boolean readOnly, boolean guests) {
    }

    public Peer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        shares = List.copyOf(shares);
    }

    /** The address of one of its shares: the peer's URL with the share's name as the first path segment. */
    public String shareUrl(String share) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        try {
            // the URI constructor percent-encodes spaces and the like in a path
            return base + new URI(null, null, "/" + share + "/", null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("share name '" + share + "' cannot be part of a URL", e);
        }
    }
}
