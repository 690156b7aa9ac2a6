package dev.lanshare.service.gateway;

import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.OpenFile;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerPool;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.RememberedPasswords;
import java.io.IOException;
import java.util.List;
import org.apache.commons.vfs2.FileObject;

/**
 * {@link PeerFiles} over the service's {@link PeerPool}: the connection per colleague and account that copies
 * asked through the control channel use too, kept while in use and closed when idle.
 */
final class ClientPeerFiles implements PeerFiles {
    private final AppDirs dirs;
    private final PeerPool pool;
    private final boolean ownsPool;

    ClientPeerFiles(AppDirs dirs, PeerPool pool, boolean ownsPool) {
        this.dirs = dirs;
        this.pool = pool;
        this.ownsPool = ownsPool;
    }

    @Override
    public FileObject resolve(PeerTarget peer, String remotePath) throws PeerException {
        // the lease is given back at once: a stream opened on the file keeps the connection busy, so it is not
        // closed as idle under a long read or write
        return onClient(peer, remotePath, c -> c.resolve(remotePath));
    }

    @Override
    public void replace(PeerTarget peer, String from, String to) throws PeerException {
        onClient(peer, to, c -> {
            c.replace(from, to);
            return null;
        });
    }

    @Override
    public OpenFile open(PeerTarget peer, String remotePath) throws PeerException {
        // as for resolve: the lease is given back at once; the open file's channel keeps the connection busy
        return onClient(peer, remotePath, c -> c.openRead(remotePath));
    }

    @Override
    public List<PeerClient.NotDeleted> delete(PeerTarget peer, String remotePath) throws PeerException {
        return onClient(peer, remotePath, c -> c.deleteTree(remotePath));
    }

    @Override
    public boolean link(PeerTarget peer, String remotePath) throws PeerException {
        return onClient(peer, remotePath, c -> c.isLink(remotePath));
    }

    /** Something done with the colleague's files on a leased connection. */
    @FunctionalInterface
    private interface OnClient<T> {
        T call(PeerClient client) throws IOException, PeerException;
    }

    /**
     * {@code call} on a connection to {@code peer} leased from the pool; a failure names {@code path}. An odd name
     * or the colleague's refusal leaves the connection in the pool; any other failure drops it.
     */
    private <T> T onClient(PeerTarget peer, String path, OnClient<T> call) throws PeerException {
        try (PeerPool.Lease lease = pool.lease(peer, credentials(peer))) {
            try {
                return call.call(lease.client());
            } catch (PeerClient.OddName e) {
                throw new PeerException(e.getMessage() + " on " + peer.label(), e); // the connection is fine
            } catch (org.apache.sshd.sftp.common.SftpException e) {
                throw new PeerException(path + " on " + peer.label() + ": " + e.getMessage(), e); // refused
            } catch (IOException e) {
                lease.broken();
                throw new PeerException(path + " on " + peer.label() + ": " + e.getMessage(), e);
            }
        }
    }

    private PeerClient.Credentials credentials(PeerTarget peer) throws PeerException {
        try {
            return new RememberedPasswords(dirs.peerPasswords()).get(peer.trustId())
                    .orElse(PeerClient.Credentials.guest());
        } catch (IOException e) {
            throw new PeerException("the remembered passwords cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean guest(PeerTarget peer) {
        try {
            return Account.GUEST.equals(credentials(peer).user());
        } catch (PeerException e) {
            return true;
        }
    }

    @Override
    public void drop(PeerTarget peer) {
        pool.drop(peer);
    }

    @Override
    public void close() {
        if (ownsPool) {
            pool.close();
        }
    }
}
