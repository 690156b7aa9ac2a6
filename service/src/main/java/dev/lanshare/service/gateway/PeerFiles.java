package dev.lanshare.service.gateway;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.peer.OpenFile;
import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import dev.lanshare.service.peer.PeerPool;
import dev.lanshare.service.peer.PeerTarget;
import java.io.Closeable;
import java.util.List;
import org.apache.commons.vfs2.FileObject;

/**
 * The gateway's one way to a colleague's files: a logged-in connection per colleague, seen through Commons VFS.
 * The gateway never talks SSH itself; swapping this for the peer client's pooled sessions changes nothing else.
 */
public interface PeerFiles extends Closeable {
    /**
     * The colleague's folder {@code remotePath} ({@code /} lists the shares this user may open there), over a
     * connection logged in with the account remembered for that colleague, else as the guest.
     *
     * @throws PeerException the colleague cannot be reached, refused the login, or changed its host key
     */
    FileObject resolve(PeerTarget peer, String remotePath) throws PeerException;

    /**
     * Renames the colleague's file {@code from} over {@code to} in one step (both as for {@link #resolve}): the
     * last step of a save, so that the file is never missing and two saves at once never delete it.
     *
     * @throws PeerException the colleague refused, or cannot be reached
     */
    void replace(PeerTarget peer, String from, String to) throws PeerException;

    /**
     * Opens the colleague's file {@code remotePath} (as for {@link #resolve}) for reading, with its size and time as
     * the open file has them ({@link PeerClient#openRead}). Close it when done.
     *
     * @throws PeerException nothing is there, it is a folder, the colleague refused, or cannot be reached
     */
    OpenFile open(PeerTarget peer, String remotePath) throws PeerException;

    /**
     * Deletes the colleague's file or folder {@code remotePath} with everything in it, as far as the colleague lets
     * it ({@link PeerClient#deleteTree}): links are removed, never followed.
     *
     * @return what stayed, each with the colleague's reason; empty when all of it is gone
     * @throws PeerException nothing is there, the colleague refused the first step, or cannot be reached
     */
    List<PeerClient.NotDeleted> delete(PeerTarget peer, String remotePath) throws PeerException;

    /**
     * Whether the colleague's {@code remotePath} is a symbolic link (as {@code lstat} says; a listing shows a link
     * to a folder as the folder).
     *
     * @throws PeerException nothing is there, or the colleague cannot be reached
     */
    boolean link(PeerTarget peer, String remotePath) throws PeerException;

    /** Whether the connection to {@code peer} logs in as the guest (then a password may be what is missing). */
    boolean guest(PeerTarget peer);

    /** Forgets the connection to {@code peer} (it failed): the next {@link #resolve} connects anew. */
    void drop(PeerTarget peer);

    @Override
    void close();

    /** Connections of a pool of its own ({@link PeerPool}), closed with this. */
    static PeerFiles overPeerClient(AppDirs dirs) {
        return new ClientPeerFiles(dirs, new PeerPool(dirs), true);
    }

    /** The connections of {@code pool}, shared with whatever else uses it; closing this leaves the pool open. */
    static PeerFiles over(AppDirs dirs, PeerPool pool) {
        return new ClientPeerFiles(dirs, pool, false);
    }
}
