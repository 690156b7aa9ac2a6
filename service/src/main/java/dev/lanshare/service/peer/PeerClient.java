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
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.vfs2.CacheStrategy;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.auth.StaticUserAuthenticator;
import org.apache.commons.vfs2.impl.DefaultFileSystemConfigBuilder;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;
import org.apache.commons.vfs2.provider.sftp.IdentityInfo;
import org.apache.commons.vfs2.provider.sftp.SftpFileProvider;
import org.apache.commons.vfs2.provider.sftp.SftpFileSystemConfigBuilder;

/**
 * Reads and writes a colleague's shares over SFTP, through Apache Commons VFS and the maintained JSch fork, with
 * the peer's host key checked first ({@link HostKeyCheck}) and pinned for the connection. Only this machine's
 * lanshare client key or the given password is offered, never {@code ~/.ssh/id_*}.
 */
public final class PeerClient implements Closeable {
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

    /** One entry of a listing; {@code modified} in milliseconds since the epoch. */
    public record Entry(String name, boolean folder, long size, long modified) {
    }

    private final PeerTarget peer;
    private final DefaultFileSystemManager vfs;
    private final FileObject root;
    private final Path knownHosts;

    private PeerClient(PeerTarget peer, DefaultFileSystemManager vfs, FileObject root, Path knownHosts) {
        this.peer = peer;
        this.vfs = vfs;
        this.root = root;
        this.knownHosts = knownHosts;
    }

    public static PeerClient open(PeerTarget peer, Credentials credentials, AppDirs dirs) throws PeerException {
        try {
            AtomicFiles.createPrivateDirectories(dirs.state());
            String keyLine = HostKeyCheck.trusted(peer, new TrustStore(dirs.state().resolve("known_peers")));
            Path knownHosts = pinned(dirs, peer, keyLine);
            Path clientKey = dirs.config().resolve("client_key");
            HostKey.loadOrCreate(clientKey);
            DefaultFileSystemManager vfs = new DefaultFileSystemManager();
            vfs.addProvider("sftp", new SftpFileProvider());
            vfs.setCacheStrategy(CacheStrategy.ON_CALL);
            vfs.init();
            FileSystemOptions opts = options(knownHosts, clientKey, credentials);
            FileObject root = vfs.resolveFile(peer.url(null, "/"), opts);
            root.getType(); // connects now, so that a refusal is reported here
            return new PeerClient(peer, vfs, root, knownHosts);
        } catch (IOException e) {
            throw PeerErrors.describe(e, peer.label());
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
        sftp.setSessionTimeout(opts, Duration.ofSeconds(30));
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

    /** The file or folder at {@code remotePath} ({@code /SHARE/PATH}) as Commons VFS sees it: the browsing API. */
    public FileObject resolve(String remotePath) throws FileSystemException {
        return root.resolveFile(remotePath.startsWith("/") ? remotePath.substring(1) : remotePath);
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
        boolean folder = f.getType().hasChildren();
        return new Entry(f.getName().getBaseName(), folder, folder ? 0 : f.getContent().getSize(),
                f.getContent().getLastModifiedTime());
    }

    @Override
    public void close() {
        vfs.close();
        try {
            java.nio.file.Files.deleteIfExists(knownHosts);
        } catch (IOException e) {
            // a stale pinned file holds only a public key
        }
    }
}
