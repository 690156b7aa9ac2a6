package dev.lanshare.service.sharefs;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.List;

/**
 * What a name in a share may be: valid UTF-8 (so that it names one file, byte for byte) and at most {@value #MAX}
 * bytes, and what a whole host path may be: shorter than {@value #PATH_MAX} bytes, Linux's limit for a path
 * handed to the system. Refusals are {@link InvalidPathException}s, which MINA answers with
 * SSH_FX_INVALID_FILENAME (SSH_FX_FAILURE for SFTP version 3 clients, see {@link ShareAccessor}), with the
 * client's path and the reason as the message.
 */
final class Names {
    /** NAME_MAX of Linux's file systems (and of macOS's). */
    static final int MAX = 255;
    /** PATH_MAX of Linux, with its terminating zero. */
    static final int PATH_MAX = 4096;

    private Names() {
    }

    /**
     * Whether host names are UTF-8 for Java (the locale's encoding, {@code sun.jnu.encoding}). Without it (a
     * service started with no UTF-8 locale) every character Java cannot encode becomes '?', so two names would
     * be one file: names beyond ASCII are then refused.
     */
    static final boolean UTF8_HOST = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8"));

    /** Refuses {@code name}, one of {@code names}, when it cannot name exactly one file here. */
    static void check(String root, List<String> names, String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            // MINA put it there for bytes that are not UTF-8; a real U+FFFD cannot be told from that
            throw new InvalidPathException(shown(root, names), "the name is not valid UTF-8");
        }
        if (!UTF8_HOST && !ascii(name)) {
            throw new InvalidPathException(shown(root, names),
                    "names beyond ASCII need the sharing machine's service to run with a UTF-8 locale");
        }
        if (name.length() > MAX / 3 && bytes(name) > MAX) {
            throw new InvalidPathException(shown(root, names),
                    "File name too long (" + bytes(name) + " bytes, at most " + MAX + ")");
        }
    }

    /** Whether a host name found in a listing can be shown: one that {@link #check} would refuse cannot. */
    static boolean listable(String name) {
        return name.indexOf('\uFFFD') < 0 && bytes(name) <= MAX && (UTF8_HOST || ascii(name));
    }

    /** Refuses a host path that the system could not take as a whole (client path {@code shown} in the answer). */
    static void checkHostPath(String shown, java.nio.file.Path local) {
        String s = local.toString();
        if (s.length() >= PATH_MAX / 3 && bytes(s) >= PATH_MAX) {
            throw new InvalidPathException(shown, "Path too long for the sharing machine (at most "
                    + (PATH_MAX - 1) + " bytes with the shared folder's own path)");
        }
    }

    private static boolean ascii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String shown(String root, List<String> names) {
        return (root == null ? "" : root) + String.join("/", names);
    }
}
