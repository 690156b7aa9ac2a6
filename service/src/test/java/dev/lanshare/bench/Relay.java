package dev.lanshare.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback that holds every byte a fixed time in each direction before passing it on: a network
 * with that one-way delay (a cable about 0.25 ms, Wi-Fi about 2 ms) where the kernel has no netem. Each
 * direction is a reader that stamps what it reads and a writer that sends it when its time has come, so the
 * delay does not slow the stream down: bytes keep flowing, later. The thread hand-offs add a little to the
 * nominal delay; a reference client measured through the same relay in the same run is the yardstick.
 */
final class Relay implements Closeable {
    private static final int CHUNK = 64 * 1024;
    /** Chunks in flight per direction: 64 MiB, more than a window's worth at any delay measured here. */
    private static final int IN_FLIGHT = 1024;

    private record Piece(byte[] data, int length, long due) {
    }

    private static final Piece END = new Piece(new byte[0], -1, 0);

    private final ServerSocket listener;
    private final int targetPort;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private Relay(ServerSocket listener, int targetPort, long delayNanos) {
        this.listener = listener;
        this.targetPort = targetPort;
        this.delayNanos = delayNanos;
    }

    /** A relay from a free loopback port to {@code targetPort}, delaying each direction by {@code delayMillis}. */
    static Relay start(int targetPort, double delayMillis) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Relay r = new Relay(listener, targetPort, (long) (delayMillis * 1_000_000));
        Thread accept = new Thread(r::accept, "relay-accept-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
        return r;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                for (Socket s : List.of(client, server)) {
                    s.setTcpNoDelay(true); // the delay is the relay's; Nagle would add its own
                    sockets.add(s);
                }
                AtomicInteger open = new AtomicInteger(2);
                Runnable ended = () -> {
                    if (open.decrementAndGet() == 0) {
                        close(client);
                        close(server);
                    }
                };
                pipe(client, server, "up", ended);
                pipe(server, client, "down", ended);
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    BenchRun.log("relay: " + e);
                }
            }
        }
    }

    /** Carries {@code from}'s bytes to {@code to}, late; {@code ended} runs when this direction is done. */
    private void pipe(Socket from, Socket to, String way, Runnable ended) {
        BlockingQueue<Piece> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
        Thread reader = new Thread(() -> {
            try {
                InputStream in = from.getInputStream();
                byte[] buf = new byte[CHUNK];
                for (int n; (n = in.read(buf)) > 0; ) {
                    queue.put(new Piece(Arrays.copyOf(buf, n), n, System.nanoTime() + delayNanos));
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended
            } finally {
                queue.offer(END);
            }
        }, "relay-" + way + "-read");
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Piece p = queue.take();
                    if (p == END) {
                        break;
                    }
                    for (long wait; (wait = p.due() - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    out.write(p.data(), 0, p.length());
                }
                to.shutdownOutput(); // a half-close passes on; the other direction goes on
                ended.run();
            } catch (IOException | InterruptedException e) {
                close(from); // the other side went away: so does the connection
                close(to);
            }
        }, "relay-" + way + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(Relay::close);
    }
}
