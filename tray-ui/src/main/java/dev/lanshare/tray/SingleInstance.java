package dev.lanshare.tray;

import dev.lanshare.config.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One tray per user: the first {@code lanshare-tray} listens on a Unix-domain socket in the runtime folder (owner
 * only, like the control socket); a second one finds it there, asks it to bring its window forward, and exits.
 */
public final class SingleInstance implements Closeable {
    private final ServerSocketChannel server;
    private final Path socket;

    private SingleInstance(ServerSocketChannel server, Path socket, Runnable onShow) {
        this.server = server;
        this.socket = socket;
        Thread t = new Thread(() -> accept(onShow), "lanshare-tray-single-instance");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Becomes the one tray, or, when another answers on {@code socket}, asks it to show itself and returns empty.
     *
     * @param onShow what a second start asks of this one; on this class's thread
     */
    public static Optional<SingleInstance> claim(Path socket, Runnable onShow) throws IOException {
        if (signal(socket)) {
            return Optional.empty();
        }
        AtomicFiles.createPrivateDirectories(socket.getParent());
        Files.deleteIfExists(socket); // left by a tray that crashed: nobody answered on it
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        AtomicFiles.restrict(socket);
        return Optional.of(new SingleInstance(server, socket, onShow));
    }

    private static boolean signal(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // connecting is the whole message: the first tray may accept and hang up before anything is written
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void accept(Runnable onShow) {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                // any connection is a request to show: only this user can open the socket
                onShow.run();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
