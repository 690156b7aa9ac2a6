package dev.lanshare.service.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lanshare.config.AppDirs;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The control channel's transport: one JSON request a line, its reply, and the event stream. {@link ServiceClient}
 * offers the requests as methods.
 */
public final class ControlClient implements Closeable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private long nextId = 1;

    private ControlClient(SocketChannel channel) {
        this.channel = channel;
        // buffered: a line is read a byte at a time, and each byte from the socket itself was a system call (about
        // 16 ms of a command's CPU, for the few kilobytes of a copy's replies and progress)
        this.in = new BufferedInputStream(Channels.newInputStream(channel));
        this.out = Channels.newOutputStream(channel);
    }

    public static Path socketFile(AppDirs dirs) {
        return dirs.runtime().resolve("control.sock");
    }

    /**
     * Readies the JDK's Unix sockets for a command's first connection: their first use seeds a random generator
     * for temporary socket names, which loads the JDK's security providers (10-12 ms of a cold start), so a command
     * does it on another thread while its command line is parsed.
     */
    public static void prepare() {
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException | UnsupportedOperationException e) {
            // the connection itself will say what is wrong
        }
    }

    /** Connects to the service for {@code dirs}, or empty when none is running. */
    public static Optional<ControlClient> connect(AppDirs dirs) {
        Path socket = socketFile(dirs);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(new ControlClient(ch));
        } catch (IOException e) {
            return Optional.empty(); // a stale socket from a crash
        }
    }

    /** Sends one request and returns its result; a refusal comes back as {@link ControlException}. */
    public JsonNode request(String op, Map<String, ?> params) throws IOException, ControlException {
        return request(op, params, partial -> { });
    }

    /**
     * Sends one request, hands each {@code partial} line that comes before its reply (answers that arrive one by
     * one, such as {@code search.all}'s) to {@code partials}, and returns the result.
     */
    public synchronized JsonNode request(String op, Map<String, ?> params, Consumer<JsonNode> partials)
            throws IOException, ControlException {
        ObjectNode req = Protocol.object();
        req.put("id", nextId++);
        req.put("op", op);
        req.set("params", Protocol.JSON.valueToTree(params));
        out.write((Protocol.JSON.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        JsonNode reply = readMessage();
        while (reply.has("partial")) {
            partials.accept(reply.path("partial"));
            reply = readMessage();
        }
        if (!reply.path("ok").asBoolean(false)) {
            throw new ControlException(reply.path("error").asText("the service refused"));
        }
        return reply.path("result");
    }

    /** Turns this connection into an event stream; blocks, handing each event to {@code listener}, until closed. */
    public void subscribe(Consumer<JsonNode> listener) throws IOException, ControlException {
        request(Protocol.Op.SUBSCRIBE.wire, Map.of());
        while (true) {
            JsonNode event = readMessage();
            if (!Protocol.KEEPALIVE.equals(event.path("event").asText())) {
                listener.accept(event);
            }
        }
    }

    private JsonNode readMessage() throws IOException {
        byte[] line = Protocol.readLine(in);
        if (line == null) {
            throw new IOException("the service closed the control connection");
        }
        return Protocol.JSON.readTree(line);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
