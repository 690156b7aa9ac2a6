package dev.lanshare.service.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.RandomAccessContent;
import org.apache.commons.vfs2.util.RandomAccessMode;

/**
 * Copies that survive being cut off. A file arrives under {@code NAME.lanshare-part} (on this machine for a
 * download, on the peer for an upload) and gets its real name only when it is complete, so nobody ever opens a
 * half-copied drawing; running the same copy again continues the part file where it stopped. Files already
 * there with the same size and time are skipped.
 */
public final class Transfers {
    public static final String PART = ".lanshare-part";
    private static final int BUFFER = 256 * 1024;

    /** @param limitBytesPerSecond 0 for no limit; @param verify compare SHA-256 of both sides afterwards */
    public record Options(long limitBytesPerSecond, boolean verify) {
        public static final Options DEFAULT = new Options(0, false);
    }

    private final PeerClient client;
    private final Options options;
    private final Progress progress;

    public Transfers(PeerClient client, Options options, Progress progress) {
        this.client = client;
        this.options = options;
        this.progress = progress;
    }

    /** Copies the file or folder at {@code remotePath} into {@code dest} (a folder, or the new file's name). */
    public void download(String remotePath, Path dest) throws PeerException {
        String what = remotePath + " on " + client.peer().label();
        try {
            FileObject remote = client.resolve(remotePath);
            if (!remote.exists()) {
                throw new PeerException(what + ": not found");
            }
            Path target = Files.isDirectory(dest) ? dest.resolve(remote.getName().getBaseName()) : dest;
            List<FileObject> files = new ArrayList<>();
            collect(remote, files);
            long total = 0;
            long resumed = 0;
            for (FileObject f : files) {
                total += f.getContent().getSize();
                resumed += existing(local(remote, f, target), f);
            }
            progress.started(total, files.size(), resumed);
            for (FileObject f : files) {
                downloadFile(f, local(remote, f, target));
            }
            progress.finished();
        } catch (IOException e) {
            throw PeerErrors.describe(e, what);
        }
    }

    private static void collect(FileObject f, List<FileObject> files) throws IOException {
        if (f.getType().hasChildren()) {
            for (FileObject child : f.getChildren()) {
                collect(child, files);
            }
        } else {
            files.add(f);
        }
    }

    private static Path local(FileObject top, FileObject f, Path target) throws IOException {
        String rel = top.getName().getRelativeName(f.getName());
        return rel.equals(".") ? target : target.resolve(rel);
    }

    /** Bytes of {@code remote} already here: all of them when done, the part file's when cut off. */
    private static long existing(Path local, FileObject remote) throws IOException {
        long size = remote.getContent().getSize();
        if (Files.exists(local) && Files.size(local) == size && sameTime(local, remote)) {
            return size;
        }
        Path part = local.resolveSibling(local.getFileName() + PART);
        return Files.exists(part) && Files.size(part) <= size ? Files.size(part) : 0;
    }

    private static boolean sameTime(Path local, FileObject remote) throws IOException {
        // SFTP keeps seconds
        return Files.getLastModifiedTime(local).toMillis() / 1000 == remote.getContent().getLastModifiedTime() / 1000;
    }

    private void downloadFile(FileObject remote, Path local) throws IOException, PeerException {
        long size = remote.getContent().getSize();
        String name = remote.getName().getPath();
        if (Files.exists(local) && Files.size(local) == size && sameTime(local, remote)) {
            progress.fileDone(name);
            return;
        }
        Files.createDirectories(local.toAbsolutePath().getParent());
        Path part = local.resolveSibling(local.getFileName() + PART);
        long offset = Files.exists(part) && Files.size(part) <= size ? Files.size(part) : 0;
        try (RandomAccessContent in = remote.getContent().getRandomAccessContent(RandomAccessMode.READ);
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     offset == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
            in.seek(offset);
            copy(in.getInputStream(), out, size - offset);
        }
        if (Files.size(part) != size) {
            throw new PeerException(name + " on " + client.peer().label() + ": the copy stopped at "
                    + Files.size(part) + " of " + size + " bytes; run the same command again to resume");
        }
        Files.setLastModifiedTime(part, FileTime.fromMillis(remote.getContent().getLastModifiedTime()));
        Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (options.verify()) {
            verify(remote, local);
        }
        progress.fileDone(name);
    }

    /** Copies the file or folder {@code source} to {@code remotePath} (an existing folder, or the new name). */
    public void upload(Path source, String remotePath) throws PeerException {
        String what = remotePath + " on " + client.peer().label();
        try {
            FileObject dest = client.resolve(remotePath);
            FileObject target = dest.exists() && dest.getType().hasChildren()
                    ? dest.resolveFile(source.getFileName().toString()) : dest;
            List<Path> files;
            try (var walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            long total = 0;
            for (Path f : files) {
                total += Files.size(f);
            }
            progress.started(total, files.size(), 0);
            if (Files.isDirectory(source)) {
                target.createFolder();
            }
            for (Path f : files) {
                String rel = source.relativize(f).toString();
                uploadFile(f, rel.isEmpty() ? target : target.resolveFile(rel));
            }
            progress.finished();
        } catch (IOException e) {
            throw PeerErrors.describe(e, what, true);
        }
    }

    private void uploadFile(Path local, FileObject remote) throws IOException, PeerException {
        long size = Files.size(local);
        FileObject part = remote.getParent().resolveFile(remote.getName().getBaseName() + PART);
        remote.getParent().createFolder();
        long offset = part.exists() && part.getContent().getSize() <= size ? part.getContent().getSize() : 0;
        try (InputStream in = Files.newInputStream(local);
             OutputStream out = part.getContent().getOutputStream(offset > 0)) {
            in.skipNBytes(offset);
            progress.advanced(0);
            copy(in, out, size - offset);
        }
        part.refresh();
        if (part.getContent().getSize() != size) {
            throw new PeerException(remote.getName().getPath() + " on " + client.peer().label()
                    + ": the copy stopped early; run the same command again to resume");
        }
        if (remote.exists()) {
            remote.delete();
        }
        part.moveTo(remote);
        remote.getContent().setLastModifiedTime(Files.getLastModifiedTime(local).toMillis());
        if (options.verify()) {
            verify(remote, local);
        }
        progress.fileDone(remote.getName().getPath());
    }

    private void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[BUFFER];
        long done = 0;
        long start = System.nanoTime();
        while (done < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - done));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            done += n;
            progress.advanced(n);
            throttle(done, start);
        }
        out.flush();
    }

    private void throttle(long done, long startNanos) throws IOException {
        if (options.limitBytesPerSecond() <= 0) {
            return;
        }
        long due = startNanos + done * 1_000_000_000L / options.limitBytesPerSecond();
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("copy interrupted");
            }
        }
    }

    private void verify(FileObject remote, Path local) throws IOException, PeerException {
        String here;
        String there;
        try (InputStream in = Files.newInputStream(local)) {
            here = sha256(in);
        }
        try (InputStream in = remote.getContent().getInputStream()) {
            there = sha256(in);
        }
        if (!here.equals(there)) {
            throw new PeerException(remote.getName().getPath() + " on " + client.peer().label()
                    + ": SHA-256 differs after copying (here " + here + ", there " + there + ")");
        }
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, md)) {
                d.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
