package dev.lanshare.service.keys;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
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

    private static final String SSH2_BEGIN = "---- BEGIN SSH2 PUBLIC KEY ----";
    private static final String SSH2_END = "---- END SSH2 PUBLIC KEY ----";

    /**
     * The public keys in {@code text}: one a line, as in a {@code .pub} or {@code authorized_keys} file (blank lines
     * and {@code #} comments skipped), and blocks of the SSH2 format (RFC 4716) that PuTTYgen and
     * {@code ssh-keygen -e} write, each turned into a line; a byte-order mark (Windows' Notepad) is dropped.
     */
    public static List<PublicKeyLine> allIn(String text) throws KeyLineException {
        List<PublicKeyLine> out = new ArrayList<>();
        Iterator<String> lines = text.replaceFirst("^\uFEFF", "").lines().iterator();
        while (lines.hasNext()) {
            String line = lines.next().strip();
            if (line.equals(SSH2_BEGIN)) {
                out.add(parse(fromSsh2(lines)));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(parse(line));
            }
        }
        return out;
    }

    /** The rest of an SSH2 block as one line: its headers ("Comment" kept), then the key's base64 lines. */
    private static String fromSsh2(Iterator<String> lines) throws KeyLineException {
        StringBuilder data = new StringBuilder();
        String comment = "";
        boolean continued = false;
        while (lines.hasNext()) {
            String line = lines.next().strip();
            if (line.equals(SSH2_END)) {
                return ssh2Type(data.toString()) + " " + data + (comment.isEmpty() ? "" : " " + comment);
            }
            if (continued || line.contains(":")) { // a header (base64 has no colon), maybe continued by a \
                if (!continued && line.regionMatches(true, 0, "Comment:", 0, 8)) {
                    comment = line.substring(8).strip().replaceAll("^\"|\"$", "");
                }
                continued = line.endsWith("\\");
            } else {
                data.append(line);
            }
        }
        throw new KeyLineException("the SSH2 public key ends without its '" + SSH2_END + "' line");
    }

    /** The key type an SSH2 block's data starts with (a length, then the name). */
    private static String ssh2Type(String base64) throws KeyLineException {
        try {
            ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            byte[] type = new byte[b.getInt()];
            b.get(type);
            return new String(type, StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new KeyLineException("the SSH2 public key's data is damaged: copy the whole block again");
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
