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
     * {@code ssh-keygen -e} write, each turned into a line; a byte-order mark (Windows' Notepad) is dropped. A key
     * line pasted from a mail or a chat is taken too where it can be read one way only: its parts apart by tabs or
     * several spaces, or wrapped over lines (the key's data broken anywhere, its comment on a line of its own). The
     * key's data says where it ends, so the pieces are joined until it is whole, never past a line that begins
     * another key; a key that never comes whole is refused.
     */
    public static List<PublicKeyLine> allIn(String text) throws KeyLineException {
        List<PublicKeyLine> out = new ArrayList<>();
        Iterator<String> lines = text.replaceFirst("^\uFEFF", "").lines().iterator();
        boolean open = false; // the last key ended its line without a comment, which may be on the next
        while (lines.hasNext()) {
            String line = lines.next().strip();
            if (line.equals(SSH2_BEGIN)) {
                out.add(parse(fromSsh2(lines)));
                open = false;
            } else if (line.isEmpty() || line.startsWith("#")) {
                open = false;
            } else {
                String[] words = line.split(GAP);
                // a line of text after a key without a comment is its comment, wrapped; never base64 alone, which
                // would be a key's data without its type
                PublicKeyLine key = isType(words[0]) ? wrapped(line, words, lines)
                        : open && !BASE64.matcher(line).matches()
                        ? withComment(out.remove(out.size() - 1), String.join(" ", words)) : parse(line);
                out.add(key);
                open = key.comment().isEmpty();
            }
        }
        return out;
    }

    /** Whitespace between a key line's parts: tabs and no-break spaces, which mail and chat put there, too. */
    private static final String GAP = "[\\s\\u00A0]+";
    private static final java.util.regex.Pattern TYPE =
            java.util.regex.Pattern.compile("(ssh|ecdsa|sk|rsa)-[A-Za-z0-9@._+-]+");
    private static final java.util.regex.Pattern BASE64 = java.util.regex.Pattern.compile("[A-Za-z0-9+/]+=*");

    private static boolean isType(String word) {
        return TYPE.matcher(word).matches();
    }

    /**
     * The key whose line begins with its type: {@code line} as it is, else its parts one space apart, else its data
     * joined with the pieces on the lines after it until the key is whole; what follows the data is its comment.
     */
    private static PublicKeyLine wrapped(String line, String[] words, Iterator<String> lines)
            throws KeyLineException {
        PublicKeyLine whole = orNull(line);
        if (whole != null) {
            return whole;
        }
        java.util.Deque<String> rest = new java.util.ArrayDeque<>(List.of(words).subList(1, words.length));
        StringBuilder data = new StringBuilder();
        while (true) {
            while (!rest.isEmpty()) {
                String piece = rest.poll();
                if (!BASE64.matcher(piece).matches()) {
                    throw notWhole(words[0]);
                }
                data.append(piece);
                if (orNull(words[0] + " " + data) != null) {
                    return parse(words[0] + " " + data + (rest.isEmpty() ? "" : " " + String.join(" ", rest)));
                }
            }
            String next = lines.hasNext() ? lines.next().strip() : "";
            if (next.isEmpty() || isType(next.split(GAP)[0]) || next.startsWith("----")) {
                throw notWhole(words[0]);
            }
            rest.addAll(List.of(next.split(GAP)));
        }
    }

    /** {@code key}, which ended its line without a comment, with {@code comment}: the line after it. */
    private static PublicKeyLine withComment(PublicKeyLine key, String comment) throws KeyLineException {
        String[] parts = key.line().split(GAP);
        if (parts.length != 2 || !isType(parts[0])) { // options before the type: no guessing
            return parse(comment);
        }
        return parse(parts[0] + " " + parts[1] + " " + comment);
    }

    private static KeyLineException notWhole(String type) {
        return new KeyLineException("the " + type + " key is cut short or mixed with other text: copy the whole key "
                + "again (the one line of the .pub file)");
    }

    private static PublicKeyLine orNull(String line) {
        try {
            return parse(line);
        } catch (KeyLineException e) {
            return null;
        }
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
