package dev.lanshare.service.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.Factory;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.IoServiceFactoryFactory;
import org.apache.sshd.common.io.nio2.Nio2Acceptor;
import org.apache.sshd.common.io.nio2.Nio2Connector;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactory;
import org.apache.sshd.common.util.threads.CloseableExecutorService;
import org.apache.sshd.common.util.threads.ThreadUtils;

/**
 * MINA's NIO2 transport on one network thread that waits for the network itself.
 *
 * <p>MINA builds its channel group on an executor it hands in ({@code withThreadPool}); the JDK then waits for the
 * network on a thread of its own and passes every completed read to one of the executor's threads, which wakes
 * up for it: a hand-over between threads for each packet that arrives. A group made with
 * {@code withFixedThreadPool} has its threads wait for the network themselves and run the completion at once, and
 * a reply written on such a thread (see {@link InlineSftpSubsystem}) goes out at once. With more than one thread
 * the one that wakes hands the waiting on to another, which is again a hand-over per packet; so there is one. It
 * decrypts what arrives, answers a request with nothing ahead of it (see {@link InlineSftpSubsystem}) and sends
 * what is ready; the other requests of a session are answered on the session's own SFTP thread. Only the socket layer changes: MINA's acceptor,
 * connector and sessions run on it as they are.
 *
 * <p>Measured with the benchmark (bench/README.md): many small files went from 0.84x to about 1.0x of OpenSSH;
 * 16 clients at once and a 1 GiB download kept their lead. MINA's own channel group is still created (its
 * constructor does so) and waits unused on one idle thread.
 */
final class OneThreadTransport extends Nio2ServiceFactory {
    private final AsynchronousChannelGroup group;
    private final CloseableExecutorService resuming;

    private OneThreadTransport(FactoryManager manager, CloseableExecutorService executor, CloseableExecutorService resuming) {
        super(manager, executor, resuming);
        this.resuming = resuming;
        try {
            group = AsynchronousChannelGroup.withFixedThreadPool(1, threads(manager + "-io"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the network threads", e);
        }
    }

    /** What {@code SshServer.setIoServiceFactoryFactory} takes. */
    static IoServiceFactoryFactory factory() {
        return new IoServiceFactoryFactory() {
            @Override
            public IoServiceFactory create(FactoryManager manager) {
                String name = manager.toString();
                return new OneThreadTransport(manager, ThreadUtils.newFixedThreadPool(name + "-nio2", 1),
                        ThreadUtils.newFixedThreadPool(name + "-nio2-resume", getNioWorkers(manager)));
            }

            @Override
            public void setExecutorServiceFactory(Factory<CloseableExecutorService> factory) {
                throw new UnsupportedOperationException("the network threads are this factory's own");
            }
        };
    }

    @Override
    public IoAcceptor createAcceptor(IoHandler handler) {
        return autowireCreatedService(new Nio2Acceptor(this, getFactoryManager(), handler, group, resuming));
    }

    @Override
    public IoConnector createConnector(IoHandler handler) {
        return autowireCreatedService(new Nio2Connector(this, getFactoryManager(), handler, group, resuming));
    }

    @Override
    protected void doCloseImmediately() {
        try {
            group.shutdownNow();
            group.awaitTermination(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // closing anyway: MINA's own group and executors go next
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            super.doCloseImmediately();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
