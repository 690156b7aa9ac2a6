package dev.lanshare.service.peer;

import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * {@code put-file@lanshare.dev}, both sides: a small file up in one request instead of five. The colleague's SFTP
 * server answers it; its wire format is here, with the client that sends it ({@link PutFileExtension}), as the
 * search subsystem's is in {@code search}.
 *
 * <p>lanshare's client sends a file as {@code NAME.lanshare-part} and renames it when whole (so that a cut copy
 * resumes and nobody opens half a drawing), then sets its time: open, write, close, rename, set time. For a folder
 * of small files those five round trips, and the colleague's work for five requests, were most of the cost
 * (OpenSSH's {@code sftp} sends three and keeps no part file).
 *
 * <p>The request ({@code SSH_FXP_EXTENDED}, after the name): {@code string path}, {@code int64} modification time
 * in seconds since 1970, {@code uint32} nanoseconds, {@code string data} of at most {@value #MAX_DATA} bytes, and
 * from version 2 on, optionally, {@code uint32 permissions} (the file's permission bits, at most {@code 0777}).
 * The server does what the separate requests do, through the same code and checks (the share's access, a read-only
 * share, a path that leaves the share, the activity log): it opens {@code path + ".lanshare-part"} (made, or
 * emptied), writes the data, sets its modification time and the permission bits when sent (else the file has what
 * the server gives new files), closes it and renames it to {@code path}, replacing what was there, as
 * {@code posix-rename@openssh.com} does. When a step fails after the part was made, the part is removed and the
 * answer is that step's status; {@code path} itself is then as it was. The answer is {@code SSH_FXP_STATUS}. The
 * server lists the extension in its version reply ({@code put-file@lanshare.dev}, version {@value #VERSION}); a
 * client sends it only to servers that list it, and the permission bits only to those listing version 2 or later
 * (version 1 took no bits: a file put that way had the colleague's defaults, 600 under a umask of 077).
 */
public final class PutFile {
    public static final String NAME = "put-file@lanshare.dev";
    /** The version the server lists: 2 takes the permission bits. */
    public static final int VERSION = 2;
    /** The most data one request carries: the longest write lanshare's client sends. */
    public static final int MAX_DATA = 256 * 1024;
    /** The name the data is written under before it takes {@code path}. */
    public static final String PART = Transfers.PART;

    /** The most bytes a name may have on the systems lanshare runs on. */
    static final int MAX_NAME_BYTES = 255;

    private PutFile() {
    }

    /**
     * The part file of {@code path} (a path or a name): {@code NAME.lanshare-part}, or, where that would pass the
     * 255 bytes a name may have (a name of 242 bytes or more), the name cut short, a tilde and eight hex digits of
     * its SHA-256, then the suffix: each long name keeps a part of its own, and a rerun finds it.
     */
    public static String part(String path) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length + PART.length() <= MAX_NAME_BYTES) {
            return path + PART;
        }
        String digest;
        try {
            digest = java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes), 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
        int room = MAX_NAME_BYTES - PART.length() - 1 - digest.length();
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int n = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (used + n > room) {
                break;
            }
            cut.appendCodePoint(c);
            used += n;
            i += Character.charCount(c);
        }
        return path.substring(0, slash + 1) + cut + "~" + digest + PART;
    }

    /**
     * A request read from its buffer: the data stays in the buffer, at {@code dataOffset}; {@code permissions} -1
     * when the client sent none.
     */
    public record Request(String path, FileTime time, int dataOffset, int length, int permissions) {
        /** Reads the request after its extension name; the buffer's position is left after it. */
        public static Request read(Buffer buffer) {
            String path = buffer.getString(StandardCharsets.UTF_8);
            long seconds = buffer.getLong();
            long nanos = buffer.getUInt();
            long length = buffer.getUInt();
            if (nanos >= 1_000_000_000L) {
                throw new IllegalArgumentException(NAME + ": nanoseconds out of range: " + nanos);
            }
            if (length > MAX_DATA || length > buffer.available()) {
                throw new IllegalArgumentException(NAME + ": " + length + " bytes of data, " + buffer.available()
                        + " sent, at most " + MAX_DATA + " taken");
            }
            int at = buffer.rpos();
            buffer.rpos(at + (int) length);
            long permissions = buffer.available() > 0 ? buffer.getUInt() : -1;
            if (permissions > 0777) {
                throw new IllegalArgumentException(NAME + ": permission bits " + Long.toOctalString(permissions)
                        + " out of range: at most 777");
            }
            return new Request(path, FileTime.from(Instant.ofEpochSecond(seconds, nanos)), at, (int) length,
                    (int) permissions);
        }
    }

    /**
     * Writes a request after its extension name into {@code buffer}; {@code permissions} -1 for none (a server of
     * version 1 takes none).
     */
    public static void write(Buffer buffer, String path, FileTime time, byte[] data, int length, int permissions) {
        if (length > MAX_DATA) {
            throw new IllegalArgumentException(length + " bytes: more than one request takes");
        }
        if (permissions > 0777) {
            throw new IllegalArgumentException("permission bits " + Integer.toOctalString(permissions)
                    + ": at most 777 are sent");
        }
        Instant t = time.toInstant();
        buffer.putString(path, StandardCharsets.UTF_8);
        buffer.putLong(t.getEpochSecond());
        buffer.putUInt(t.getNano());
        buffer.putBytes(data, 0, length);
        if (permissions >= 0) {
            buffer.putUInt(permissions);
        }
    }
}
