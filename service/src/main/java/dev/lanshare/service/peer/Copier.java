package dev.lanshare.service.peer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Copies with one colleague: made in this process ({@link Transfers}), or handed to this machine's running service,
 * which makes them on the connection it keeps to that colleague
 * ({@link dev.lanshare.service.control.ServiceClient#copier}).
 */
public interface Copier {
    /** Copies the file or folder at {@code remotePath} into {@code dest} (a folder, or the new file's name). */
    void download(String remotePath, Path dest) throws PeerException, IOException;

    /** Copies the file or folder {@code source} to {@code remotePath} (an existing folder, or the new name). */
    void upload(Path source, String remotePath) throws PeerException, IOException;
}
