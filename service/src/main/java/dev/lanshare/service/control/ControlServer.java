package dev.lanshare.service.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.service.events.Events;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control channel: JSON lines over a Unix-domain socket that only its owner can open (folder 0700, socket
 * 0600, and the peer's credentials checked), so no port is opened and no token is needed. Bad input gets an
 * error reply and never stops the service. See docs/control-protocol.md.
 */
public final class ControlServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    static final int MAX_CONNECTIONS = 32;
    static final int EVENT_QUEUE = 1000;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Dispatcher dispatcher;
    private final Events events;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lanshare-control");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final UnixDomainPrincipal owner;

    private ControlServer(Path socket, ServerSocketChannel server, Operations ops, Events events,
            UnixDomainPrincipal owner) {
        this.socket = socket;
        this.server = server;
        this.dispatcher = new Dispatcher(ops);
        this.events = events;
        this.owner = owner;
    }

    /** Listens at {@code socket}, replacing a stale socket file left by a crash. */
    public static ControlServer start(Path socket, Operations ops, Events events) throws IOException {
        AtomicFiles.createPrivateDirectories(socket.getParent());
        AtomicFiles.restrict(socket.getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        AtomicFiles.restrict(socket);
        UnixDomainPrincipal owner = new UnixDomainPrincipal(
                Files.getOwner(socket), Files.readAttributes(socket,
                        java.nio.file.attribute.PosixFileAttributes.class).group());
        ControlServer control = new ControlServer(socket, server, ops, events, owner);
        control.threads.execute(control::acceptLoop);
        return control;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                if (!slots.tryAcquire()) {
                    refuse(ch, "too many control connections");
                    continue;
                }
                threads.execute(() -> {
                    try (ch) {
                        serve(ch);
                    } catch (IOException e) {
                        LOG.debug("control connection ended: {}", e.getMessage());
                    } finally {
                        slots.release();
                    }
                });
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("control channel: {}", e.toString());
            }
        }
    }

    private void serve(SocketChannel ch) throws IOException {
        UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!peer.user().equals(owner.user())) {
            LOG.warn("refused a control connection from user {}", peer.user().getName());
            write(Channels.newOutputStream(ch), error(null, "this service belongs to another user"));
            return;
        }
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch)); // see ControlClient
        OutputStream out = Channels.newOutputStream(ch);
        while (true) {
            byte[] line;
            try {
                line = Protocol.readLine(in);
            } catch (Protocol.TooLong e) {
                write(out, error(null, e.getMessage()));
                return;
            }
            if (line == null) {
                return;
            }
            if (!answer(line, out)) {
                stream(out);
                return;
            }
        }
    }

    /** Answers one request; returns false when it was a subscription. */
    private boolean answer(byte[] line, OutputStream out) throws IOException {
        JsonNode request;
        try {
            request = Protocol.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            write(out, error(null, "not JSON: " + e.getOriginalMessage()));
            return true;
        }
        JsonNode id = request == null ? null : request.get("id");
        String op = request == null ? "" : request.path("op").asText("");
        if (Protocol.Op.SUBSCRIBE.wire.equals(op)) {
            ObjectNode ok = reply(id);
            ok.putObject("result").put("subscribed", true);
            write(out, ok);
            return false;
        }
        try {
            ObjectNode ok = reply(id);
            Object result;
            java.util.function.Consumer<Object> partials = answer -> {
                ObjectNode partial = Protocol.object();
                partial.set("id", id);
                partial.set("partial", Protocol.JSON.valueToTree(answer));
                try {
                    write(out, partial);
                } catch (IOException e) {
                    throw new ClientGone(e);
                }
            };
            if (Protocol.Op.SEARCH_ALL.wire.equals(op)) {
                // one line per colleague's answer as it arrives, then the reply
                result = dispatcher.searchAll(request.path("params"), partials);
            } else if (Protocol.Op.PEER_COPY.wire.equals(op)) {
                // the copy's progress as it goes, then the reply
                result = dispatcher.copy(request.path("params"), partials);
            } else {
                result = dispatcher.handle(op, request.path("params"));
            }
            ok.set("result", Protocol.JSON.valueToTree(result));
            write(out, ok);
        } catch (ControlException e) {
            write(out, error(id, e.getMessage()));
        } catch (ClientGone e) {
            throw e.getCause(); // the client went away
        } catch (java.io.UncheckedIOException e) {
            failed(out, id, op, e.getCause());
        } catch (IOException e) {
            // the operation's own failure (a colleague that does not answer, a folder it read), or the reply that
            // could not be written, in which case this write fails too and the connection ends
            failed(out, id, op, e);
        } catch (RuntimeException e) {
            LOG.warn("control request '{}' failed", op, e);
            write(out, error(id, "the service could not do that: " + e.getClass().getSimpleName()));
        }
        return true;
    }

    /** Answers an operation's failure with its message: said to the client, not a connection closed on it. */
    private static void failed(OutputStream out, JsonNode id, String op, IOException e) throws IOException {
        LOG.warn("control request '{}' failed: {}", op, e.toString());
        write(out, error(id, e.getMessage() != null ? e.getMessage()
                : "the service could not do that: " + e.getClass().getSimpleName()));
    }

    /** A partial answer that could not be written: the client went away, and the request ends without a reply. */
    private static final class ClientGone extends java.io.UncheckedIOException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }

    /** Streams events to a subscriber until it goes away or falls too far behind. */
    private void stream(OutputStream out) throws IOException {
        BlockingQueue<Events.Event> queue = new ArrayBlockingQueue<>(EVENT_QUEUE);
        Thread reader = Thread.currentThread();
        try (AutoCloseable sub = events.subscribe(e -> {
            if (!queue.offer(e)) {
                reader.interrupt(); // too slow: drop it rather than grow without bound
            }
        })) {
            while (server.isOpen()) {
                Events.Event e = queue.poll(30, TimeUnit.SECONDS);
                ObjectNode msg = Protocol.object();
                msg.put("event", e == null ? Protocol.KEEPALIVE : e.type());
                if (e != null) {
                    msg.set("data", Protocol.JSON.valueToTree(e.data()));
                }
                write(out, msg);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            LOG.debug("subscription ended", e);
        }
    }

    private static ObjectNode reply(JsonNode id) {
        ObjectNode n = Protocol.object();
        n.set("id", id);
        n.put("ok", true);
        return n;
    }

    private static ObjectNode error(JsonNode id, String message) {
        ObjectNode n = Protocol.object();
        n.set("id", id);
        n.put("ok", false);
        n.put("error", message);
        return n;
    }

    private static synchronized void write(OutputStream out, JsonNode message) throws IOException {
        out.write((Protocol.JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void refuse(SocketChannel ch, String why) {
        try (ch) {
            write(Channels.newOutputStream(ch), error(null, why));
        } catch (IOException e) {
            // it is gone already
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
        Files.deleteIfExists(socket);
    }
}
