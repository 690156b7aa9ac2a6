package dev.lanshare.service.peer;

import java.io.IOException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.helpers.AbstractSftpClientExtension;
import org.apache.sshd.sftp.common.SftpConstants;

/**
 * An extension that moves a whole small file in one request ({@link GetFileExtension}, {@link PutFileExtension}),
 * sent without waiting for the sending alone. MINA's {@code send} parks the calling thread until the network
 * thread has written the request, and then the caller waits again for the answer, which cannot come before. In a
 * folder copy with several files in flight that was a handover between threads for every file: a tenth of the
 * copying service's CPU in an upload of 2,000 small files. A request that cannot be sent closes the session, and
 * the wait for its answer ends with the channel's error.
 */
abstract class WholeFileExtension extends AbstractSftpClientExtension {
    WholeFileExtension(String name, SftpClient client) {
        super(name, client, (RawSftpClient) client, client.getServerExtensions());
    }

    @Override
    protected int sendExtendedCommand(Buffer buffer) throws IOException {
        return write(SftpConstants.SSH_FXP_EXTENDED, buffer).getId();
    }
}
