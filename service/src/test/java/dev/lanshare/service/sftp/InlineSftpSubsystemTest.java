package dev.lanshare.service.sftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.service.OpenSsh;
import dev.lanshare.service.TestHome;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.impl.SftpResponse;
import org.apache.sshd.sftp.client.impl.SftpStatus;
import org.apache.sshd.sftp.common.SftpConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests are answered on the network thread when nothing is ahead of them and by the session's SFTP thread
 * otherwise ({@link InlineSftpSubsystem}, on {@link OneThreadTransport}'s one network thread): the answers must be the same
 * either way, and a client that stops reading its answers must hold up no one else.
 */
class InlineSftpSubsystemTest {
    @TempDir
    Path tmp;
    TestHome home;
    OpenSsh openssh;
    Path plans;
    byte[] drawing;

    @BeforeEach
    void start() throws Exception {
        home = new TestHome(tmp);
        openssh = OpenSsh.withNewKey(Files.createDirectories(tmp.resolve("keys")));
        plans = home.folder("Plans");
        drawing = new byte[300_000];
        new Random(42).nextBytes(drawing);
        Files.write(plans.resolve("drawing.bin"), drawing);
        Files.writeString(plans.resolve("note.txt"), "meeting at ten");
        home.account("ann").account("ben", openssh.publicKeyLine())
                .share("Plans", plans, false, "ann:write", "ben:write");
        home.start();
    }

    @AfterEach
    void stop() throws Exception {
        home.close();
    }

    @Test
    void pipelinedReadsEachGetTheirOwnAnswer() throws Exception {
        try (SftpClient sftp = home.login("ann");
                SftpClient.CloseableHandle file = sftp.open("/Plans/drawing.bin", SftpClient.OpenMode.Read)) {
            RawSftpClient raw = (RawSftpClient) sftp;
            Random random = new Random(7);
            Map<Integer, long[]> asked = new LinkedHashMap<>();
            // sent back to back: the first is answered at once, the rest queue behind it; some start past the end
            for (int i = 0; i < 400; i++) {
                long offset = random.nextInt(drawing.length + 50_000);
                int length = 1 + random.nextInt(32 * 1024);
                Buffer b = new ByteArrayBuffer();
                b.putBytes(file.getIdentifier());
                b.putLong(offset);
                b.putUInt(length);
                asked.put(raw.send(SftpConstants.SSH_FXP_READ, b), new long[] {offset, length});
            }
            int data = 0;
            int ends = 0;
            for (Map.Entry<Integer, long[]> e : asked.entrySet()) {
                SftpResponse answer = SftpResponse.parse(SftpConstants.SSH_FXP_READ, raw.receive(e.getKey()));
                int offset = (int) e.getValue()[0];
                int length = (int) e.getValue()[1];
                if (offset >= drawing.length) {
                    assertEquals(SftpConstants.SSH_FXP_STATUS, answer.getType(), "read at " + offset);
                    SftpStatus status = SftpStatus.parse(answer);
                    assertEquals(SftpConstants.SSH_FX_EOF, status.getStatusCode(), status.toString());
                    ends++;
                } else {
                    assertEquals(SftpConstants.SSH_FXP_DATA, answer.getType(), "read at " + offset);
                    byte[] got = answer.getBuffer().getBytes();
                    assertTrue(got.length > 0 && got.length <= length, got.length + " bytes for " + length);
                    assertArrayEquals(Arrays.copyOfRange(drawing, offset, offset + got.length), got,
                            "read at " + offset);
                    data++;
                }
            }
            assertTrue(data > 300 && ends > 20, data + " reads with data, " + ends + " at the end");
            // and the session goes on as usual
            try (InputStream in = sftp.read("/Plans/note.txt")) {
                assertEquals("meeting at ten", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aClientThatStopsReadingItsAnswersHoldsUpNoOne() throws Exception {
        byte[] big = new byte[4 * 1024 * 1024];
        new Random(1).nextBytes(big);
        Files.write(plans.resolve("big.bin"), big);
        Process hog = openssh.sftpSubsystem(home.port(), "ben");
        AtomicInteger sent = new AtomicInteger();
        try {
            Raw raw = initialized(hog);
            DataOutputStream toServer = raw.to();
            DataInputStream fromServer = raw.from();
            toServer.write(packet(SftpConstants.SSH_FXP_OPEN, out -> {
                out.writeInt(1);
                string(out, "/Plans/big.bin".getBytes(StandardCharsets.UTF_8));
                out.writeInt(SftpConstants.SSH_FXF_READ);
                out.writeInt(0);
            }));
            toServer.flush();
            byte[] handle = handleOf(fromServer);
            // thousands of reads, and never a look at the answers: the answers back up to the server
            Thread flood = new Thread(() -> {
                try {
                    for (int i = 0; i < 4000; i++) {
                        int id = 2 + i;
                        long offset = (long) (i % 128) * 32 * 1024;
                        toServer.write(packet(SftpConstants.SSH_FXP_READ, out -> {
                            out.writeInt(id);
                            string(out, handle);
                            out.writeLong(offset);
                            out.writeInt(32 * 1024);
                        }));
                        sent.incrementAndGet();
                    }
                    toServer.flush();
                } catch (IOException e) {
                    // the server stopped taking them, or the test ended
                }
            }, "hog");
            flood.setDaemon(true);
            flood.start();
            Thread.sleep(1500);

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (SftpClient ann = home.login("ann")) {
                    try (InputStream in = ann.read("/Plans/drawing.bin")) {
                        assertArrayEquals(drawing, in.readAllBytes());
                    }
                    try (InputStream in = ann.read("/Plans/note.txt")) {
                        assertEquals("meeting at ten", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            });
            assertTrue(sent.get() > 0, "the reads went out");
        } finally {
            hog.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void requestsCutAnywhereAreAnsweredWhole() throws Exception {
        byte[] content = new byte[100_000];
        new Random(3).nextBytes(content);
        Process client = openssh.sftpSubsystem(home.port(), "ben");
        try {
            Raw raw = initialized(client);
            DataOutputStream toServer = raw.to();
            DataInputStream fromServer = raw.from();
            // a byte at a time with pauses, so that the request's length itself arrives in pieces
            inPieces(toServer, openToWrite(1, "/Plans/pieces.bin"), 1, 1, 1, 2, 3, 5);
            byte[] handle = handleOf(fromServer);
            // one write cut at odd places, then two writes and the start of a third in one piece
            byte[] first = write(2, handle, 0, Arrays.copyOfRange(content, 0, 60_000));
            inPieces(toServer, first, 3, 4093, 7, 30_001, 2);
            byte[] second = write(3, handle, 60_000, Arrays.copyOfRange(content, 60_000, 70_000));
            byte[] third = write(4, handle, 70_000, Arrays.copyOfRange(content, 70_000, 70_010));
            byte[] fourth = write(5, handle, 70_010, Arrays.copyOfRange(content, 70_010, content.length));
            ByteArrayOutputStream together = new ByteArrayOutputStream();
            together.write(second);
            together.write(third);
            together.write(fourth);
            inPieces(toServer, together.toByteArray(), second.length + third.length + 2);
            inPieces(toServer, close(6, handle), 2, 3);
            assertAllOk(fromServer, 2, 6);
            assertArrayEquals(content, Files.readAllBytes(plans.resolve("pieces.bin")));
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void writesOfManyTimesTheWindowAllGoThrough() throws Exception {
        // 12 MiB of writes, six times the channel's window: the client can only go on as the server gives the
        // window back for the requests it answered. The first half one at a time, each answer awaited (answered
        // on the network thread), the second half back to back (most of them queued for the SFTP thread).
        int chunk = 32 * 1024;
        int writes = 384;
        byte[] content = new byte[chunk * writes];
        new Random(5).nextBytes(content);
        Process client = openssh.sftpSubsystem(home.port(), "ben");
        try {
            Raw raw = initialized(client);
            byte[] handle = openedToWrite(raw, "/Plans/window.bin");
            for (int i = 0; i < writes / 2; i++) {
                raw.to().write(writeOfChunk(handle, content, chunk, i));
                raw.to().flush();
                assertEquals(SftpConstants.SSH_FX_OK, statusOf(raw.from(), 2 + i), "write " + i);
            }
            for (int i = writes / 2; i < writes; i++) {
                raw.to().write(writeOfChunk(handle, content, chunk, i));
            }
            raw.to().flush();
            for (int i = writes / 2; i < writes; i++) {
                assertEquals(SftpConstants.SSH_FX_OK, statusOf(raw.from(), 2 + i), "write " + i);
            }
            assertArrayEquals(content, Files.readAllBytes(plans.resolve("window.bin")));
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRequestClaimingMoreThanTwoGigabytesEndsOnlyItsOwnSession() throws Exception {
        Process client = openssh.sftpSubsystem(home.port(), "ben");
        try {
            DataOutputStream toServer = initialized(client).to();
            toServer.writeInt(0x8000_0000);
            toServer.write(new byte[64]);
            toServer.flush();
            assertTrue(client.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the session was ended");
        } finally {
            client.destroyForcibly();
        }
        try (SftpClient ann = home.login("ann");
                InputStream in = ann.read("/Plans/note.txt")) {
            assertEquals("meeting at ten", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFlushAmongWritesIsAnsweredInItsPlace() throws Exception {
        int chunk = 32 * 1024;
        byte[] content = new byte[3 * chunk];
        new Random(11).nextBytes(content);
        Process client = openssh.sftpSubsystem(home.port(), "ben");
        try {
            Raw raw = initialized(client);
            byte[] handle = openedToWrite(raw, "/Plans/flushed.bin");
            // in one piece: a write, the flush (an extended request: never answered on the network thread), two
            // more writes and the close, which must wait their turn behind it
            ByteArrayOutputStream together = new ByteArrayOutputStream();
            together.write(writeOfChunk(handle, content, chunk, 0));
            together.write(packet(SftpConstants.SSH_FXP_EXTENDED, out -> {
                out.writeInt(3);
                string(out, "fsync@openssh.com".getBytes(StandardCharsets.US_ASCII));
                string(out, handle);
            }));
            together.write(write(4, handle, chunk, Arrays.copyOfRange(content, chunk, 2 * chunk)));
            together.write(write(5, handle, 2L * chunk, Arrays.copyOfRange(content, 2 * chunk, 3 * chunk)));
            together.write(close(6, handle));
            raw.to().write(together.toByteArray());
            raw.to().flush();
            assertAllOk(raw.from(), 2, 6);
            assertArrayEquals(content, Files.readAllBytes(plans.resolve("flushed.bin")));
        } finally {
            client.destroyForcibly();
        }
    }

    /** A client's two streams, as {@code sftp} would use them. */
    private record Raw(DataOutputStream to, DataInputStream from) {
    }

    /** The raw streams of {@code client} ({@code ssh -s sftp}), once the version is agreed. */
    private static Raw initialized(Process client) throws IOException {
        Raw raw = new Raw(new DataOutputStream(client.getOutputStream()), new DataInputStream(client.getInputStream()));
        raw.to().write(packet(SftpConstants.SSH_FXP_INIT, out -> out.writeInt(3)));
        raw.to().flush();
        assertEquals(SftpConstants.SSH_FXP_VERSION, answerType(raw.from()));
        return raw;
    }

    /** Sends {@code bytes} cut after each of {@code cuts} bytes (the rest last), pausing so each piece goes alone. */
    private static void inPieces(DataOutputStream out, byte[] bytes, int... cuts) throws Exception {
        int at = 0;
        for (int cut : cuts) {
            out.write(bytes, at, cut);
            out.flush();
            at += cut;
            Thread.sleep(30);
        }
        out.write(bytes, at, bytes.length - at);
        out.flush();
    }

    /** The write of piece {@code i} ({@code chunk} bytes) of {@code content}, with id 2 + i. */
    private static byte[] writeOfChunk(byte[] handle, byte[] content, int chunk, int i) throws IOException {
        return write(2 + i, handle, (long) i * chunk, Arrays.copyOfRange(content, i * chunk, (i + 1) * chunk));
    }

    /** Opens {@code path} to write (request 1) and waits for its handle. */
    private static byte[] openedToWrite(Raw raw, String path) throws IOException {
        raw.to().write(openToWrite(1, path));
        raw.to().flush();
        return handleOf(raw.from());
    }

    /** An open request that creates or empties {@code path} for writing. */
    private static byte[] openToWrite(int id, String path) throws IOException {
        return packet(SftpConstants.SSH_FXP_OPEN, out -> {
            out.writeInt(id);
            string(out, path.getBytes(StandardCharsets.UTF_8));
            out.writeInt(SftpConstants.SSH_FXF_WRITE | SftpConstants.SSH_FXF_CREAT | SftpConstants.SSH_FXF_TRUNC);
            out.writeInt(0);
        });
    }

    private static byte[] write(int id, byte[] handle, long offset, byte[] data) throws IOException {
        return packet(SftpConstants.SSH_FXP_WRITE, out -> {
            out.writeInt(id);
            string(out, handle);
            out.writeLong(offset);
            string(out, data);
        });
    }

    private static byte[] close(int id, byte[] handle) throws IOException {
        return packet(SftpConstants.SSH_FXP_CLOSE, out -> {
            out.writeInt(id);
            string(out, handle);
        });
    }

    /** The answers to requests {@code first} to {@code last}, in order, each an OK status. */
    private static void assertAllOk(DataInputStream in, int first, int last) throws IOException {
        for (int id = first; id <= last; id++) {
            assertEquals(SftpConstants.SSH_FX_OK, statusOf(in, id), "request " + id);
        }
    }

    private static int statusOf(DataInputStream in, int id) throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        assertEquals(SftpConstants.SSH_FXP_STATUS, payload[0] & 0xff, "a status answer");
        DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(payload, 1, payload.length - 1));
        assertEquals(id, body.readInt(), "answers come in order");
        return body.readInt();
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] packet(int type, Body body) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(payload);
        out.writeByte(type);
        body.write(out);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        DataOutputStream framed = new DataOutputStream(whole);
        framed.writeInt(payload.size());
        framed.write(payload.toByteArray());
        return whole.toByteArray();
    }

    private static void string(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    private static int answerType(DataInputStream in) throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return payload[0] & 0xff;
    }

    private static byte[] handleOf(DataInputStream in) throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        assertEquals(SftpConstants.SSH_FXP_HANDLE, payload[0] & 0xff, "open answered with a handle");
        DataInputStream body = new DataInputStream(new java.io.ByteArrayInputStream(payload, 5, payload.length - 5));
        byte[] handle = new byte[body.readInt()];
        body.readFully(handle);
        return handle;
    }
}
