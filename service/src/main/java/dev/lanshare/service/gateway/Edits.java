package dev.lanshare.service.gateway;

import dev.lanshare.service.peer.PeerClient;
import dev.lanshare.service.peer.PeerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.vfs2.FileObject;
import org.apache.jackrabbit.webdav.DavException;
import org.apache.jackrabbit.webdav.DavServletResponse;

/**
 * Changes to colleagues' folders through the gateway. An upload is written as {@code NAME.RANDOM.lanshare-part}
 * and renamed over {@code NAME} in one step when complete, so nobody sees a half-saved drawing or no drawing; Finder's own files stay in {@link Memory}; every
 * change drops the cached listings.
 */
final class Edits {
    private static final int BUFFER = 256 * 1024;

    private final Tree tree;

    Edits(Tree tree) {
        this.tree = tree;
    }

    /** Refuses any change outside a share, or in a share its colleague announced read-only. */
    void checkWritable(DavPath path) throws DavException {
        if (path.depth() < 3) {
            throw new DavException(DavServletResponse.SC_FORBIDDEN, path + ": only files and folders inside a "
                    + "share can be changed");
        }
        Colleague c = colleague(path);
        if (c.readOnly(path.share())) {
            throw new DavException(DavServletResponse.SC_FORBIDDEN, path.share() + " on " + c.name()
                    + " is read-only");
        }
    }

