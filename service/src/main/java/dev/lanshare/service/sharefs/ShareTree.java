package dev.lanshare.service.sharefs;

import dev.lanshare.config.Share;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

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
     * @param path     the client path, {@code /Share/folder/file}
     * @param modified milliseconds since the epoch
     */
    public record Item(String path, String name, boolean folder, long size, long modified) {
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
                            listed(file, a).ifPresent(open.get(open.size() - 1)::add);
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

    /** What the folder {@code host} holds now, one level; empty when it is gone or not a folder. */
    public List<Item> list(Path host) throws IOException {
        List<Item> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(host)) {
            for (Path p : dir) {
                try {
                    listed(p, Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW)).ifPresent(out::add);
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

    private Optional<Item> listed(Path p, BasicFileAttributes a) {
        if (!Names.listable(p.getFileName().toString())) {
            return Optional.empty(); // a name a client could not open: not served, so not found either
        }
        if (!a.isSymbolicLink()) {
            return a.isDirectory() || a.isRegularFile() ? Optional.of(entry(p, a)) : Optional.empty();
        }
        try {
            Path real = p.toRealPath();
            if (!real.startsWith(root)) {
                return Optional.empty(); // leads out of the share: not served, so not found either
            }
            return Optional.of(entry(p, Files.readAttributes(real, BasicFileAttributes.class)));
        } catch (IOException e) {
            return Optional.empty(); // a dangling link
        }
    }

    private Item entry(Path p, BasicFileAttributes a) {
        return new Item(clientPath(p), p.getFileName().toString(), a.isDirectory(),
                a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toMillis());
    }
}
