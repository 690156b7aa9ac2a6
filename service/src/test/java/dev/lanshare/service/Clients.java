package dev.lanshare.service;

import dev.lanshare.service.keys.JdkEd25519;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** MINA's own SSH client, connected to a test service on loopback. */
public final class Clients implements AutoCloseable {
    static {
        // as the service does: ed25519 from the JDK, Bouncy Castle's provider never registered
        JdkEd25519.install();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final SshClient client = SshClient.setUpDefaultClient();

    public Clients() {
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    public SshClient ssh() {
        return client;
    }

    public SftpClient withKey(int port, String user, KeyPair key) throws IOException {
        ClientSession session = connect(port, user);
        session.addPublicKeyIdentity(key);
        session.auth().verify(TIMEOUT);
        return SftpClientFactory.instance().createSftpClient(session).singleSessionInstance();
    }

    /** As {@link #withKey(int, String, KeyPair)}, connecting from {@code from}, another loopback address. */
    public SftpClient withKey(int port, String user, KeyPair key, String from) throws IOException {
        ClientSession session = client.connect(user, new InetSocketAddress("127.0.0.1", port),
                new InetSocketAddress(from, 0)).verify(TIMEOUT).getSession();
        session.addPublicKeyIdentity(key);
        session.auth().verify(TIMEOUT);
        return SftpClientFactory.instance().createSftpClient(session).singleSessionInstance();
    }

    public SftpClient withPassword(int port, String user, String password) throws IOException {
        ClientSession session = connect(port, user);
        session.addPasswordIdentity(password);
        session.auth().verify(TIMEOUT);
        return SftpClientFactory.instance().createSftpClient(session).singleSessionInstance();
    }

    public ClientSession connect(int port, String user) throws IOException {
        return client.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession();
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }
}
