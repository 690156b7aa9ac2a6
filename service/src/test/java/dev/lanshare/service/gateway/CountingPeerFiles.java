package dev.lanshare.service.gateway;

import dev.lanshare.service.peer.OpenFile;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerTarget;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.vfs2.FileObject;

/**
 * Real connections to colleagues ({@link PeerFiles}) that note each request for one, by colleague label: so that a
 * test or the benchmark can say what reached a colleague and what the gateway answered alone.
 */
public final class CountingPeerFiles implements PeerFiles {
    private final PeerFiles real;
    /** Every {@link #resolve} so far, by colleague label. */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    public CountingPeerFiles(PeerFiles real) {
        this.real = real;
    }

    @Override
    public FileObject resolve(PeerTarget peer, String remotePath) throws PeerException {
        requests.add(peer.label());
        return real.resolve(peer, remotePath);
    }

    @Override
    public void replace(PeerTarget peer, String from, String to) throws PeerException {
        requests.add(peer.label());
        real.replace(peer, from, to);
    }

    @Override
    public OpenFile open(PeerTarget peer, String remotePath) throws PeerException {
        requests.add(peer.label());
        return real.open(peer, remotePath);
    }

    @Override
    public List<PeerClient.NotDeleted> delete(PeerTarget peer, String remotePath) throws PeerException {
        requests.add(peer.label());
        return real.delete(peer, remotePath);
    }

    @Override
    public boolean link(PeerTarget peer, String remotePath) throws PeerException {
        requests.add(peer.label());
        return real.link(peer, remotePath);
    }

    @Override
    public boolean guest(PeerTarget peer) {
        return real.guest(peer);
    }

    @Override
    public void drop(PeerTarget peer) {
        real.drop(peer);
    }

    @Override
    public void close() {
        real.close();
    }
}