    void write(DavPath path, InputStream in) throws DavException {
        checkWritable(path);
        try {
            if (Names.finderJunk(path.name())) {
                tree.memory().checkRoom(path);
                byte[] data = in.readNBytes(Memory.MAX_FILE + 1);
                if (data.length > Memory.MAX_FILE) {
                    throw new DavException(DavServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                }
                tree.memory().put(path, data);
                return;
            }
        } catch (IOException e) {
            throw new DavException(DavServletResponse.SC_BAD_REQUEST, e);
        } finally {
            tree.changed();
        }
        Colleague c = colleague(path);
        Object lock = tree.lock(c);
        String target = tree.remotePath(path);
        // a part of its own per upload: two saves of one file at once wrote into one part and then deleted it;
        // named shorter where the name is long (PutFile.part), so that a name of up to 255 bytes can be saved
        String partPath = dev.lanshare.service.peer.PutFile.part(target + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        FileObject part = tree.file(c, partPath, path);
        try {
            OutputStream out;
            synchronized (lock) {
                out = part.getContent().getOutputStream();
            }
            try {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                synchronized (lock) {
                    closeQuietly(out);
                    part.delete();
                }
                throw e;
            }
            synchronized (lock) {
                out.close();
            }
            try {
                // in one step over the old file (VFS's moveTo deletes it first): never a moment with no file
                tree.files().replace(c.target(), partPath, target);
            } catch (PeerException e) {
                synchronized (lock) {
                    deleteQuietly(part);
                }
                throw e;
            }
        } catch (IOException | PeerException e) {
            throw tree.failed(c, e, path);
        } finally {
            tree.changed();
        }
    }

    private static void deleteQuietly(FileObject part) {
        try {
            part.delete();
        } catch (IOException e) {
            // left as a part file: not listed, and the colleague sweeps it
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // the part file is deleted next; its content does not matter
        }
    }

    void mkdir(DavPath path) throws DavException {
        checkWritable(path);
        Colleague c = colleague(path);
        try {
            synchronized (tree.lock(c)) {
                tree.file(c, path).createFolder();
            }
        } catch (IOException e) {
            throw tree.failed(c, e, path);
        } finally {
            tree.changed();
        }
    }

    /** A file or folder that a deletion left, and the colleague's reason. */
    record Left(DavPath path, boolean folder, String why) {
    }

    /** Deletes the file or folder at {@code path} with everything in it; 403 when anything of it stayed. */
    void delete(DavPath path) throws DavException {
        List<Left> left = deleteAll(path);
        if (!left.isEmpty()) {
            throw new DavException(DavServletResponse.SC_FORBIDDEN, path + ": " + left.size() + " of the files and "
                    + "folders in it could not be deleted, such as " + left.get(0).path() + " (" + left.get(0).why()
                    + ")");
        }
    }

    /**
     * Deletes the file or folder at {@code path} with everything in it, as far as the colleague lets it: what it
     * refuses stays, with the folders that hold it; links are removed, never followed.
     *
     * @return what stayed below {@code path} (empty when all of it went)
     * @throws DavException nothing of it could be deleted (403), it is not there (404), or the colleague failed
     */
    List<Left> deleteAll(DavPath path) throws DavException {
        checkWritable(path);
        Colleague c = colleague(path);
        try {
            if (tree.memory().file(path) == null) {
                String remote = tree.remotePath(path);
                List<PeerClient.NotDeleted> left = tree.files().delete(c.target(), remote);
                if (left.stream().allMatch(n -> n.path().equals(remote)) && !left.isEmpty()) {
                    throw new DavException(DavServletResponse.SC_FORBIDDEN, path + ": " + left.get(0).why());
                }
                if (!left.isEmpty()) {
                    return left.stream().map(n -> new Left(below(path, remote, n.path()), n.folder(), n.why()))
                            .toList();
                }
            }
            tree.memory().delete(path);
            return List.of();
        } catch (PeerException e) {
            throw tree.failed(c, e, path);
        } finally {
            tree.changed();
        }
    }

    /** The gateway's path of {@code remote}, a colleague's path below {@code top}, which is {@code path}'s. */
    private static DavPath below(DavPath path, String top, String remote) {
        DavPath out = path;
        for (String name : remote.substring(top.length()).split("/")) {
            out = name.isEmpty() ? out : out.child(name);
        }
        return out;
    }

    /** Sets the modification time of the file or folder at {@code path}. */
    void touch(DavPath path, long millis) throws DavException {
        checkWritable(path);
        if (tree.memory().file(path) != null) {
            return;
        }
        Colleague c = colleague(path);
        try {
            synchronized (tree.lock(c)) {
                tree.file(c, path).getContent().setLastModifiedTime(millis);
            }
        } catch (IOException e) {
            throw tree.failed(c, e, path);
        } finally {
            tree.changed();
        }
    }

    /**
     * Renames within one colleague; copies then deletes between colleagues, and where the colleague cannot rename
     * (two shares on two of its disks). A file renamed over one that exists replaces it in one step: the
     * destination is never removed first (see {@link GatewayServlet#validateDestination}), so a failed move
     * loses nothing.
     */
    void move(DavPath from, DavPath to) throws DavException {
        checkWritable(from);
        checkWritable(to);
        Colleague c = colleague(from);
        boolean renamed = false;
        try {
            if (from.peer().equals(to.peer()) && tree.memory().file(from) == null && !Names.finderJunk(to.name())) {
                Entry source = tree.statNow(from)
                        .orElseThrow(() -> new DavException(DavServletResponse.SC_NOT_FOUND));
                Entry there = source.folder() ? tree.stat(to).orElse(null) : null;
                try {
                    synchronized (tree.lock(c)) {
                        if (!source.folder()) {
                            tree.files().replace(c.target(), tree.remotePath(from), tree.remotePath(to));
                        } else {
                            if (there != null) {
                                tree.file(c, to).delete(); // a file where a folder goes: a rename cannot replace it
                            }
                            tree.file(c, from).moveTo(tree.file(c, to));
                        }
                    }
                    renamed = true;
                } catch (IOException | PeerException e) {
                    if (!crossesDisks(e)) {
                        throw e;
                    }
                    // two shares on two disks of the colleague: copied, then deleted, as between colleagues
                }
                if (renamed) {
                    tree.memory().copy(from, to, true);
                    return;
                }
            }
        } catch (IOException | PeerException e) {
            throw tree.failed(c, e, from);
        } finally {
            tree.changed();
        }
        List<DavPath> links = copy(from, to, false);
        if (!links.isEmpty()) {
            throw new DavException(DavServletResponse.SC_FORBIDDEN, from + " holds links to folders, which are not "
                    + "copied (such as " + links.get(0) + "): it was copied but for them, and left where it was");
        }
        delete(from);
    }

    /** The colleague's "Invalid cross-device link" (EXDEV): a rename between two of its file systems. */
    private static boolean crossesDisks(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("cross-device")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies a file, or a folder with (unless {@code shallow}) everything in it, each file as an upload. The source
     * is walked whole before anything is made, and a link to a folder in it is not walked into: a link to a folder
     * above (or to where the copy goes) made the copy copy itself without end, filling the colleague's disk.
     *
     * @return the links to folders left out (empty when all of it was copied)
     * @throws DavException 403 when {@code from} itself is a link to a folder
     */
    List<DavPath> copy(DavPath from, DavPath to, boolean shallow) throws DavException {
        checkWritable(to);
        Entry e = tree.statNow(from).orElseThrow(() -> new DavException(DavServletResponse.SC_NOT_FOUND));
        List<DavPath> links = new ArrayList<>();
        if (!e.folder()) {
            copyFile(from, to, e);
        } else {
            if (link(from)) {
                throw new DavException(DavServletResponse.SC_FORBIDDEN, from + " is a link to a folder: copy the "
                        + "folder it leads to");
            }
            Map<DavPath, Entry> inside = new LinkedHashMap<>();
            if (!shallow) {
                walk(from, inside, links);
            }
            mkdir(to);
            for (Map.Entry<DavPath, Entry> i : inside.entrySet()) {
                DavPath there = i.getKey().rebase(from, to);
                if (i.getValue().folder()) {
                    mkdir(there);
                } else {
                    copyFile(i.getKey(), there, i.getValue());
                }
            }
        }
        tree.memory().copy(from, to, false);
        tree.changed();
        return links;
    }

    /**
     * The files and folders in {@code folder} as they are now (never a cached listing), each folder before what is in
     * it; links to folders apart.
     */
    private void walk(DavPath folder, Map<DavPath, Entry> inside, List<DavPath> links) throws DavException {
        for (Map.Entry<String, Entry> child : tree.listNow(folder).entrySet()) {
            DavPath p = folder.child(child.getKey());
            if (!child.getValue().folder()) {
                inside.put(p, child.getValue());
            } else if (link(p)) {
                links.add(p);
            } else {
                inside.put(p, child.getValue());
                walk(p, inside, links);
            }
        }
    }

    private void copyFile(DavPath from, DavPath to, Entry e) throws DavException {
        try (InputStream in = tree.open(from, e, 0)) {
            write(to, in);
        } catch (IOException x) {
            throw Failures.of(x, from.toString());
        }
    }

    /** Whether the colleague's folder at {@code path} is a symbolic link. */
    private boolean link(DavPath path) throws DavException {
        Colleague c = colleague(path);
        try {
            return tree.files().link(c.target(), tree.remotePath(path));
        } catch (PeerException x) {
            throw tree.failed(c, x, path);
        }
    }

    private Colleague colleague(DavPath path) throws DavException {
        return tree.colleague(path).orElseThrow(() -> new DavException(DavServletResponse.SC_NOT_FOUND));
    }
}
