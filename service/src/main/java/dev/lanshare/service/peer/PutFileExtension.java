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
        Buffer buffer = getCommandBuffer(path.length() * 3 + length + 32);
        PutFile.write(buffer, path, time, data, length);
        sendAndCheckExtendedCommandStatus(buffer);
    }
}
