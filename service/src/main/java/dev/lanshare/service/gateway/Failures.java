package dev.lanshare.service.gateway;

import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import java.util.Locale;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavServletResponse;

/** Turns what a colleague's machine answered into the HTTP status a WebDAV client acts on. */
final class Failures {
    private Failures() {
    }

    /**
     * 403 for a refusal (read-only, permission), 404 for a missing file, 400 for a name the peer client refuses to
     * send ({@link Names#odd}), 502 when the colleague failed.
     */
    static DavException of(Exception e, String what) {
        int status = status(e);
        return new DavException(status, what + ": " + message(e), e, null);
    }

    static int status(Throwable e) {
        if (e instanceof PeerException.HostKeyChanged) {
            return DavServletResponse.SC_BAD_GATEWAY;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PeerClient.OddName) {
                return DavServletResponse.SC_BAD_REQUEST;
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("denied") || m.contains("read-only") || m.contains("only read")) {
                return DavServletResponse.SC_FORBIDDEN;
            }
            if (m.contains("no such file") || m.contains("does not exist") || m.contains("not found")) {
                return DavServletResponse.SC_NOT_FOUND;
            }
        }
        return DavServletResponse.SC_BAD_GATEWAY;
    }

    /** A refusal or a missing file says nothing about the connection; anything else may mean it broke. */
    static boolean connectionMayBeBroken(Throwable e) {
        return status(e) == DavServletResponse.SC_BAD_GATEWAY;
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof PeerException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
