package dev.lanshare.service.sftp;

import java.io.IOException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.helpers.AbstractSftpClientExtension;

/** An extended request written by hand, as a hostile client could: whatever bytes follow the name. */
final class RawExtension extends AbstractSftpClientExtension {
    RawExtension(String name, SftpClient client) {
        super(name, client, (RawSftpClient) client, true);
    }

    /** A request with the extension's name and room for {@code extra} bytes more. */
    Buffer buffer(int extra) {
        return getCommandBuffer(extra);
    }

    /** Sends the request and throws the status it gets unless that is OK or an extended reply. */
    void send(Buffer buffer) throws IOException {
        checkExtendedReplyBuffer(receive(sendExtendedCommand(buffer)));
    }
}
