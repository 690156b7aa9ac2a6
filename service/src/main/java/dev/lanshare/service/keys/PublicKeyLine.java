package dev.lanshare.service.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * One OpenSSH public key line ({@code ssh-ed25519 AAAA... ben@laptop}, as in {@code id_ed25519.pub} or
 * {@code authorized_keys}), read with MINA's own parser, the one the SFTP server uses to check logins, so that a
 * key accepted here is a key that works.
 *
 * @param line        the line as it is kept in the settings (trimmed)
 * @param type        the key type, for example {@code ssh-ed25519}
 * @param fingerprint {@code SHA256:...}, as {@code ssh-keygen -l} prints it
 * @param comment     what follows the key, often {@code user@host}; may be empty
 */
public record PublicKeyLine(String line, String type, String fingerprint, String comment) {
    /** Parses {@code text}; a line that is not a usable public key is refused with why. */
    public static PublicKeyLine parse(String text) throws KeyLineException {
        String line = text == null ? "" : text.strip();
        if (line.isEmpty() || line.contains("\n")) {
            throw new KeyLineException("a public key is one line, like 'ssh-ed25519 AAAA... name' from a .pub file");
        }
        if (line.contains("PRIVATE KEY")) {
            throw new KeyLineException("that is a private key: give the public one (the .pub file) and keep the "
                    + "private key where it is");
        }
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
            PublicKey key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw new KeyLineException("'" + abbreviate(line) + "' is not a public key line");
            }
            String comment = entry.getComment() == null ? "" : entry.getComment().strip();
            return new PublicKeyLine(line, entry.getKeyType(), KeyUtils.getFingerPrint(key), comment);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyLineException("'" + abbreviate(line) + "' is not a public key this server can use ("
                    + e.getMessage() + ")");
        }
    }

    /** Whether {@code text} names this key: its fingerprint, or a line holding the same key (comments aside). */
    public boolean matches(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals(fingerprint) || t.equals(line)) {
            return true;
        }
        try {
            return parse(t).fingerprint().equals(fingerprint);
        } catch (KeyLineException e) {
            return false;
        }
    }

    /** Whether the kept key {@code line} is the one {@code text} names (a key line or a fingerprint). */
    public static boolean names(String line, String text) {
        try {
            return parse(line).matches(text);
        } catch (KeyLineException e) {
            return line.strip().equals(text.strip()); // a line the parser refuses can still be removed by itself
        }
    }

    /** Whether one of the kept key {@code lines} is the key {@code text} names (see {@link #names}). */
    public static boolean anyNames(List<String> lines, String text) {
        return lines.stream().anyMatch(line -> names(line, text));
    }

    /** The kept key {@code lines} without those {@code text} names (see {@link #names}). */
    public static List<String> without(List<String> lines, String text) {
        return lines.stream().filter(line -> !names(line, text)).toList();
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 37) + "...";
    }
}
