package dev.lanshare.service.peer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A colleague's file opened for reading, with the size and time of the file that was opened: what is read is the
 * file those say, even when another file is renamed over its name meanwhile (a save). A size read by name before
 * the open alone could belong to the file that was replaced. Close it when done.
 */
public final class OpenFile implements Closeable {
    private final PeerClient client;
    private final SftpClient sftp;
    private final SftpClient.CloseableHandle handle;
    private final String path;
    private final long size;
    private final long modified;
    private InputStream stream;
    private boolean closed;

    private OpenFile(PeerClient client, SftpClient sftp, SftpClient.CloseableHandle handle, String path,
            SftpClient.Attributes attributes) {
        this.client = client;
        this.sftp = sftp;
        this.handle = handle;
        this.path = path;
        this.size = attributes.getSize();
        this.modified = millis(attributes);
    }

    /** How many times a file is opened again when it was replaced while it was opened. */
    public static final int TRIES = 5;

    /** The file was replaced each time it was opened ({@link #TRIES} times): it is being saved over and over. */
    public static final class Changing extends SftpException {
        private static final long serialVersionUID = 1L;

        Changing(String path) {
            super(SftpConstants.SSH_FX_FAILURE, path + " changed each time it was opened: it is being saved; try "
                    + "again");
        }
    }

    /**
     * Opens {@code path} ({@code /SHARE/PATH}) on a channel of {@code client}'s. The file is stat'ed by name before
     * the open and through the handle after it, and opened again when the two differ: a server's {@code FSTAT} may
     * read the name again too (MINA's does), so only a file that was the same before and after is taken to be the
     * one that was opened.
     *
     * @throws Changing it was replaced each time
     * @throws IOException nothing is there, it is a folder, it may not be read, or the connection failed
     */
    static OpenFile open(PeerClient client, String path) throws IOException, PeerException {
        // a wide channel, as for one big file: on a folder's narrow one (512 KiB) the gateway's GET of 1 GiB took
        // 10.7 s at 2 ms one way against 3.0 s for lanshare get, 3.4 s against 2.0 s on loopback (bench/run
        // --clients); a GET read through JSch's 16 MiB window before it was opened through MINA
        SftpClient sftp = client.channel(true);
        SftpClient.CloseableHandle handle = null;
        try {
            for (int i = 0; i < TRIES; i++) {
                SftpClient.Attributes before = sftp.stat(path);
                if (!before.isRegularFile()) {
                    throw new SftpException(SftpConstants.SSH_FX_FILE_IS_A_DIRECTORY, path + " is not a file");
                }
                handle = sftp.open(path, SftpClient.OpenMode.Read);
                SftpClient.Attributes after = sftp.stat(handle);
                if (after.isRegularFile() && after.getSize() == before.getSize()
                        && millis(after) == millis(before)) {
                    return new OpenFile(client, sftp, handle, path, after);
                }
                SftpClient.CloseableHandle replaced = handle;
                handle = null;
                replaced.close();
            }
            throw new Changing(path);
        } catch (IOException | RuntimeException e) {
            if (handle != null) {
                closeQuietly(handle);
            }
            client.release(sftp);
            throw e;
        }
    }

    private static long millis(SftpClient.Attributes a) {
        return a.getModifyTime() == null ? 0 : a.getModifyTime().toMillis();
    }

    /** The size in bytes of the file that is open. */
    public long size() {
        return size;
    }

    /** The modification time of the file that is open, in milliseconds (SFTP keeps seconds). */
    public long modified() {
        return modified;
    }

    /**
     * Its content from {@code offset} up to the size it had when opened ({@link #size}), read ahead in requests as
     * long as the colleague allows. One stream per open file.
     */
    public synchronized InputStream from(long offset) throws IOException {
        if (stream != null || closed) {
            throw new IllegalStateException(path + " is read once per open");
        }
        stream = new SftpInputStreamAsync((AbstractSftpClient) sftp, client.readLength(sftp), offset, size, path,
                handle, false);
        return stream;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (stream != null) {
                stream.close();
            }
        } finally {
            try {
                handle.close();
            } finally {
                client.release(sftp);
            }
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // the open failed already; that failure is what is told
        }
    }
}
