package dev.lanshare.service.peer;

import java.nio.charset.StandardCharsets;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * {@code get-file@lanshare.dev}, both sides: a small file down in one request instead of three. The colleague's SFTP
 * server answers it; its wire format is here, with the client that sends it ({@link GetFileExtension}), as
 * {@link PutFile}'s is.
 *
 * <p>lanshare's client reads a file of a folder as open, read (as many as the file needs, in flight together) and
 * close. For a folder of small files those three round trips, and the colleague's work for three requests, are
 * most of the cost; the size is known from the listing, so one request can ask for the whole file.
 *
 * <p>The request ({@code SSH_FXP_EXTENDED}, after the name): {@code string path}, {@code uint32 most}, at most
 * {@value #MAX_DATA}. The server does what the separate requests do, through the same code and checks (the share's
 * access, a path that leaves the share, the activity log): it opens {@code path} for reading, reads it from the
 * start until its end or until more than {@code most} bytes came, and closes it. The answer is
 * {@code SSH_FXP_EXTENDED_REPLY} with {@code bool whole} and {@code string data}: the whole file when it has at
 * most {@code most} bytes, else {@code whole} false and no data (the client then reads it the usual way). A
 * failure is answered with that step's {@code SSH_FXP_STATUS}. The server lists the extension in its version reply
 * ({@code get-file@lanshare.dev}, version 1); a client sends it only to servers that list it.
 */
public final class GetFile {
    public static final String NAME = "get-file@lanshare.dev";
    /**
     * The most data one answer carries: 255 KiB, so that the answer with its header stays within the 256 KiB that
     * MINA's client takes as one SFTP packet (it refuses a longer one as corrupt and the channel with it).
     */
    public static final int MAX_DATA = 255 * 1024;

    private GetFile() {
    }

    /** A request read from its buffer. */
    public record Request(String path, int most) {
        /** Reads the request after its extension name. */
        public static Request read(Buffer buffer) {
            String path = buffer.getString(StandardCharsets.UTF_8);
            long most = buffer.getUInt();
            if (most > MAX_DATA) {
                throw new IllegalArgumentException(NAME + ": " + most + " bytes asked, at most " + MAX_DATA
                        + " given");
            }
            return new Request(path, (int) most);
        }
    }

    /** Writes a request after its extension name into {@code buffer}. */
    public static void write(Buffer buffer, String path, int most) {
        if (most < 0 || most > MAX_DATA) {
            throw new IllegalArgumentException(most + " bytes: more than one answer carries");
        }
        buffer.putString(path, StandardCharsets.UTF_8);
        buffer.putUInt(most);
    }

    /** The file's bytes from an answer after its header, or null when it had more than was asked for. */
    public static byte[] readAnswer(Buffer buffer) {
        boolean whole = buffer.getBoolean();
        byte[] data = buffer.getBytes();
        return whole ? data : null;
    }
}
