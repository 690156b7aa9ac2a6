package dev.lanshare.service.peer;

import java.io.IOException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.SftpClient;

/** The client's side of {@link GetFile}: a small file down in one request, from a colleague that offers it. */
public final class GetFileExtension extends WholeFileExtension {
    public GetFileExtension(SftpClient client) {
        super(GetFile.NAME, client);
    }

    /** The whole of {@code path} when it has at most {@code most} bytes; null when it has more. */
    public byte[] get(String path, int most) throws IOException {
        Buffer buffer = getCommandBuffer(path.length() * 3 + 16);
        GetFile.write(buffer, path, most);
        Buffer answer = checkExtendedReplyBuffer(receive(sendExtendedCommand(buffer)));
        if (answer == null) {
            throw new IOException(GetFile.NAME + ": the colleague answered with a status and no data");
        }
        return GetFile.readAnswer(answer);
    }
}
