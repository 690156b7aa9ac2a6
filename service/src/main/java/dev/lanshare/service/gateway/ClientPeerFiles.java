package dev.lanshare.service.gateway;

import dev.lanshare.config.Account;
import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerTarget;
import dev.lanshare.service.peer.RememberedPasswords;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;

/** {@link PeerFiles} over one {@link PeerClient} per colleague (by trust id), opened on first use. */
final class ClientPeerFiles implements PeerFiles {
    private final AppDirs dirs;
    private final Map<String, PeerClient> open = new HashMap<>();

    ClientPeerFiles(AppDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public FileObject resolve(PeerTarget peer, String remotePath) throws PeerException {
        try {
            return client(peer).resolve(remotePath);
        } catch (FileSystemException e) {
            drop(peer);
            throw new PeerException(remotePath + " on " + peer.label() + ": " + e.getMessage(), e);
        }
    }

    private synchronized PeerClient client(PeerTarget peer) throws PeerException {
        PeerClient c = open.get(peer.trustId());
        if (c != null && c.peer().equals(peer)) {
            return c;
        }
        if (c != null) {
            c.close(); // the colleague moved (address, port): connect there instead
        }
        c = PeerClient.open(peer, credentials(peer), dirs);
        open.put(peer.trustId(), c);
        return c;
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
    public synchronized void drop(PeerTarget peer) {
        PeerClient c = open.remove(peer.trustId());
        if (c != null) {
            c.close();
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(PeerClient::close);
        open.clear();
    }
}
