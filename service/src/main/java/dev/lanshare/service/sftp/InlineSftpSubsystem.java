package dev.lanshare.service.sftp;

import dev.lanshare.service.peer.GetFile;
import dev.lanshare.service.peer.PutFile;
import dev.lanshare.service.sharefs.RequestFolders;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.apache.sshd.common.PropertyResolver;
import org.apache.sshd.common.channel.BufferedIoOutputStream;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.common.channel.exception.SshChannelBufferedOutputException;
import org.apache.sshd.common.channel.exception.SshChannelClosedException;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.BufferUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.io.IoUtils;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpHelper;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MINA's SFTP subsystem, answering a request on the thread that received it when nothing is ahead of it.
 *
 * <p>MINA hands every request from the I/O thread that decrypted it to the subsystem's own thread, which answers
 * it. A client copying many small files waits for four answers per file (open, read, read at the end, close), one
 * after the other, so each hand-over between threads is paid four times per file. Here a request that arrives
 * while no earlier one is queued or being answered, and no earlier answer is still being sent, is answered at
 * once on the receiving thread, unless it is an extended request (see {@link #mayTakeLong}); everything else
 * goes to the subsystem's thread as before, in order. Answers that could wait for the client (a reply queue that
 * is full) are thus only ever waited for on the subsystem's thread, never on an I/O thread, which must stay free
 * to send what the client is waiting for.
 */
final class InlineSftpSubsystem extends SftpSubsystem {
    /**
     * The extensions listed in the version reply, where OpenSSH's client looks for them ({@code supported2}, where
     * MINA lists {@code copy-data} too, is not read by it): each one is answered. {@code copy-data} (OpenSSH's
     * {@code cp}) copies between two open handles, so both went through the share file system's checks when they
     * were opened; {@code hardlink} is answered with a refusal that says why, rather than "not supported".
     */
    static final String OPENSSH_EXTENSIONS = String.join(",", "posix-rename@openssh.com=1",
            StatVfs.PATH + "=2", StatVfs.HANDLE + "=2", "hardlink@openssh.com=1", "fsync@openssh.com=1",
            "lsetstat@openssh.com=1", "limits@openssh.com=1", "copy-data=1", PutFile.NAME + "=" + putFileVersion(),
            GetFile.NAME + "=1");
    private static final Logger LOG = LoggerFactory.getLogger(InlineSftpSubsystem.class);

    /** {@link PutFile}'s version here: 2 (the file's bits taken) where files have POSIX permission bits. */
    private static int putFileVersion() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? PutFile.VERSION : 1;
    }
    private final AtomicBoolean saidGone = new AtomicBoolean();
    /** Requests handed to the subsystem's thread and not yet answered. */
    private final AtomicInteger handedOver = new AtomicInteger();
    private volatile Throwable failed;
    /**
     * The request whose bytes are arriving, copied straight from the channel's data into the buffer it is
     * answered from (MINA gathers them in one buffer first, moves what is left to its front for every chunk and
     * copies each request out again: for an upload, three copies of every 32 KiB written instead of one).
     */
    private Buffer receiving;
    private int missing;
    private final byte[] lengthBytes = new byte[Integer.BYTES];
    private int lengthHave;
    /** Room given to a request before its bytes arrive: OpenSSH's sftp-server takes none larger than 256 KiB. */
    private static final int PREALLOCATED = 256 * 1024 + 1024;
    /** The largest read answered: a property looked up through session, server and system properties, once. */
    private final int maxReadData;

    InlineSftpSubsystem(ChannelSession channel, SftpSubsystemConfigurator configurator) {
        super(channel, configurator);
        maxReadData = SftpModuleProperties.MAX_READDATA_PACKET_LENGTH.getRequired(getServerSession());
    }

    /** Makes {@link InlineSftpSubsystem}s, with the listeners registered on this factory. */
    static final class Factory extends SftpSubsystemFactory {
        @Override
        public Command createSubsystem(ChannelSession channel) throws IOException {
            InlineSftpSubsystem subsystem = new InlineSftpSubsystem(channel, this);
            getRegisteredListeners().forEach(subsystem::addSftpEventListener);
            return subsystem;
        }
    }

    @Override
    public int data(ChannelSession channel, byte[] buf, int start, int len) throws IOException {
        int at = start;
        int end = start + len;
        while (at < end) {
            if (receiving == null) {
                int take = Math.min(Integer.BYTES - lengthHave, end - at);
                System.arraycopy(buf, at, lengthBytes, lengthHave, take);
                lengthHave += take;
                at += take;
                if (lengthHave < Integer.BYTES) {
                    break;
                }
                lengthHave = 0;
                int length = BufferUtils.getInt(lengthBytes, 0, Integer.BYTES);
                if (length < 0) {
                    throw new StreamCorruptedException("an SFTP request of more than 2 GiB");
                }
                // the reply is built in the request's buffer and sent from it, so each request has its own; a
                // length larger than any client sends gets its room as its bytes arrive, which the channel's
                // window bounds
                receiving = new ByteArrayBuffer(Math.min(length, PREALLOCATED) + Integer.BYTES + Long.SIZE, false);
                receiving.putUInt(length);
                missing = length;
            }
            int take = Math.min(missing, end - at);
            receiving.putRawBytes(buf, at, take);
            at += take;
            missing -= take;
            if (missing == 0) {
                Buffer request = receiving;
                receiving = null;
                if (failed == null && handedOver.get() == 0 && nothingUnsent() && !mayTakeLong(request)) {
                    answer(request, channel.getLocalWindow());
                } else {
                    handedOver.incrementAndGet();
                    requests.add(request);
                }
            }
        }
        return 0;
    }

    private void answer(Buffer request, LocalWindow window) throws IOException {
        int length = request.available();
        try {
            process(request);
        } catch (Throwable t) {
            // as the subsystem's thread does with a request it cannot answer: end the subsystem
            failed = t;
            close();
            return;
        }
        window.release(length);
    }

    /**
     * Answers one request with the folders it opens kept for all its steps ({@link RequestFolders}): a
     * {@link PutFile} opens, times and renames its part in one folder opened once.
     */
    @Override
    protected void process(Buffer buffer) throws IOException {
        try (RequestFolders folders = RequestFolders.open()) {
            super.process(buffer);
        }
    }

    /**
     * Extended requests include flushing a file to the disk ({@code fsync@openssh.com}) and hashing or copying
     * whole files: the network thread, which every session's traffic goes through, must not wait for those. A
     * {@link PutFile} goes to its channel's thread too: a folder's files go up on several channels, whose threads
     * then make, write and rename their files while the network thread decrypts the next ones (2,000 small files
     * went up in 1.80-1.86 s instead of 1.82-2.08 s answered on the network thread).
     */
    private static boolean mayTakeLong(Buffer request) {
        return request.array()[request.rpos() + Integer.BYTES] == (byte) SftpConstants.SSH_FXP_EXTENDED;
    }

    private boolean nothingUnsent() {
        return out instanceof Unsent unsent && unsent.none();
    }

    @Override
    public void setIoOutputStream(IoOutputStream stream) {
        ChannelSession channel = getServerChannelSession();
        long id = channel.getChannelId();
        this.out = new Unsent("sftp-out@" + id, id, stream, channel);
    }

    @Override
    public void run() {
        int exitCode = 0;
        try {
            LocalWindow window = getServerChannelSession().getLocalWindow();
            while (true) {
                Buffer request = requests.take();
                if (request == CLOSE) {
                    break;
                }
                int length = request.available();
                try {
                    process(request);
                } finally {
                    handedOver.decrementAndGet();
                }
                window.release(length);
            }
        } catch (Throwable t) {
            failed = t;
        } finally {
            Throwable t = failed;
            if (t != null && !closed.get()) {
                exitCode = -1;
                if (clientGone(t)) {
                    sayGone();
                } else {
                    LOG.error("SFTP subsystem of {} ended: {}", getServerSession(), t.toString(), t);
                }
            }
            closeAllHandles();
            callback.onExit(exitCode, exitCode != 0);
        }
    }

    /** The channel closed: a client that goes with files still open went away mid-transfer. */
    @Override
    public void destroy(ChannelSession channel) {
        if (!closed.get() && !handles.isEmpty()
                && !(getServerSession().getFactoryManager() instanceof org.apache.sshd.common.Closeable server
                        && server.isClosing())) {
            sayGone();
        }
        super.destroy(channel);
    }

    /** One line at info level, once: who went away, from where, with how many files open. */
    private void sayGone() {
        if (saidGone.compareAndSet(false, true)) {
            var session = getServerSession();
            LOG.info("{} at {} went away with {} file(s) open; they are closed", session.getUsername(),
                    Authenticators.address(session.getRemoteAddress()), handles.size());
        }
    }

    /**
     * Whether the subsystem ended because the client went away (a killed {@code sftp}, a laptop closed mid-copy):
     * its channel or session closing, or the reply stream saying so. Not a fault of the server's.
     */
    private boolean clientGone(Throwable t) {
        if (getServerChannelSession().isClosing() || getServerSession().isClosing()) {
            return true;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SshChannelBufferedOutputException || c instanceof SshChannelClosedException
                    || c instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Answers a read as MINA does, except at the end of the file: MINA throws an exception there, to be turned into
     * the "end of file" status, and a client copying small files reaches the end of every one. Building that
     * exception (its stack trace, some fifty frames deep) cost more than the rest of the read; this sends the same
     * status without it.
     */
    @Override
    protected void doRead(Buffer buffer, int id) throws IOException {
        String handle = buffer.getString(StandardCharsets.ISO_8859_1);
        long offset = buffer.getLong();
        int requested = buffer.getInt();
        int length = Math.min(requested, maxReadData);
        Buffer reply = prepareReply(buffer);
        try {
            if (length < 0) {
                throw new IllegalArgumentException("Illegal requested read length: " + length);
            }
            reply.ensureCapacity(length + Long.SIZE, IntUnaryOperator.identity());
            reply.putByte((byte) SftpConstants.SSH_FXP_DATA);
            reply.putInt(id);
            int lengthAt = reply.wpos();
            reply.putUInt(0L);
            int start = reply.wpos();
            AtomicReference<Boolean> eof = new AtomicReference<>();
            int read = doRead(id, handle, offset, length, reply.array(), start, eof);
            if (read < 0) {
                sendStatus(prepareReply(reply), id, SftpConstants.SSH_FX_EOF, "End of file", "");
                return;
            }
            reply.wpos(start + read);
            BufferUtils.updateLengthPlaceholder(reply, lengthAt, read);
            if (read < length && getVersion() >= SftpConstants.SFTP_V6 && eof.get() != null) {
                reply.putBoolean(eof.get());
            }
        } catch (IOException | RuntimeException e) {
            sendStatus(prepareReply(reply), id, e, SftpConstants.SSH_FXP_READ, offset, requested);
            return;
        }
        send(reply);
    }

    @Override
    protected void executeExtendedCommand(Buffer buffer, int id, String extension) throws IOException {
        if (PutFile.NAME.equals(extension)) {
            putFile(buffer, id);
            return;
        }
        if (GetFile.NAME.equals(extension)) {
            getFile(buffer, id);
            return;
        }
        if (!StatVfs.PATH.equals(extension) && !StatVfs.HANDLE.equals(extension)) {
            super.executeExtendedCommand(buffer, id, extension);
            return;
        }
        String target = buffer.getString();
        Buffer reply = prepareReply(buffer);
        try {
            Path path = StatVfs.PATH.equals(extension) ? resolveFile(target)
                    : validateHandle(target, handles.get(target), Handle.class).getFile();
            reply.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
            reply.putInt(id);
            StatVfs.of(path).encode(reply);
        } catch (IOException | RuntimeException e) {
            sendStatus(prepareReply(reply), id, e, SftpConstants.SSH_FXP_EXTENDED, extension);
            return;
        }
        send(reply);
    }

    /**
     * {@link PutFile}: the part opened, written, timed (and given the permission bits sent), closed and renamed by
     * the same methods as the separate requests, so with the same checks and the same events for the activity log;
     * a failure once the part is made removes it.
     */
    private void putFile(Buffer buffer, int id) throws IOException {
        String handle = null;
        String part = null; // once made
        try {
            PutFile.Request r = PutFile.Request.read(buffer);
            String name = PutFile.part(r.path());
            handle = doOpen(id, name, SftpConstants.SSH_FXF_CREATE_TRUNCATE,
                    SftpConstants.ACE4_WRITE_DATA | SftpConstants.ACE4_WRITE_ATTRIBUTES, Map.of());
            part = name;
            doWrite(id, handle, 0, r.length(), buffer.array(), r.dataOffset(), r.length());
            // the modification time only: each attribute is set by a call of its own
            doFSetStat(id, handle, Map.of(IoUtils.LASTMOD_TIME_VIEW_ATTR, r.time()));
            if (r.permissions() >= 0) { // after the time: setting it may need to read the file
                doFSetStat(id, handle, Map.of(IoUtils.PERMISSIONS_VIEW_ATTR,
                        SftpHelper.permissionsToAttributes(r.permissions())));
            }
            String open = handle;
            handle = null;
            doClose(id, open);
            doRename(id, part, r.path(), SftpConstants.SSH_FXF_RENAME_OVERWRITE | SftpConstants.SSH_FXF_RENAME_ATOMIC);
        } catch (IOException | RuntimeException e) {
            closeAfter(e, id, handle);
            if (part != null) {
                try {
                    doRemove(id, resolveFile(part), false); // as a remove request: the activity log forgets it
                } catch (IOException | RuntimeException removing) {
                    e.addSuppressed(removing);
                }
            }
            sendStatus(prepareReply(buffer), id, e, SftpConstants.SSH_FXP_EXTENDED, PutFile.NAME);
            return;
        }
        sendStatus(prepareReply(buffer), id, SftpConstants.SSH_FX_OK, "");
    }

    /**
     * {@link GetFile}: the file opened, read and closed by the same methods as the separate requests, so with the
     * same checks and the same events for the activity log; its bytes are read straight into the answer.
     */
    private void getFile(Buffer buffer, int id) throws IOException {
        String handle = null;
        try {
            GetFile.Request r = GetFile.Request.read(buffer);
            handle = doOpen(id, r.path(), SftpConstants.SSH_FXF_OPEN_EXISTING,
                    SftpConstants.ACE4_READ_DATA | SftpConstants.ACE4_READ_ATTRIBUTES, Map.of());
            Buffer reply = prepareReply(buffer);
            // room for one byte more than asked for: reading it tells a file of more than that
            reply.ensureCapacity(r.most() + 1 + Long.SIZE, IntUnaryOperator.identity());
            reply.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
            reply.putInt(id);
            int wholeAt = reply.wpos();
            reply.putBoolean(false);
            int lengthAt = reply.wpos();
            reply.putUInt(0L);
            int start = reply.wpos();
            int got = 0;
            boolean end = false;
            while (got <= r.most()) {
                int n = doRead(id, handle, got, r.most() + 1 - got, reply.array(), start + got,
                        new AtomicReference<>());
                if (n <= 0) { // a read of nothing short of the end (no regular file does that): not whole
                    end = n < 0;
                    break;
                }
                got += n;
            }
            String open = handle;
            handle = null;
            doClose(id, open);
            if (end) {
                reply.array()[wholeAt] = 1;
                reply.wpos(start + got);
                BufferUtils.updateLengthPlaceholder(reply, lengthAt, got);
            } else {
                reply.wpos(start); // more than asked for: no data, the client reads it the usual way
            }
            send(reply);
        } catch (IOException | RuntimeException e) {
            closeAfter(e, id, handle);
            sendStatus(prepareReply(buffer), id, e, SftpConstants.SSH_FXP_EXTENDED, GetFile.NAME);
        }
    }

    /** Closes {@code handle} (when one is open) after {@code failure}, which keeps what closing it threw. */
    private void closeAfter(Exception failure, int id, String handle) {
        if (handle != null) {
            try {
                doClose(id, handle);
            } catch (IOException | RuntimeException closing) {
                failure.addSuppressed(closing);
            }
        }
    }

    /** MINA's buffered reply stream, which can tell whether a reply is still waiting to be sent. */
    private static final class Unsent extends BufferedIoOutputStream {
        Unsent(Object id, long channelId, IoOutputStream out, PropertyResolver resolver) {
            super(id, channelId, out, resolver);
        }

        boolean none() {
            return pendingBytesCount.get() == 0;
        }
    }
}
