package dev.lanshare.service.peer;

import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.config.AtomicFiles;
import dev.lanshare.service.keys.HostKey;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.commons.vfs2.CacheStrategy;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.auth.StaticUserAuthenticator;
import org.apache.commons.vfs2.impl.DecoratedFileObject;
import org.apache.commons.vfs2.impl.DefaultFileSystemConfigBuilder;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;
import org.apache.commons.vfs2.provider.AbstractFileSystem;
import org.apache.commons.vfs2.provider.sftp.IdentityInfo;
import org.apache.commons.vfs2.provider.sftp.SftpFileProvider;
import org.apache.commons.vfs2.provider.sftp.SftpFileSystemConfigBuilder;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtensionInfo;

/**
 * Reads and writes a colleague's shares over SFTP, through Apache Commons VFS and the maintained JSch fork, with
 * the peer's host key checked first ({@link HostKeyCheck}) and pinned for the connection. Only this machine's
 * lanshare client key or the given password is offered, never {@code ~/.ssh/id_*}.
 */
public final class PeerClient implements Closeable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeerClient.class);

    /** An account name and password, or the guest ({@link #guest()}). */
    public record Credentials(String user, String password) {
        public static Credentials guest() {
            return new Credentials(Account.GUEST, "guest");
        }

        @Override
        public String toString() {
            return "Credentials[" + user + "]";
        }
    }

    /**
     * One entry of a listing; {@code modified} in milliseconds since the epoch. {@code link}: a link the peer lists
     * but does not follow, as it leads outside the share or to nothing; it cannot be opened or copied, and its size
     * is 0.
     */
    public record Entry(String name, boolean folder, long size, long modified, boolean link) {
    }

    /** See {@link #options}: a vanished colleague is noticed after twice this long, as on MINA's sessions. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final PeerTarget peer;
    private final DefaultFileSystemManager vfs;
    private final FileObject root;
    private final Path knownHosts;
    private final AppDirs dirs;
    private final Credentials credentials;
    /** Copies run on MINA's client: its own session to the peer, opened on the first copy, and its channels. */
    private PeerSessions sessions;
    private ClientSession session;
    private final Deque<SftpClient> idle = new ArrayDeque<>();
    private final Deque<SftpClient> idleWide = new ArrayDeque<>();
    /** Channels handed out by {@link #channel} and not given back yet. */
    private int channelsOut;
    private final java.util.Set<SftpClient> wide = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private PeerClient(PeerTarget peer, DefaultFileSystemManager vfs, FileObject root, Path knownHosts,
            AppDirs dirs, Credentials credentials) {
        this.peer = peer;
        this.vfs = vfs;
        this.root = root;
        this.knownHosts = knownHosts;
        this.dirs = dirs;
        this.credentials = credentials;
    }

    public static PeerClient open(PeerTarget peer, Credentials credentials, AppDirs dirs) throws PeerException {
        Path knownHosts = null;
        try {
            AtomicFiles.createPrivateDirectories(dirs.state());
            String keyLine = HostKeyCheck.trusted(peer, TrustStore.of(dirs));
            knownHosts = pinned(dirs, peer, keyLine);
            Path clientKey = dirs.config().resolve("client_key");
            HostKey.loadOrCreate(clientKey);
            DefaultFileSystemManager vfs = new DefaultFileSystemManager();
            vfs.addProvider("sftp", new SftpFileProvider());
            vfs.setCacheStrategy(CacheStrategy.ON_CALL);
            vfs.init();
            FileSystemOptions opts = options(knownHosts, clientKey, credentials);
            FileObject root = vfs.resolveFile(peer.url(null, "/"), opts);
            root.getType(); // connects now, so that a refusal is reported here
            widenRequests(root.getFileSystem());
            return new PeerClient(peer, vfs, root, knownHosts, dirs, credentials);
        } catch (IOException e) {
            if (knownHosts != null) {
                deleteQuietly(knownHosts);
            }
            if (PeerErrors.loginRefused(e)) {
                throw new PeerException(peer.label() + PeerErrors.notLetIn(Credentials.guest().user()
                        .equals(credentials.user())), e);
            }
            throw PeerErrors.describe(e, peer.label());
        }
    }

    /**
     * Deletes pinned key files an hour old or more, left by a command or service that was killed (or, before, by a
     * connection that failed): called as the service starts, before it has any of its own. A command that runs
     * meanwhile connects with a younger file.
     */
    public static void sweepPinned(AppDirs dirs) {
        java.time.Instant hourAgo = java.time.Instant.now().minus(Duration.ofHours(1));
        try (var files = java.nio.file.Files.newDirectoryStream(dirs.state(), "pinned-*.hosts")) {
            for (Path f : files) {
                try {
                    if (java.nio.file.Files.getLastModifiedTime(f).toInstant().isBefore(hourAgo)) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    // gone meanwhile, or not ours to delete: it holds only a public key
                }
            }
        } catch (IOException e) {
            // no state folder yet: nothing to sweep
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale pinned file holds only a public key
        }
    }

    /**
     * Requests JSch keeps in flight per stream: 128 x 32 KiB, twice OpenSSH's sftp, in a receive window of
     * {@link PeerSessions#COPY_WINDOW} instead of JSch's 2 MiB (which 64 requests filled): 1 GiB at 2 ms each way
     * came in 3.45 s instead of 5.85 (OpenSSH's sftp: 2.9 s; 256 requests in 32 MiB were no faster).
     */
    static final int REQUESTS_IN_FLIGHT = 128;

    /**
     * Lets the SFTP channel VFS keeps idle keep {@link #REQUESTS_IN_FLIGHT} reads or writes in flight per stream
     * instead of JSch's 16: 512 KiB in flight moved 1 GiB at about 100 MB/s over a 4 ms round trip, where OpenSSH
     * moved 350 MB/s. VFS hands its idle channel to the next operation (a second one is opened only while it is
     * busy), so setting it whenever a file is resolved gives the stream that follows a wide one. It is set under
     * the lock VFS takes the idle channel with, so never on a channel in use, and no channel is opened for it. The
     * channel's receive window is widened too: JSch fixes it when the channel opens and refuses to change it after,
     * but it sends every window adjustment up to {@code lwsize_max}, so raising that field widens the window from
     * the next adjustment on. Neither VFS nor JSch offers an option for these, hence the reflection; a VFS or JSch
     * without those fields leaves JSch's defaults (the bench shows the difference).
     */
    private static void widenRequests(org.apache.commons.vfs2.FileSystem fs) {
        if (IDLE_CHANNEL == null) {
            return;
        }
        try {
            synchronized (fs) {
                if (IDLE_CHANNEL.get(fs) instanceof com.jcraft.jsch.ChannelSftp idle
                        && idle.getBulkRequests() != REQUESTS_IN_FLIGHT) {
                    idle.setBulkRequests(REQUESTS_IN_FLIGHT);
                    if (WINDOW_MAX != null && WINDOW_MAX.getInt(idle) < PeerSessions.COPY_WINDOW) {
                        WINDOW_MAX.setInt(idle, (int) PeerSessions.COPY_WINDOW);
                    }
                }
            }
        } catch (ReflectiveOperationException | com.jcraft.jsch.JSchException | RuntimeException e) {
            LOG.debug("JSch keeps its own number of requests in flight: {}", e.toString());
        }
    }

    /**
     * The permission bits of {@code file} as the peer gave them when VFS last looked at it; -1 when it did not say
     * (or this VFS keeps them elsewhere). VFS tells only whether this account may run the file, and asks the peer
     * to run {@code id -u} to find out.
     */
    static int permissions(FileObject file) {
        FileObject f = file;
        while (f instanceof DecoratedFileObject d) {
            f = d.getDecoratedFileObject();
        }
        try {
            if (ATTRS != null && f instanceof org.apache.commons.vfs2.provider.sftp.SftpFileObject
                    && ATTRS.get(f) instanceof com.jcraft.jsch.SftpATTRS a
                    && (a.getFlags() & com.jcraft.jsch.SftpATTRS.SSH_FILEXFER_ATTR_PERMISSIONS) != 0) {
                return a.getPermissions() & 07777;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("no permission bits from VFS: {}", e.toString());
        }
        return -1;
    }

    /** The attributes VFS keeps for an SFTP file, or null when this VFS has none by that name. */
    private static final java.lang.reflect.Field ATTRS = field(
            org.apache.commons.vfs2.provider.sftp.SftpFileObject.class, "attrs");

    /** VFS's idle SFTP channel, or null when this VFS has none by that name. */
    private static final java.lang.reflect.Field IDLE_CHANNEL = field(
            org.apache.commons.vfs2.provider.sftp.SftpFileSystem.class, "idleChannel");
    /** The most a JSch channel's receive window is adjusted up to, or null when this JSch has no such field. */
    private static final java.lang.reflect.Field WINDOW_MAX = field(com.jcraft.jsch.Channel.class, "lwsize_max");

    private static java.lang.reflect.Field field(Class<?> in, String name) {
        try {
            java.lang.reflect.Field f = in.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * This machine's key for logging in to colleagues, as an authorized_keys line: what a colleague adds to an
     * account ({@code lanshare user add-key}) so that no password is needed. Made on first use.
     */
    public static String clientKeyLine(AppDirs dirs) throws IOException {
        AtomicFiles.createPrivateDirectories(dirs.config());
        return HostKey.loadOrCreate(dirs.config().resolve("client_key")).publicKeyLine();
    }

    private static FileSystemOptions options(Path knownHosts, Path clientKey, Credentials credentials)
            throws FileSystemException {
        FileSystemOptions opts = new FileSystemOptions();
        SftpFileSystemConfigBuilder sftp = SftpFileSystemConfigBuilder.getInstance();
        sftp.setStrictHostKeyChecking(opts, "yes");
        sftp.setKnownHosts(opts, knownHosts.toFile());
        boolean guest = Account.GUEST.equals(credentials.user());
        // an empty list, not null: null makes VFS load ~/.ssh/id_rsa by itself
        sftp.setIdentityProvider(opts, guest ? new IdentityInfo[0] : new IdentityInfo[] {
                new IdentityInfo(clientKey.toFile())});
        sftp.setPreferredAuthentications(opts, guest ? "password" : "publickey,password");
        sftp.setLoadOpenSSHConfig(opts, false);
        sftp.setUserDirIsRoot(opts, false);
        sftp.setDisableDetectExecChannel(opts, true); // the server has no exec, by design
        sftp.setConnectTimeout(opts, Duration.ofSeconds(10));
        // JSch's socket timeout: after this long with nothing read it asks the colleague for a sign of life, and
        // after twice this long with none it takes the connection for lost. A colleague that vanished mid-copy (no
        // reset: its Wi-Fi gone) ended a copy after a minute with 30 s; an idle session answers and stays
        sftp.setSessionTimeout(opts, SESSION_TIMEOUT);
        DefaultFileSystemConfigBuilder.getInstance().setUserAuthenticator(opts,
                new StaticUserAuthenticator(null, credentials.user(), credentials.password()));
        return opts;
    }

    /** A known_hosts file holding only the peer's trusted key, so JSch accepts that key and no other. */
    private static Path pinned(AppDirs dirs, PeerTarget peer, String keyLine) throws IOException {
        String host = peer.port() == 22 ? peer.host() : "[" + peer.host() + "]:" + peer.port();
        Path file = java.nio.file.Files.createTempFile(dirs.state(), "pinned-", ".hosts");
        AtomicFiles.restrict(file);
        java.nio.file.Files.writeString(file, host + " " + keyLine + "\n", StandardCharsets.UTF_8);
        return file;
    }

    public PeerTarget peer() {
        return peer;
    }

    /** This machine's lanshare folders, where the locks of its copies are kept too ({@link CopyLocks}). */
    AppDirs dirs() {
        return dirs;
    }

    /** Who this client logged in as. */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * Whether a transfer is under way on this client: a channel of MINA's client handed out, or a stream of Commons
     * VFS open (an unknown VFS counts as busy: a connection is then never closed as idle under a stream).
     */
    public synchronized boolean busy() {
        if (channelsOut > 0) {
            return true;
        }
        if (OPEN_STREAMS == null || !(root.getFileSystem() instanceof AbstractFileSystem fs)) {
            return true;
        }
        try {
            return !(OPEN_STREAMS.get(fs) instanceof Number n) || n.intValue() > 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** How many streams a VFS file system has open; VFS counts them but says only whether it is releasable. */
    private static final java.lang.reflect.Field OPEN_STREAMS = field(AbstractFileSystem.class, "openStreams");

    /**
     * The file or folder at {@code remotePath} ({@code /SHARE/PATH}) as Commons VFS sees it: the browsing API.
     * {@code %} is passed on as itself (VFS would decode {@code %41} to {@code A}).
     *
     * @throws OddName a name in it holds {@code *}, {@code ?} or {@code \} ({@link #oddName}); nothing is sent
     */
    public FileObject resolve(String remotePath) throws FileSystemException {
        for (String name : remotePath.split("/")) {
            if (oddName(name)) {
                throw new OddName(remotePath);
            }
        }
        widenRequests(root.getFileSystem()); // the channel the next stream on it gets
        String path = remotePath.startsWith("/") ? remotePath.substring(1) : remotePath;
        return root.resolveFile(path.replace("%", "%25"));
    }

    /**
     * Whether {@code name} is one that {@link #resolve} refuses: JSch's SFTP channel, under Commons VFS, reads
     * {@code *} and {@code ?} as patterns (and {@code \} as their escape) when it stats, removes, renames or
     * uploads, so that a rename to "Budget *.xlsx" replaced "Budget final.xlsx"; and VFS reads {@code ?} as the
     * start of a query ("Q1?.txt" was "Q1") and {@code \} as a separator. Such a file is listed but not opened.
     */
    public static boolean oddName(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('\\') >= 0;
    }

    /** A path {@link #resolve} refuses: one of its names holds {@code *}, {@code ?} or {@code \}. */
    public static final class OddName extends FileSystemException {
        private static final long serialVersionUID = 1L;

        private final String message;

        OddName(String remotePath) {
            super(remotePath);
            message = remotePath + ": names with *, ? or \\ cannot be opened or made this way; use an SFTP client";
        }

        @Override
        public String getMessage() {
            return message; // VFS would look it up as a message code
        }
    }

    /**
     * Renames the file {@code from} to {@code to} ({@code /SHARE/PATH} both), over any file there, in one step
     * ({@code posix-rename@openssh.com}): there is never a moment without a file at {@code to}. Commons VFS's
     * {@code moveTo} deletes the target first; this goes through MINA's client, which neither does that nor reads
     * patterns in names.
     */
    public void replace(String from, String to) throws IOException, PeerException {
        SftpClient sftp = channel(false);
        try {
            var posix = sftp.getExtension(org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension.class);
            if (posix != null && posix.isSupported()) {
                posix.posixRename(from, to);
            } else {
                sftp.rename(from, to, SftpClient.CopyMode.Atomic, SftpClient.CopyMode.Overwrite);
            }
        } finally {
            release(sftp);
        }
    }

    /** A file or folder that a deletion left where it was ({@code /SHARE/PATH}), and the peer's reason. */
    public record NotDeleted(String path, boolean folder, String why) {
    }

    /**
     * Deletes the file, link or folder {@code remotePath} ({@code /SHARE/PATH}) with everything in it, as far as
     * the peer lets it: what it refuses stays, with the folders that hold it, and the rest goes. A link is removed,
     * never followed, so nothing outside the folder is touched.
     *
     * @return what stayed, each with the peer's reason; empty when all of it is gone
     * @throws IOException nothing is at {@code remotePath}, or the connection failed
     */
    public List<NotDeleted> deleteTree(String remotePath) throws IOException, PeerException {
        for (String name : remotePath.split("/")) {
            if (oddName(name)) {
                throw new OddName(remotePath);
            }
        }
        SftpClient sftp = channel(false);
        try {
            return DeleteTree.delete(sftp, remotePath);
        } finally {
            release(sftp);
        }
    }

    /**
     * Opens the file {@code remotePath} ({@code /SHARE/PATH}) for reading, with its size and time as the open file
     * has them: a download sized so is never a mix of two versions of a file saved meanwhile. Close it when done.
     *
     * @throws IOException nothing is there, it is a folder, it may not be read, or the connection failed
     */
    public OpenFile openRead(String remotePath) throws IOException, PeerException {
        for (String name : remotePath.split("/")) {
            if (oddName(name)) {
                throw new OddName(remotePath);
            }
        }
        return OpenFile.open(this, remotePath);
    }

    /** Whether {@code remotePath} ({@code /SHARE/PATH}) is a symbolic link, as the peer's {@code lstat} says. */
    public boolean isLink(String remotePath) throws IOException, PeerException {
        for (String name : remotePath.split("/")) {
            if (oddName(name)) {
                throw new OddName(remotePath);
            }
        }
        SftpClient sftp = channel(false);
        try {
            return sftp.lstat(remotePath).isSymbolicLink();
        } finally {
            release(sftp);
        }
    }

    /** The entries of a folder (or the one file) at {@code remotePath}, folders first. */
    public List<Entry> list(String remotePath) throws PeerException {
        try {
            FileObject f = resolve(remotePath);
            if (!f.exists()) {
                throw new PeerException(remotePath + " on " + peer.label() + ": not found");
            }
            List<Entry> out = new ArrayList<>();
            if (f.getType() == FileType.FILE) {
                out.add(entry(f));
                return out;
            }
            for (FileObject child : f.getChildren()) {
                out.add(entry(child));
            }
            out.sort((a, b) -> a.folder() != b.folder() ? (a.folder() ? -1 : 1) : a.name().compareTo(b.name()));
            return out;
        } catch (IOException e) {
            throw PeerErrors.describe(e, remotePath + " on " + peer.label());
        }
    }

    static Entry entry(FileObject f) throws FileSystemException {
        // the time the listing brought, read before VFS asks the peer again (it does on every call)
        FileObject listed = f instanceof DecoratedFileObject d ? d.getDecoratedFileObject() : f;
        long listedTime = listed.getType() == FileType.IMAGINARY ? 0 : listed.getContent().getLastModifiedTime();
        FileType type = f.getType(); // what the name leads to: a link is followed
        if (type == FileType.IMAGINARY) {
            // listed, but nothing there when asked: a link leading outside the share or to nothing, which the peer
            // lists as the link and refuses to follow (or a name removed just now)
            return new Entry(name(f), false, 0, listedTime, true);
        }
        boolean folder = type.hasChildren();
        return new Entry(name(f), folder, folder ? 0 : f.getContent().getSize(),
                f.getContent().getLastModifiedTime(), false);
    }

    /** The name of {@code f} as on the colleague's disk: VFS keeps names URI-encoded ("50%25 off.pdf"). */
    public static String name(FileObject f) throws FileSystemException {
        return org.apache.commons.vfs2.provider.UriParser.decode(f.getName().getBaseName());
    }

    /**
     * An SFTP channel of MINA's client for copying (its pipelined reads and writes keep many requests in flight),
     * on a session of this client's own, pinned to the same host key and logged in as the same account; opened on
     * first use. Give it back with {@link #release}; several may be out at once, one per file in flight.
     *
     * @param wide a receive window of {@link PeerSessions#COPY_WINDOW}, for one big file at a time; else {@link
     *             PeerSessions#FOLDER_WINDOW}, for the files of a folder in flight together (what they may hold
     *             unread stays small)
     */
    synchronized SftpClient channel(boolean wide) throws IOException, PeerException {
        SftpClient c = openChannel(wide);
        channelsOut++;
        return c;
    }

    /** Whether the session copies run on was opened and has ended since (the colleague went away mid-copy). */
    synchronized boolean connectionLost() {
        return session != null && !session.isOpen();
    }

    private SftpClient openChannel(boolean wide) throws IOException, PeerException {
        if (session == null || !session.isOpen()) {
            if (sessions == null) {
                sessions = new PeerSessions(dirs);
            }
            idle.clear();
            idleWide.clear();
            this.wide.clear();
            session = sessions.connect(peer, credentials, Duration.ofSeconds(10));
        }
        Deque<SftpClient> pool = wide ? idleWide : idle;
        while (!pool.isEmpty()) {
            SftpClient c = pool.pop();
            if (c.isOpen()) {
                return c;
            }
        }
        CoreModuleProperties.WINDOW_SIZE.set(session, wide ? PeerSessions.COPY_WINDOW : PeerSessions.FOLDER_WINDOW);
        SftpClient made = SftpClientFactory.instance().createSftpClient(session);
        if (wide) {
            this.wide.add(made);
        }
        return made;
    }

    /**
     * The most one read or write request carries: 255 KiB, about what OpenSSH's sftp asks of a server that allows
     * it. Not 256: MINA sizes a message's buffer to the next power of two, so 256 KiB of data and the headers made
     * 512 KiB buffers, which G1 allocates as humongous objects in a heap of 1 MiB regions: a 1 GiB upload in the
     * service ran 197 extra collections and took 3 s instead of 1.6.
     */
    static final int MAX_REQUEST = 255 * 1024;
    /** The peer's limits ({@code limits@openssh.com}), asked once: {read, write} lengths, 0 where unknown. */
    private int[] limits;

    /**
     * How many bytes a read request asks for: as many as the peer sends in one answer (its {@code limits}, 63 KiB
     * for lanshare), else what one packet carries, as MINA's own read() picks.
     */
    int readLength(SftpClient sftp) throws IOException {
        int read = limits(sftp)[0];
        return read > 0 ? read : (int) sftp.getClientChannel().getLocalWindow().getPacketSize() - 13;
    }

    /**
     * How many bytes a write request carries: up to {@link #MAX_REQUEST} where the peer allows it, as OpenSSH's sftp
     * does. The peer then handles an eighth of the requests of packet-sized writes: a 1 GiB upload took 1.55 s
     * instead of 2.6 on loopback (OpenSSH: 1.5 s). 0 (MINA's own, one packet) when the peer says no limits.
     */
    int writeLength(SftpClient sftp) throws IOException {
        return limits(sftp)[1];
    }

    private synchronized int[] limits(SftpClient sftp) throws IOException {
        if (limits == null) {
            int[] l = {0, 0};
            OpenSSHLimitsExtension ext = sftp.getExtension(OpenSSHLimitsExtension.class);
            if (ext != null && ext.isSupported()) {
                OpenSSHLimitsExtensionInfo info = ext.limits();
                l[0] = (int) Math.min(MAX_REQUEST, Math.max(0, info.maxReadLength));
                l[1] = (int) Math.min(MAX_REQUEST, Math.max(0, info.maxWriteLength));
            }
            limits = l;
        }
        return limits;
    }

    /** A channel {@link #channel} gave, for the next copy. */
    synchronized void release(SftpClient channel) {
        channelsOut--;
        if (channel.isOpen() && session != null && session.isOpen()) {
            (wide.contains(channel) ? idleWide : idle).push(channel);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            for (SftpClient c : idle) {
                closeQuietly(c);
            }
            for (SftpClient c : idleWide) {
                closeQuietly(c);
            }
            idle.clear();
            idleWide.clear();
            if (session != null) {
                // gracefully, so that the peer sees its channels end rather than a session cut under them
                try {
                    session.close(false).await(Duration.ofSeconds(2));
                } catch (IOException e) {
                    session.close(true);
                }
            }
            if (sessions != null) {
                closeQuietly(sessions);
            }
        }
        vfs.close();
        deleteQuietly(knownHosts);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing: nothing more to lose
        }
    }
}
