package dev.lanshare.service.sharefs;

import dev.lanshare.config.Share;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A share's folder walked and listed on this machine as the share file system would serve it, for readers that
 * are not a client session (the search index): names a client could not open ({@link Names#listable}) are left
 * out, a link is listed only when it resolves inside its share, with the attributes of what it points to, and a
 * linked folder is never descended into (no loops, nothing counted twice). Host paths become client paths
 * ({@code /Share/a/b}) here and nowhere else.
 */
public final class ShareTree {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Share share;
    private final Path root;

    private ShareTree(Share share, Path root) {
        this.share = share;
        this.root = root;
    }

    /** The share's folder, resolved; fails when it is gone. */
    public static ShareTree of(Share share) throws IOException {
        return new ShareTree(share, share.folder().toRealPath());
    }

    public Share share() {
        return share;
    }

    public Path root() {
        return root;
    }

    /**
     * One file or folder as a client would see it listed.
     *
     * @param parent   the client path of the folder it is in, {@code /Share/folder}
     * @param modified milliseconds since the epoch
     * @param identity a folder's identity on this machine when it was listed (its device and inode on Linux, as
     *                 {@link BasicFileAttributes#fileKey()} gives it), null for a file or where the system has none
     */
    public record Item(String parent, String name, boolean folder, long size, long modified, Object identity) {
        /** An item with no identity (a file, or a folder as the index remembers it). */
        public Item(String parent, String name, boolean folder, long size, long modified) {
            this(parent, name, folder, size, modified, null);
        }

        /** The client path, {@code /Share/folder/file}. */
        public String path() {
            return parent + "/" + name;
        }
    }

    /** Receives a walk: each folder's entries once all of them were seen. */
    public interface Visitor {
        /** @param host the folder on this machine; @param entries what it holds (no deeper) */
        void folder(Path host, String clientPath, List<Item> entries) throws IOException;
    }

    /** Walks the folder {@code host} (inside the share) and everything below it; one call per folder, deepest first. */
    public void walk(Path host, Visitor visitor) throws IOException {
        List<List<Item>> open = new ArrayList<>();
        Files.walkFileTree(host, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                        if (!open.isEmpty()) {
                            if (!Names.listable(dir.getFileName().toString())) {
                                return FileVisitResult.SKIP_SUBTREE; // a client could not open it, nor what it holds
                            }
                            open.get(open.size() - 1).add(entry(dir, a));
                        }
                        open.add(new ArrayList<>());
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                        if (!open.isEmpty()) {
                            listed(file, file.getFileName().toString(), a, clientPath(file.getParent()))
                                    .ifPresent(open.get(open.size() - 1)::add);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE; // unreadable: not indexed, as it could not be served
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        visitor.folder(dir, clientPath(dir), open.remove(open.size() - 1));
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /**
     * Walks as {@link #walk} does, deepest first, but reads up to {@code threads} folders at once: on a disk that
     * is not in the cache, listing folders and reading each file's attributes is mostly the system's work, which
     * spreads over cores and queued reads (a million files: 7.0 s on one thread, 3.1 s on four). The visitor is
     * called from those threads, a folder after all its subfolders.
     */
    public void walkInParallel(Path host, int threads, Visitor visitor) throws IOException {
        ForkJoinPool pool = new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("lanshare-walk-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        try {
            FolderTask top = new FolderTask(host, clientPath(host), visitor, failed);
            pool.invoke(top);
            if (failed.get() instanceof UncheckedIOException e) {
                throw e.getCause();
            } else if (failed.get() != null) {
                throw failed.get();
            } else if (top.failure != null) {
                throw top.failure;
            }
        } finally {
            // no interrupts (Lucene closes its files when a thread is interrupted inside it): the tasks still
            // running after a failure stop at their next folder, as the visitor keeps failing
            pool.shutdown();
            while (!pool.isTerminated()) {
                try {
                    pool.awaitTermination(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    /** One folder of a parallel walk: lists it, walks its subfolders, then hands over what it holds. */
    private final class FolderTask extends RecursiveAction {
        private final Path host;
        private final String client;
        private final Visitor visitor;
        /** The visitor's failure, which ends the walk: the folders not yet read are left alone. */
        private final AtomicReference<RuntimeException> failed;
        private Item self;
        private IOException failure;

        FolderTask(Path host, String client, Visitor visitor, AtomicReference<RuntimeException> failed) {
            this.host = host;
            this.client = client;
            this.visitor = visitor;
            this.failed = failed;
        }

        @Override
        protected void compute() {
            if (failed.get() != null) {
                return;
            }
            List<Item> items = new ArrayList<>();
            List<FolderTask> folders = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(host)) {
                for (Path p : dir) {
                    // the name once per entry: each getFileName and toString copies it (a million files: about
                    // 200 MB of the walk's 1.2 GB of garbage went to asking three times)
                    Path fileName = p.getFileName();
                    String name = fileName.toString();
                    BasicFileAttributes a;
                    try {
                        a = attributes(dir, p, fileName);
                    } catch (IOException e) {
                        continue; // gone, or unreadable: not indexed, as it could not be served
                    }
                    if (a.isDirectory()) {
                        if (Names.listable(name)) {
                            FolderTask f = new FolderTask(p, client + "/" + name, visitor, failed);
                            f.self = item(client, name, a);
                            folders.add(f);
                        }
                    } else {
                        listed(p, name, a, client).ifPresent(items::add);
                    }
                }
            } catch (IOException e) {
                failure = e; // an unreadable folder is left out, with what it holds
                return;
            }
            invokeAll(folders);
            for (FolderTask f : folders) {
                if (f.failure == null) {
                    items.add(f.self);
                }
            }
            if (failed.get() != null) {
                return;
            }
            try {
                visitor.folder(host, client, items);
            } catch (IOException e) {
                failed.compareAndSet(null, new UncheckedIOException(e));
            } catch (RuntimeException e) {
                failed.compareAndSet(null, e);
            }
        }
    }

    /** What the folder {@code host} holds now, one level; empty when it is gone or not a folder. */
    public List<Item> list(Path host) throws IOException {
        List<Item> out = new ArrayList<>();
        String client = clientPath(host);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(host)) {
            for (Path p : dir) {
                try {
                    Path fileName = p.getFileName();
                    listed(p, fileName.toString(), attributes(dir, p, fileName), client).ifPresent(out::add);
                } catch (IOException e) {
                    // gone between the listing and the stat: the next event says so
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return out;
    }

    /** Whether {@code host} is a folder inside the share, not reached through a link. */
    public boolean isFolderInside(Path host) {
        try {
            return Files.isDirectory(host, NOFOLLOW) && host.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    /** The client path of a host path inside the share: {@code /Share/a/b}. */
    public String clientPath(Path host) {
        Path rel = root.relativize(host);
        StringBuilder sb = new StringBuilder("/").append(share.name());
        for (Path part : rel) {
            if (!part.toString().isEmpty()) {
                sb.append('/').append(part);
            }
        }
        return sb.toString();
    }

    /**
     * A listed entry's own attributes (a link's, not its target's): relative to the open folder where the system
     * allows it (Linux, macOS), which spares the system looking up the whole path again (a cold walk of a million
     * files: 4.3 s of system time down to 3.7).
     */
    private static BasicFileAttributes attributes(DirectoryStream<Path> dir, Path p, Path fileName)
            throws IOException {
        if (dir instanceof SecureDirectoryStream<Path> at) {
            return at.getFileAttributeView(fileName, BasicFileAttributeView.class, NOFOLLOW)
                    .readAttributes();
        }
        return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
    }

    /** The item for {@code p} (named {@code name}) in the folder whose client path is {@code folder}, if seen. */
    private Optional<Item> listed(Path p, String name, BasicFileAttributes a, String folder) {
        if (!Names.listable(name)) {
            return Optional.empty(); // a name a client could not open: not served, so not found either
        }
        if (!a.isSymbolicLink()) {
            return a.isDirectory() || a.isRegularFile() ? Optional.of(item(folder, name, a)) : Optional.empty();
        }
        try {
            Path real = p.toRealPath();
            if (!real.startsWith(root)) {
                return Optional.empty(); // leads out of the share: not served, so not found either
            }
            return Optional.of(item(folder, name, Files.readAttributes(real, BasicFileAttributes.class)));
        } catch (IOException e) {
            return Optional.empty(); // a dangling link
        }
    }

    private Item entry(Path p, BasicFileAttributes a) {
        return item(clientPath(p.getParent()), p.getFileName().toString(), a);
    }

    private static Item item(String folder, String name, BasicFileAttributes a) {
        boolean dir = a.isDirectory();
        return new Item(folder, name, dir, dir ? 0 : a.size(), a.lastModifiedTime().toMillis(),
                dir ? a.fileKey() : null);
    }
}
