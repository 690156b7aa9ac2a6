package dev.lanshare.service.gateway;

import dev.lanshare.service.peer.PeerClient;
import java.text.Normalizer;

/**
 * How names from clients meet names on colleagues' disks: macOS sends decomposed (NFD) names, most disks hold
 * composed (NFC) ones, so a name that is not spelled as on the disk is compared composed (exact spellings first:
 * Linux may hold both); and which names the gateway keeps to itself.
 */
final class Names {
    /** Where an upload is written until it is complete, as {@code lanshare put} does. */
    static final String PART = ".lanshare-part";

    private Names() {
    }

    static String nfc(String name) {
        return Normalizer.isNormalized(name, Normalizer.Form.NFC) ? name : Normalizer.normalize(name,
                Normalizer.Form.NFC);
    }

    static boolean ascii(String name) {
        return name.chars().allMatch(ch -> ch < 128);
    }

    static boolean same(String a, String b) {
        return nfc(a).equals(nfc(b));
    }

    /** Finder's folder settings and resource forks: kept in the gateway's memory, never written to a colleague. */
    static boolean finderJunk(String name) {
        return name.equals(".DS_Store") || name.startsWith("._");
    }

    /**
     * Names the peer client refuses ({@link PeerClient#oddName}: JSch would take them for patterns, Commons VFS
     * for part of a URI): listed, but never opened or made through the gateway; {@link #ODD_NAME} says so.
     */
    static boolean odd(String name) {
        return PeerClient.oddName(name);
    }

    static final String ODD_NAME = "names with *, ? or \\ cannot be opened or made through the gateway; "
            + "use an SFTP client (sftp://) for them";

    /** Half-written uploads: not shown. */
    static boolean hidden(String name) {
        return name.endsWith(PART);
    }
}
