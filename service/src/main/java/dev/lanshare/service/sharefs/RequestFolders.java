package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The folders one request of a client opens on its thread, each resolved and opened once for all the steps of that
 * request, and closed when it is answered.
 *
 * <p>Every step of the share file system resolves its path ({@link ShareResolver}: the folder's real path) and
 * opens the folder chain from the share's folder down ({@link OpenedFolders}). A request of several steps paid that
 * for each: lanshare's {@code put-file} (open the part, set its time, rename it, each through the same checks as
 * the separate requests) resolved its folder four times and opened eight folders; in a profile of 2,000 small
 * files going up, those were half of the colleague's work for the request. Within one request, the steps now act
 * on the folder opened by the first of them, which is also what keeps a folder swapped during the request from
 * leading anywhere else. Only where the platform opens folders relative to each other (secure directory streams:
 * Linux); elsewhere each step resolves its path by itself, as before.
 */
public final class RequestFolders implements AutoCloseable {
    private static final ThreadLocal<RequestFolders> CURRENT = new ThreadLocal<>();
    /** What {@link #open} gives inside a request already open, or where nothing is kept: closing it does nothing. */
    private static final RequestFolders NONE = new RequestFolders();
    private static final boolean SECURE = secureStreams();

    private final Map<Path, Path> real = new HashMap<>(4);
    private final Map<Path, Kept> opened = new HashMap<>(4);

    private RequestFolders() {
    }

    /** Starts keeping the folders of the request being answered on this thread, until closed. */
    public static RequestFolders open() {
        if (!SECURE || CURRENT.get() != null) {
            return NONE;
        }
        RequestFolders request = new RequestFolders();
        CURRENT.set(request);
        return request;
    }

    /** Whether this platform opens files relative to an opened folder (secure directory streams). */
    static boolean relativeOpens() {
        return SECURE;
    }

    /** The request being answered on this thread, or null. */
    static RequestFolders current() {
        return CURRENT.get();
    }

    interface Opener {
        SecureDirectoryStream<Path> open() throws IOException;
    }

    /** The real path of {@code folder}: found once per request while one is answered on this thread. */
    static Path realPath(Path folder) throws IOException {
        RequestFolders request = CURRENT.get();
        return request == null ? folder.toRealPath() : request.kept(folder);
    }

    private Path kept(Path folder) throws IOException {
        Path r = real.get(folder);
        if (r == null) {
            r = folder.toRealPath();
            real.put(folder, r);
        }
        return r;
    }

    /**
     * The opened {@code folder} (a host path), opened by {@code opener} the first time in this request; closing
     * what this returns leaves it open for the next step. Null when {@code opener} gives null.
     */
    SecureDirectoryStream<Path> folder(Path folder, Opener opener) throws IOException {
        Kept k = opened.get(folder);
        if (k == null) {
            SecureDirectoryStream<Path> stream = opener.open();
            if (stream == null) {
                return null;
            }
            k = new Kept(stream);
            opened.put(folder, k);
        }
        return k;
    }

    /** The platform's own stream behind {@code stream} (its moves take no other kind as their target). */
    static SecureDirectoryStream<Path> unwrap(SecureDirectoryStream<Path> stream) {
        return stream instanceof Kept k ? k.stream : stream;
    }

    @Override
    public void close() {
        if (this == NONE) {
            return;
        }
        CURRENT.remove();
        for (Kept k : opened.values()) {
            try {
                k.stream.close();
            } catch (IOException e) {
                // a folder's descriptor: nothing was written through it
            }
        }
        opened.clear();
    }

    private static boolean secureStreams() {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")))) {
            return d instanceof SecureDirectoryStream;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** An opened folder lent to a step of the request: closing it is left to the request. */
    private static final class Kept implements SecureDirectoryStream<Path> {
        private final SecureDirectoryStream<Path> stream;

        Kept(SecureDirectoryStream<Path> stream) {
            this.stream = stream;
        }

        @Override
        public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options) throws IOException {
            return stream.newDirectoryStream(path, options);
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                FileAttribute<?>... attrs) throws IOException {
            return stream.newByteChannel(path, options, attrs);
        }

        @Override
        public void deleteFile(Path path) throws IOException {
            stream.deleteFile(path);
        }

        @Override
        public void deleteDirectory(Path path) throws IOException {
            stream.deleteDirectory(path);
        }

        @Override
        public void move(Path srcpath, SecureDirectoryStream<Path> targetdir, Path targetpath) throws IOException {
            stream.move(srcpath, unwrap(targetdir), targetpath);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
            return stream.getFileAttributeView(type);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
                LinkOption... options) {
            return stream.getFileAttributeView(path, type, options);
        }

        @Override
        public Iterator<Path> iterator() {
            throw new IllegalStateException("a folder kept for a request's steps is not listed");
        }

        @Override
        public void close() {
            // the request closes it
        }
    }
}
