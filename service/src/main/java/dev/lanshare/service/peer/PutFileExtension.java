package dev.lanshare.service.peer;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.SftpClient;

/** The client's side of {@link PutFile}: a small file up in one request, to a colleague that offers it. */
public final class PutFileExtension extends WholeFileExtension {
    public PutFileExtension(SftpClient client) {
        super(PutFile.NAME, client);
    }

    /** Writes {@code length} bytes of {@code data} to {@code path} (through its part file) with {@code time}. */
    public void put(String path, FileTime time, byte[] data, int length) throws IOException {
        put(path, time, data, length, -1);
    }

    /**
     * As {@link #put(String, FileTime, byte[], int)}, the file then getting the permission bits {@code permissions}
     * (-1: what the colleague gives new files). Only to a colleague that {@link #takesPermissions}.
     */
    public void put(String path, FileTime time, byte[] data, int length, int permissions) throws IOException {
        Buffer buffer = getCommandBuffer(path.length() * 3 + length + 36);
        PutFile.write(buffer, path, time, data, length, permissions);
        sendAndCheckExtendedCommandStatus(buffer);
    }

    /** Whether the colleague sets the permission bits a request carries (it lists version 2 or later). */
    public boolean takesPermissions() {
        byte[] version = getClient().getServerExtensions().get(PutFile.NAME);
        if (version == null) {
            return false;
        }
        try {
            return Integer.parseInt(new String(version, java.nio.charset.StandardCharsets.UTF_8).strip()) >= 2;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
