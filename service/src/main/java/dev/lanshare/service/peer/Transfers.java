package dev.lanshare.service.peer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.RandomAccessContent;
import org.apache.commons.vfs2.util.RandomAccessMode;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.CheckFileNameExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpHelper;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies that survive being cut off, and keep the network busy. A file arrives under {@code NAME.lanshare-part}
 * (on this machine for a download, on the peer for an upload) and gets its real name only when it is complete, so
 * nobody ever opens a half-copied drawing; running the same copy again continues the part file where it stopped,
 * when its bytes are still the start of the file (else the file comes again, see {@link #resumable}), and with
 * {@code --verify} a copy whose SHA-256 differs never takes its name.
 * Files already there with the same size and time are skipped.
 *
 * <p>One file comes down through Commons VFS and JSch, whose stream moved 1 GiB on loopback in 1.35-1.45 s in a
 * warm JVM against 1.85-2.3 s for MINA's client (63 KiB reads; MINA allocates a buffer a packet, and a service's
 * small heap collects it hundreds of times a GiB). Everything else is MINA's SFTP client ({@link
 * PeerClient#channel}): one file goes up with writes of up to 255 KiB, as OpenSSH's sftp sends (1.55-1.8 s for
 * 1 GiB; JSch's 32 KiB writes made the peer handle eight times the requests: 1.9-2.0 s), and a folder's files go
 * {@value #FILES_IN_FLIGHT} at a time, each on a channel of its own with its reads or writes pipelined, so that a
 * folder of small files is not one round trip after another (2,000 files of 4 KiB went up in 3.4 s against 7.4 s
 * one at a time); a file of up to {@value PutFile#MAX_DATA} bytes goes up in one request ({@link PutFile}) to a
 * colleague that offers it, instead of five, and a folder's file of up to {@value GetFile#MAX_DATA} bytes comes down
 * in one ({@link GetFile}) instead of three; {@code --verify} asks the peer for their SHA-256 ({@code check-file})
 * instead of reading them back.
 */
public final class Transfers implements Copier {
    private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);
    public static final String PART = ".lanshare-part";
    /** Files copied at the same time in a folder: enough to hide the round trips of small files. */
    static final int FILES_IN_FLIGHT = 16;
    private static final int BUFFER = 256 * 1024;

    /** @param limitBytesPerSecond 0 for no limit; @param verify compare SHA-256 of both sides afterwards */
    public record Options(long limitBytesPerSecond, boolean verify) {
        public static final Options DEFAULT = new Options(0, false);
    }

    /**
     * One copy as asked: {@code upload} sends {@code local} to {@code remotePath}, else {@code remotePath} comes
     * into {@code local} (a folder, or the new file's name).
     */
    public record Job(boolean upload, String remotePath, Path local, Options options) {
        /** Runs this copy over {@code client}. */
        public void run(PeerClient client, Progress progress) throws PeerException {
            Transfers t = new Transfers(client, options, progress);
            if (upload) {
                t.upload(local, remotePath);
            } else {
                t.download(remotePath, local);
            }
        }
    }

    /**
     * A file on the peer: its path there, its path below what was asked for, its size and time, and its permission
     * bits (-1 when the peer did not say).
     */
    private record Remote(String path, String relative, long size, long modified, int mode) {
    }

    private final PeerClient client;
    private final Options options;
    private final Progress progress;
    private final AtomicLong moved = new AtomicLong();
    /** Parts on the peer looked at before the copy started ({@link #partThere}), by file: their bytes to keep. */
    private final Map<String, Long> partsLookedAt = new ConcurrentHashMap<>();
    /** The folders an upload made on the peer: nothing of an earlier copy can be in them. */
    private final Set<String> made = ConcurrentHashMap.newKeySet();
    private long startNanos;
    /** Held while a download makes or renames a name here (see {@link #createOrOpen}). */
    private final Object names = new Object();
    /**
     * The files of a folder download for which nothing was here when it started (neither the file nor its part
     * file): each is written without looking again. Every other one is looked at as it comes.
     */
    private final Set<String> absent = ConcurrentHashMap.newKeySet();
    /** The folders here that downloads have made or found, guarded by {@link #names}. */
    private final Set<Path> folders = new HashSet<>();
    /** One file alone in flight: its channel gets the wide window. */
    private volatile boolean oneFile;
    /** Files of this copy that went up or came down in one request ({@link PutFile}, {@link GetFile}). */
    private final AtomicInteger inOneRequest = new AtomicInteger();
    /**
     * The entries of a folder copy left out, each "NAME (why)": the rest is copied, as cp -r does, and the copy then
     * fails naming them ({@link PeerErrors#failIfAnyLeft}).
     */
    private final Set<String> notCopied = ConcurrentHashMap.newKeySet();

    public Transfers(PeerClient client, Options options, Progress progress) {
        this.client = client;
        this.options = options;
        this.progress = synchronizedProgress(progress);
    }

    /** Copies the file or folder at {@code remotePath} into {@code dest} (a folder, or the new file's name). */
    @Override
    public void download(String remotePath, Path dest) throws PeerException {
        String what = remotePath + " on " + client.peer().label();
        try {
            FileObject top = client.resolve(remotePath);
            if (!top.exists()) {
                throw new PeerException(what + ": not found");
            }
            Path target = Files.isDirectory(dest) ? dest.resolve(top.getName().getBaseName()) : dest;
            if (!top.getType().hasChildren()) { // one file: JSch's stream, the fastest here (see the class note)
                if (Files.isDirectory(target)) { // said now, not once the whole file has come
                    throw new PeerException(what + ": " + target + " is a folder here, so the file cannot take "
                            + "its name; copy it into that folder or elsewhere");
                }
                Remote f = new Remote(remotePath, "", top.getContent().getSize(),
                        top.getContent().getLastModifiedTime(), PeerClient.permissions(top));
                try (CopyLocks.Held held = lockHere(target, what)) {
                    progress.started(f.size(), 1, existing(target, f));
                    inFlight(List.of(f), one -> receive(one, target, vfs(top)), remotePath, what, false);
                }
                progress.finished();
                return;
            }
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new PeerException(what + ": " + target + " is a file here, not a folder; copy the folder "
                        + "elsewhere or move the file away");
            }
            try (CopyLocks.Held held = lockHere(target, what)) {
                downloadFolder(remotePath, target, what);
            }
        } catch (IOException | java.io.UncheckedIOException | PeerException e) { // MINA's listing throws the second
            throw failed(e, remotePath, what, false);
        }
    }

    /** The folder {@code remotePath} into {@code target}, every file of it, as {@link #download} does. */
    private void downloadFolder(String remotePath, Path target, String what) throws IOException, PeerException {
        List<Remote> files = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        SftpClient sftp = client.channel(false);
        try {
            collect(sftp, remotePath.replaceAll("/+$", ""), "", files, empty);
        } finally {
            client.release(sftp);
        }
        for (String folder : empty) { // the others are made for the files in them
            Files.createDirectories(folder.isEmpty() ? target : target.resolve(folder));
        }
        long total = 0;
        long resumed = 0;
        LocalNames here = new LocalNames();
        for (Remote f : files) {
            total += f.size();
            Path local = local(f, target);
            if (here.mayHave(local) || here.mayHave(partOf(local))) {
                resumed += existing(local, f);
            } else {
                absent.add(f.path());
            }
        }
        progress.started(total, files.size(), resumed);
        inFlight(files, skipping(Remote::relative, f -> downloadFile(f, local(f, target))), remotePath, what,
                false);
        PeerErrors.failIfAnyLeft(what, notCopied);
        progress.finished();
        LOG.debug("{}: {} of {} files came down in one request each ({})", what, inOneRequest.get(),
                files.size(), GetFile.NAME);
    }

    /**
     * The failure {@code e} of the copy of {@code name} ({@code what}: it and the colleague) in the user's words:
     * a lost connection says so and that a rerun continues, whichever layer saw it first.
     */
    private PeerException failed(Throwable e, String name, String what, boolean writingToPeer) {
        PeerException lost = PeerErrors.lost(e, client.connectionLost(), client.peer().label(), name);
        return lost != null ? lost : PeerErrors.describe(e, what, writingToPeer);
    }

    /** Holds the lock on writing {@code local} here, or says that another copy into it is under way. */
    private CopyLocks.Held lockHere(Path local, String what) throws IOException, PeerException {
        return CopyLocks.hold(client.dirs(), "here " + local.toAbsolutePath().normalize(),
                what + ": another copy into " + local + " is under way; run this again once it has finished");
    }

    /** Holds the lock on writing {@code remote} on the peer, or says that another copy into it is under way. */
    private CopyLocks.Held lockThere(String remote, String what) throws IOException, PeerException {
        return CopyLocks.hold(client.dirs(), "there " + client.peer().trustId() + " " + remote,
                what + ": another copy into " + remote + " is under way; run this again once it has finished");
    }

    /**
     * Every file below the folder {@code path}, listed as the listing arrives, and the folders with nothing in them
     * to copy ({@code empty}, below what was asked for). An entry the peer refuses (a link out of the share or to
     * nothing, a folder it cannot list) goes to {@link #notCopied} and the rest is listed.
     */
    private void collect(SftpClient sftp, String path, String relative, List<Remote> files, List<String> empty)
            throws IOException {
        boolean any = false;
        for (SftpClient.DirEntry e : sftp.readDir(path)) {
            String name = e.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String childPath = path + "/" + name;
            String childRel = relative.isEmpty() ? name : relative + "/" + name;
            if (!fileName(name)) { // a machine that lists such a name would have it written outside this folder
                notCopied.add(childRel + " (not a name a file can have: it would lead out of the folder)");
                continue;
            }
            SftpClient.Attributes a = e.getAttributes();
            if (a.isSymbolicLink()) {
                a = linked(sftp, childPath, childRel); // the server lists a link as a link; what it leads to is copied
                if (a == null) {
                    continue;
                }
            }
            if (a.isDirectory()) {
                try {
                    collect(sftp, childPath, childRel, files, empty);
                    any = true;
                } catch (java.io.UncheckedIOException x) { // how MINA's listing reports a refusal
                    skipped(childRel, x.getCause());
                }
            } else if (a.isRegularFile()) {
                files.add(new Remote(childPath, childRel, a.getSize(), millis(a),
                        a.getFlags().contains(SftpClient.Attribute.Perms) ? a.getPermissions() : -1));
                any = true;
            } else { // a pipe, a socket, a device, which the peer lists but does not serve
                notCopied.add(childRel + " (not a file or folder)");
            }
        }
        if (!any) {
            empty.add(relative);
        }
    }

    /**
     * What the link {@code path} leads to; null, noting it as not copied, when the peer does not follow it. A
     * lanshare peer lists only such links as links (it shows what the others lead to): those that lead outside the
     * share, which it refuses, and those that lead to nothing. Its answer to a stat of them says no more than that.
     */
    private SftpClient.Attributes linked(SftpClient sftp, String path, String relative) throws IOException {
        try {
            return sftp.stat(path);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED) {
                notCopied.add(relative + " (a link leading outside the share)");
            } else if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
                    || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                notCopied.add(relative + " (a link to nothing)");
            } else {
                throw e;
            }
            return null;
        }
    }

    /** Notes {@code relative} as not copied when {@code e} is about that entry alone; else throws it. */
    private void skipped(String relative, IOException e) throws IOException {
        String why = PeerErrors.entryReason(e);
        if (why == null) {
            throw e;
        }
        notCopied.add(relative + " (" + why + ")");
    }

    /**
     * {@code step} for the entries of a folder copy (each named by {@code name}): one that fails for that entry alone
     * is noted and the rest go on.
     */
    private <T> Step<T> skipping(java.util.function.Function<T, String> name, Step<T> step) {
        return item -> {
            try {
                step.copy(item);
            } catch (IOException e) {
                skipped(name.apply(item), e);
            }
        };
    }

    private static Path local(Remote f, Path target) {
        return f.relative().isEmpty() ? target : target.resolve(f.relative());
    }

    /**
     * Whether {@code name}, as a colleague lists it, is one entry's name here: not {@code .}, {@code ..} or empty, and
     * with no separator of a path in it ({@code /}; on Windows also {@code \} and {@code :}, which names a drive). A
     * listing with {@code ../../.bashrc} in it is no lanshare machine's, but a copy must not follow it (as scp's
     * CVE-2019-6111 did).
     */
    public static boolean fileName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\0') < 0
                && (java.io.File.separatorChar != '\\' || name.indexOf('\\') < 0 && name.indexOf(':') < 0);
    }

    private static Path partOf(Path local) {
        return local.resolveSibling(PutFile.part(local.getFileName().toString()));
    }

    /**
     * The names in the folders a download writes to, each folder listed once when first asked about: two
     * questions of the file system for each of 2,000 files (is it there, is its part file) become one listing,
     * and none at all for a folder that does not exist yet, the usual case.
     */
    private static final class LocalNames {
        /** A folder that could not be listed: every name in it may be there, and is looked at. */
        private static final Set<String> UNKNOWN = new HashSet<>();
        private final Map<Path, Set<String>> byFolder = new HashMap<>();

        /** Whether {@code file} may be there: listed in its folder, or in a folder that could not be listed. */
        boolean mayHave(Path file) {
            Set<String> names = byFolder.computeIfAbsent(file.getParent(), LocalNames::list);
            return names == UNKNOWN || names.contains(file.getFileName().toString());
        }

        private static Set<String> list(Path folder) {
            Set<String> names = new HashSet<>();
            try (DirectoryStream<Path> listed = Files.newDirectoryStream(folder)) {
                for (Path p : listed) {
                    names.add(p.getFileName().toString());
                }
                return names;
            } catch (NoSuchFileException | NotDirectoryException e) {
                return names; // nothing there yet (or a file in the way, which making the folder reports)
            } catch (IOException | RuntimeException e) {
                return UNKNOWN;
            }
        }
    }

    /**
     * Bytes of {@code remote} already here: all of them when done, the part file's when cut off and its bytes are
     * still the start of the file there. A part that is not (the file changed there since the copy stopped) is
     * removed, and the file comes again from its start: continuing it would give the old file's start with the new
     * one's end, under the new one's size and time, taken as done by every later run.
     */
    private long existing(Path local, Remote remote) throws IOException, PeerException {
        if (Files.exists(local) && Files.size(local) == remote.size() && sameTime(local, remote.modified())) {
            return remote.size();
        }
        Path part = partOf(local);
        if (!Files.exists(part)) {
            return 0;
        }
        long kept = Files.size(part);
        if (kept == 0) {
            return 0;
        }
        String changed = remote.path() + " changed on " + client.peer().label() + " since the copy stopped";
        if (kept <= remote.size()) {
            SftpClient sftp = client.channel(false);
            try {
                if (resumable(sftp, remote.path(), part, kept, remote.path(), changed)) {
                    return kept;
                }
            } finally {
                client.release(sftp);
            }
        } else {
            progress.note(changed + "; copying it again from the start");
        }
        synchronized (names) {
            Files.deleteIfExists(part);
        }
        return 0;
    }

    /**
     * Whether the part file a cut copy left can be continued: its {@code length} bytes are the first ones of the
     * file it is becoming ({@code remote} on the peer for a download, {@code local} here for an upload), hashed on
     * both sides at once ({@link #samePrefix}). When not, says so ({@code changed}) and the file is copied from its
     * start; a part of less than {@value #CHECK_READ} bytes is copied again without a word.
     *
     * <p>The bytes are compared rather than a size and time noted when the copy started: a part file's time is the
     * time of its last write, and a colleague's service removes a part not written to for a day by that time
     * ({@code partial-upload-hours}), so neither side has a place of its own for such a note that survives the
     * copy being killed; and the bytes are what resuming takes as they are. A part that is the start of the file
     * as it is now gives the file whole, whatever happened to it; one that is not is never continued. The price is
     * reading the part once on each side, far less than copying it again over the network.
     *
     * @param name the file as messages name it
     */
    private boolean resumable(SftpClient sftp, String remote, Path local, long length, String name,
            String changed) throws IOException {
        if (length < CHECK_READ) {
            return false;
        }
        Boolean same = samePrefix(sftp, remote, local, length);
        if (same == null) {
            progress.note(name + ": " + client.peer().label()
                    + " cannot check the part left by the last copy; copying it again from the start");
            return false;
        }
        if (!same) {
            progress.note(changed + "; copying it again from the start");
        }
        return same;
    }

    /** Bytes hashed in one {@code check-file} request: MINA's older servers took the length for an int. */
    private static final long CHECK_CHUNK = 1L << 30;
    /**
     * MINA's server (2.20) hashes a range in reads of this many bytes, the last one whole: a range whose length is
     * not a multiple of it is hashed on to the next multiple (or the file's end). Every range asked for is one.
     */
    private static final long CHECK_READ = 8192;

    /**
     * Whether the first {@code length} bytes (at least {@value #CHECK_READ}) of {@code remote} on the peer and of
     * {@code local} here are the same: the peer hashes its side ({@code check-file}) while this one hashes its
     * own, in ranges of whole {@link #CHECK_READ}s, the last one ending at {@code length} and overlapping the one
     * before. Null when the peer cannot hash (not lanshare, or the file cannot be read there).
     */
    private static Boolean samePrefix(SftpClient sftp, String remote, Path local, long length) throws IOException {
        CheckFileNameExtension check = sftp.getExtension(CheckFileNameExtension.class);
        if (check == null || !check.isSupported()) {
            return null;
        }
        try (FileChannel in = FileChannel.open(local, StandardOpenOption.READ)) {
            long at = 0;
            while (at < length) {
                long whole = Math.min(CHECK_CHUNK, length - at) / CHECK_READ * CHECK_READ;
                // whole reads from where the last range ended; then the tail, as the last read ending at length
                long from = whole > 0 ? at : length - CHECK_READ;
                long n = whole > 0 ? whole : CHECK_READ;
                at = from + n;
                FutureTask<byte[]> here = new FutureTask<>(() -> sha256(in, from, n));
                Thread hashing = new Thread(here, "lanshare-check");
                hashing.setDaemon(true);
                hashing.start();
                Map.Entry<String, Collection<byte[]>> there;
                try {
                    there = check.checkFileName(remote, List.of("sha256"), from, n, 0);
                } catch (SftpException e) {
                    hashing.interrupt();
                    return e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE ? Boolean.FALSE : null;
                }
                if (!"sha256".equalsIgnoreCase(there.getKey()) || there.getValue().size() != 1) {
                    hashing.interrupt();
                    return null;
                }
                if (!java.util.Arrays.equals(await(here), there.getValue().iterator().next())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static byte[] await(FutureTask<byte[]> task) throws IOException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("copy interrupted");
        }
    }

    /** The SHA-256 of {@code length} bytes of {@code in} from {@code from}; fewer when the file ends before. */
    private static byte[] sha256(FileChannel in, long from, long length) throws IOException {
        MessageDigest md = sha256();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, length)));
        long done = 0;
        while (done < length) {
            buf.clear().limit((int) Math.min(buf.capacity(), length - done));
            int n = in.read(buf, from + done);
            if (n < 0) {
                break;
            }
            md.update(buf.flip());
            done += n;
        }
        return md.digest();
    }

    private static boolean sameTime(Path local, long remoteMillis) throws IOException {
        // SFTP keeps seconds
        return Files.getLastModifiedTime(local).toMillis() / 1000 == remoteMillis / 1000;
    }

    /** Where a download reads a file: its bytes from an offset, and its SHA-256 as the peer has it. */
    private interface Source {
        InputStream from(long offset) throws IOException;

        String sha256() throws IOException;

        /** The whole file in one answer ({@link GetFile}) when it has at most {@code size} bytes; else null. */
        default byte[] whole(long size) throws IOException {
            return null;
        }
    }

    /** A file of a folder, on a channel of MINA's client of its own. */
    private void downloadFile(Remote remote, Path local) throws IOException, PeerException {
        SftpClient sftp = client.channel(oneFile);
        try {
            receive(remote, local, new Source() {
                @Override
                public InputStream from(long offset) throws IOException {
                    // opened with the size the listing gave: no stat of its own, and the reads ahead start at the
                    // offset, each as long as the peer allows ({@link PeerClient#readLength})
                    return new SftpInputStreamAsync((AbstractSftpClient) sftp, client.readLength(sftp), offset,
                            remote.size(),
                            remote.path(), sftp.open(remote.path(), OpenMode.Read));
                }

                @Override
                public String sha256() throws IOException {
                    return peerSha256(sftp, remote.path());
                }

                @Override
                public byte[] whole(long size) throws IOException {
                    GetFileExtension get = new GetFileExtension(sftp);
                    return size <= GetFile.MAX_DATA && get.isSupported() ? get.get(remote.path(), (int) size) : null;
                }
            });
        } finally {
            client.release(sftp);
        }
    }

    /** The one file of a download, through Commons VFS and JSch. */
    private static Source vfs(FileObject remote) {
        return new Source() {
            @Override
            public InputStream from(long offset) throws IOException {
                RandomAccessContent content = remote.getContent().getRandomAccessContent(RandomAccessMode.READ);
                content.seek(offset);
                return new FilterInputStream(content.getInputStream()) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            content.close();
                        }
                    }
                };
            }

            @Override
            public String sha256() throws IOException {
                try (InputStream in = remote.getContent().getInputStream()) {
                    return Transfers.sha256(in);
                }
            }
        };
    }

    /** Copies {@code remote} from {@code source} into {@code local}, under its part name until it is whole. */
    private void receive(Remote remote, Path local, Source source) throws IOException, PeerException {
        long size = remote.size();
        boolean wasAbsent = absent.remove(remote.path());
        long from = wasAbsent ? 0 : -1;
        if (!wasAbsent && Files.exists(local) && Files.size(local) == size
                && sameTime(local, remote.modified())) {
            if (!options.verify() || sha256(local).equals(source.sha256())) {
                progress.fileDone(remote.path());
                return;
            }
            // the peer's size and time but not its bytes (a copy resumed from another version of the file, by a
            // lanshare that did not check): checked, so it comes again
            progress.note(remote.path() + ": the copy here differs from the one on " + client.peer().label()
                    + " (SHA-256) though its size and time are the same; copying it again");
            from = 0;
        }
        Path part = partOf(local);
        byte[] whole = source.whole(size);
        boolean written = false;
        if (whole != null && whole.length == size) { // else it changed since it was listed: the usual reads
            try (FileChannel out = createOrOpen(part, 0, remote.mode())) { // truncated: it holds what is written below, no more
                ByteBuffer data = ByteBuffer.wrap(whole);
                ByteChannel counted = counted(out);
                while (data.hasRemaining()) {
                    counted.write(data);
                }
            }
            inOneRequest.incrementAndGet();
            written = true;
        } else {
            stream(remote, source, part, from, size);
        }
        if (!written && Files.size(part) != size) {
            throw new PeerException(remote.path() + " on " + client.peer().label() + ": the copy stopped at "
                    + Files.size(part) + " of " + size + " bytes; run the same command again to resume");
        }
        // both times given: with the access time left out the platform reads the file's times first (a stat a file)
        Files.getFileAttributeView(part, BasicFileAttributeView.class)
                .setTimes(FileTime.fromMillis(remote.modified()), FileTime.from(java.time.Instant.now()), null);
        if (options.verify()) { // before it takes its name: a copy that differs never looks finished
            String here = sha256(part);
            String there = source.sha256();
            if (!here.equals(there)) {
                synchronized (names) {
                    Files.deleteIfExists(part); // no good to resume from either
                }
                throw differs(remote.path(), here, there,
                        "the copy was removed and " + local.getFileName() + " here left as it was");
            }
        }
        synchronized (names) {
            Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        progress.fileDone(remote.path());
    }

    /**
     * Reads {@code remote} from {@code source} into its part file, continuing what a cut copy left there
     * ({@code from}: where to start, or -1 to look at the part file).
     */
    private void stream(Remote remote, Source source, Path part, long from, long size) throws IOException {
        long offset = from >= 0 ? from : Files.exists(part) && Files.size(part) <= size ? Files.size(part) : 0;
        try (InputStream in = source.from(offset);
             FileChannel out = createOrOpen(part, offset, remote.mode())) {
            if (in instanceof SftpInputStreamAsync mina) {
                // MINA's stream writes its answers' bytes to the file itself: no copy through a buffer of ours
                mina.transferTo(size - offset, counted(out));
            } else {
                copy(in, Channels.newOutputStream(out), size - offset);
            }
        }
    }

    /**
     * Opens the part file {@code part} to write from {@code offset}, making it and its folders when new. Names are
     * made and renamed one at a time ({@link #names}): with a file system's folder lock taken by many copies at once,
     * the system spins on it (2,000 small files: a tenth of the copying threads' time in the kernel's
     * {@code rwsem_spin_on_owner}, on two cores). A new part takes the permission bits of the file on the peer
     * ({@code mode}), under this process's umask, as OpenSSH's sftp makes a file it gets: an executable stays one.
     */
    private FileChannel createOrOpen(Path part, long offset, int mode) throws IOException {
        synchronized (names) {
            Path folder = part.toAbsolutePath().getParent();
            if (folders.add(folder)) { // each folder once: an existing one costs an exception each time
                Files.createDirectories(folder);
            }
            Set<StandardOpenOption> open = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    offset == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
            return mode < 0 || !POSIX ? FileChannel.open(part, open)
                    : FileChannel.open(part, open, PosixFilePermissions.asFileAttribute(
                            SftpHelper.permissionsToAttributes(mode | 0600)));
        }
    }

    /** Copies the file or folder {@code source} to {@code remotePath} (an existing folder, or the new name). */
    @Override
    public void upload(Path source, String remotePath) throws PeerException {
        String what = remotePath + " on " + client.peer().label();
        try {
            if (Files.isRegularFile(source)) {
                String target;
                SftpClient sftp = client.channel(false);
                try {
                    SftpClient.Attributes dest = stat(sftp, remotePath);
                    String base = remotePath.replaceAll("/+$", "");
                    // into a folder that is there, or one named with a trailing slash (made if missing)
                    boolean into = dest != null ? dest.isDirectory() : remotePath.endsWith("/");
                    target = into ? base + "/" + source.getFileName() : base;
                    mkdirs(sftp, target.substring(0, Math.max(0, target.lastIndexOf('/'))));
                } finally {
                    client.release(sftp);
                }
                try (CopyLocks.Held held = lockThere(target, what)) {
                    long size = Files.size(source);
                    // what a cut copy left, looked at first, so that resuming is said as a get says it
                    progress.started(size, 1, size > PutFile.MAX_DATA ? lookAtPart(source, target, size) : 0);
                    inFlight(List.of(source), one -> uploadFile(one, target), source.toString(), what, true);
                }
                progress.finished();
                return;
            }
            List<Path> files = new ArrayList<>();
            List<Path> folders = new ArrayList<>();
            long total = walk(source, files, folders, notCopied);
            String target;
            SftpClient sftp = client.channel(false);
            try {
                SftpClient.Attributes dest = stat(sftp, remotePath);
                String base = remotePath.replaceAll("/+$", "");
                target = dest != null && dest.isDirectory() ? base + "/" + source.getFileName() : base;
            } finally {
                client.release(sftp);
            }
            try (CopyLocks.Held held = lockThere(target, what)) {
                uploadFolder(source, target, files, folders, total, what);
            }
        } catch (IOException | PeerException e) {
            throw failed(e, source.toString(), what, true);
        }
    }

    /** The folder {@code source}'s {@code files} and {@code folders} to {@code target}, as {@link #upload} does. */
    private void uploadFolder(Path source, String target, List<Path> files, List<Path> folders, long total,
            String what) throws IOException, PeerException {
        SftpClient sftp = client.channel(false);
        long resumed;
        Set<Path> whole = new HashSet<>();
        try {
            for (Path folder : folders) {
                String remote = remoteOf(source, target, folder);
                if (mkdir(sftp, remote)) {
                    made.add(remote);
                }
            }
            resumed = lookAtParts(sftp, source, target, files, whole);
        } finally {
            client.release(sftp);
        }
        progress.started(total, files.size(), resumed);
        List<Path> toSend = new ArrayList<>(files.size());
        for (Path f : files) {
            if (whole.contains(f)) {
                progress.fileDone(remoteOf(source, target, f));
            } else {
                toSend.add(f);
            }
        }
        inFlight(toSend, skipping(f -> source.relativize(f).toString(),
                f -> uploadFile(f, remoteOf(source, target, f))), source.toString(), what, true);
        PeerErrors.failIfAnyLeft(what, notCopied);
        progress.finished();
        LOG.debug("{}: {} of {} files went up in one request each ({})", what, inOneRequest.get(), files.size(),
                PutFile.NAME);
    }

    /**
     * What of the folder {@code source}'s {@code files} (going to {@code target}) is on the colleague already, so
     * that a copy run again sends only what is missing and says so as a get of a folder does; returns those bytes.
     * A file there with the size and time of the one here is whole, as a get judges a file here (with
     * {@code --verify}, only when the colleague's SHA-256 of it is this one's): it goes into {@code whole} and is not
     * sent again. For a file a cut copy left a part of, {@link #lookAtPart}. Each folder there that this copy did
     * not make is listed once: no request for each file.
     */
    private long lookAtParts(SftpClient sftp, Path source, String target, List<Path> files, Set<Path> whole)
            throws IOException, PeerException {
        Map<String, Map<String, There>> listed = new HashMap<>();
        long resumed = 0;
        for (Path f : files) {
            String remote = remoteOf(source, target, f);
            String folder = remote.substring(0, remote.lastIndexOf('/'));
            if (made.contains(folder)) {
                continue;
            }
            long size = Files.size(f);
            Map<String, There> there = listed.computeIfAbsent(folder, k -> list(sftp, k));
            There same = there.get(remote.substring(remote.lastIndexOf('/') + 1));
            if (same != null && same.file() && same.size() == size && same.modified() >= 0
                    && sameTime(f, same.modified())
                    && (!options.verify() || sha256(f).equals(peerSha256(sftp, remote)))) {
                whole.add(f);
                resumed += size;
                continue;
            }
            String part = PutFile.part(remote);
            if (size > PutFile.MAX_DATA && there.containsKey(part.substring(part.lastIndexOf('/') + 1))) {
                long offset = partThere(sftp, f, remote, size);
                partsLookedAt.put(remote, offset);
                resumed += offset;
            }
        }
        return resumed;
    }

    /** Where {@code f}, a file or folder in the folder {@code source}, goes in a folder upload to {@code target}. */
    private static String remoteOf(Path source, String target, Path f) {
        String rel = source.relativize(f).toString();
        return rel.isEmpty() ? target : target + "/" + rel;
    }

    /** An entry of a folder on the colleague, as much of it as an upload looks at. */
    private record There(boolean file, long size, long modified) {
    }

    /**
     * The entries of the folder {@code path} on the colleague by name; none when it cannot be listed (each file's
     * copy then says why). A few longs each, not MINA's attributes: a folder of 100,000 files is listed whole.
     */
    private static Map<String, There> list(SftpClient sftp, String path) {
        Map<String, There> entries = new HashMap<>();
        try {
            for (SftpClient.DirEntry e : sftp.readDir(path)) {
                SftpClient.Attributes a = e.getAttributes();
                entries.put(e.getFilename(), new There(a.isRegularFile(), a.getSize(),
                        a.getModifyTime() == null ? -1 : a.getModifyTime().toMillis()));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            entries.clear(); // each file's copy looks at its part itself, as before
        }
        return entries;
    }

    /**
     * Lists the files and folders of {@code source} (sorted), as a walk that does not follow links sees them but
     * with a link taken for what it leads to (a linked folder is made, not walked); returns the files' bytes. One
     * walk, reading each entry's attributes once: two walks and their checks asked the file system five times a
     * file. What cannot be read (a folder that cannot be listed) goes to {@code notCopied}, and the walk goes on.
     */
    private static long walk(Path source, List<Path> files, List<Path> folders, Set<String> notCopied)
            throws IOException {
        long[] total = {0};
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                String why = file.equals(source) ? null : PeerErrors.entryReason(e);
                if (why == null) {
                    throw e;
                }
                notCopied.add(source.relativize(file) + " (" + why + ")");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                folders.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                BasicFileAttributes a = attrs;
                if (attrs.isSymbolicLink()) {
                    try {
                        a = Files.readAttributes(file, BasicFileAttributes.class);
                    } catch (NoSuchFileException e) {
                        return FileVisitResult.CONTINUE; // a link to nothing: nothing to send
                    } catch (IOException e) {
                        return visitFileFailed(file, e);
                    }
                }
                if (a.isRegularFile()) {
                    files.add(file);
                    total[0] += a.size();
                } else if (a.isDirectory()) {
                    folders.add(file);
                } else if (!file.equals(source)) { // a pipe, a socket, a device: named, as a get names them
                    notCopied.add(source.relativize(file) + " (not a file or folder)");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        java.util.Collections.sort(files);
        java.util.Collections.sort(folders);
        return total[0];
    }

    /**
     * The write length for {@code bytes} to go: the peer's, but no longer than the file, since MINA's stream
     * allocates a buffer of that length for every file (a folder of small files would make a 255 KiB one each).
     */
    private int writeLength(SftpClient sftp, long bytes) throws IOException {
        int length = client.writeLength(sftp);
        return length == 0 ? 0 : (int) Math.max(SftpClient.MIN_WRITE_BUFFER_SIZE, Math.min(length, bytes));
    }

    /** Makes the folder {@code path} on the peer and those above it that are missing. */
    private static void mkdirs(SftpClient sftp, String path) throws IOException {
        if (path.isEmpty() || path.equals("/")) {
            return;
        }
        SftpClient.Attributes a = stat(sftp, path);
        if (a == null) {
            mkdirs(sftp, path.substring(0, Math.max(0, path.lastIndexOf('/'))));
            sftp.mkdir(path);
        } else if (!a.isDirectory()) {
            throw new SftpException(SftpConstants.SSH_FX_FILE_ALREADY_EXISTS, path + " is a file there");
        }
    }

    /** Makes the folder {@code path} on the peer unless it is there; says whether it made it. */
    private static boolean mkdir(SftpClient sftp, String path) throws IOException {
        SftpClient.Attributes a = stat(sftp, path);
        if (a == null) {
            sftp.mkdir(path);
            return true;
        } else if (!a.isDirectory()) {
            throw new SftpException(SftpConstants.SSH_FX_FILE_ALREADY_EXISTS, path + " is a file there");
        }
        return false;
    }

    private void uploadFile(Path local, String remote) throws IOException, PeerException {
        BasicFileAttributes attrs = POSIX ? Files.readAttributes(local, PosixFileAttributes.class)
                : Files.readAttributes(local, BasicFileAttributes.class);
        long size = attrs.size();
        int mode = attrs instanceof PosixFileAttributes p
                ? SftpHelper.attributesToPermissions(false, false, false, p.permissions()) & KEPT_ON_PUT : -1;
        SftpClient sftp = client.channel(oneFile);
        try {
            PutFileExtension putFile = new PutFileExtension(sftp);
            // put-file sets the bits where the colleague takes them (version 2); else it makes the file as the
            // colleague makes new files, and a file with bits other than 644 goes through its part, which sets them
            boolean bits = mode >= 0 && putFile.isSupported() && putFile.takesPermissions();
            if (size <= PutFile.MAX_DATA && putFile.isSupported() && (bits || mode < 0 || mode == 0644)) {
                putWhole(putFile, local, remote, (int) size, attrs.lastModifiedTime(), bits ? mode : -1);
                if (options.verify()) { // named by the colleague with the bytes of one read: checked once there
                    String here = sha256(local);
                    String there = peerSha256(sftp, remote);
                    if (!here.equals(there)) {
                        throw differs(remote, here, there, local + " changed after it was read");
                    }
                }
            } else {
                sendThroughPart(sftp, local, remote, size, mode);
            }
        } finally {
            client.release(sftp);
        }
        progress.fileDone(remote);
    }

    /**
     * A small file up in one request ({@link PutFile}): the colleague writes it to its part file, sets its time and
     * its permission bits ({@code mode}; -1: the colleague's defaults) and gives it its name. A stale part of an earlier copy is simply replaced: there is nothing worth resuming.
     */
    private void putWhole(PutFileExtension putFile, Path local, String remote, int size, FileTime time, int mode)
            throws IOException, PeerException {
        byte[] data;
        try (InputStream in = Files.newInputStream(local)) {
            data = in.readNBytes(size);
        }
        if (data.length != size) { // the file shrank under us: no whole copy to name
            throw new PeerException(local + ": " + size + " bytes were to go, " + data.length
                    + " could be read; run the same command again");
        }
        putFile.put(remote, time, data, size, mode);
        moved(size);
        inOneRequest.incrementAndGet();
    }

    /** {@link #partThere}, before the copy starts: the copy of {@code remote} then continues from there. */
    private long lookAtPart(Path local, String remote, long size) throws IOException, PeerException {
        SftpClient sftp = client.channel(false);
        try {
            long offset = partThere(sftp, local, remote, size);
            partsLookedAt.put(remote, offset);
            return offset;
        } finally {
            client.release(sftp);
        }
    }

    /**
     * Bytes of the part file of {@code remote} on the peer that a cut copy of {@code local} left and that can be
     * continued: none when there is none, or it is not the start of {@code local} as it is now (said, and the file
     * goes again from its start).
     */
    private long partThere(SftpClient sftp, Path local, String remote, long size) throws IOException {
        String part = PutFile.part(remote);
        // in a folder this copy made, no part of an earlier copy can wait: one round trip less per file
        SftpClient.Attributes had = made.contains(remote.substring(0, remote.lastIndexOf('/'))) ? null
                : stat(sftp, part);
        long offset = had != null && had.isRegularFile() && had.getSize() <= size ? had.getSize() : 0;
        String changed = local + " changed since the copy to " + client.peer().label() + " stopped";
        if (offset > 0 && !resumable(sftp, part, local, offset, local.toString(), changed)) {
            return 0;
        } else if (had != null && had.isRegularFile() && had.getSize() > size) {
            progress.note(changed + "; copying it again from the start");
        }
        return offset;
    }

    /** The file written to its part file on the peer (continuing one left by a cut copy), renamed, then timed. */
    private void sendThroughPart(SftpClient sftp, Path local, String remote, long size, int perms)
            throws IOException, PeerException {
        String part = PutFile.part(remote);
        Long known = partsLookedAt.remove(remote);
        long offset = known != null ? known : partThere(sftp, local, remote, size);
        EnumSet<OpenMode> mode = offset == 0 ? EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Truncate)
                : EnumSet.of(OpenMode.Write, OpenMode.Create);
        try (FileChannel in = FileChannel.open(local, StandardOpenOption.READ);
             SftpOutputStreamAsync out = new SftpOutputStreamAsync((AbstractSftpClient) sftp,
                     writeLength(sftp, size - offset), part, sftp.open(part, mode), true)) {
            out.setOffset(offset);
            in.position(offset);
            progress.advanced(0);
            // MINA's stream reads the file into its requests itself: no copy through a buffer of ours
            long sent = out.transferFrom(counted(in), size - offset);
            out.flush();
            if (sent != size - offset) { // the file shrank under us: no whole copy to name
                throw new PeerException(local + ": " + (size - offset) + " bytes were to go, " + sent
                        + " could be read; run the same command again");
            }
        }
        if (options.verify()) { // before it takes its name: a copy that differs never looks finished
            String here = sha256(local);
            String there = peerSha256(sftp, part);
            if (!here.equals(there)) {
                sftp.remove(part); // no good to resume from either
                throw differs(remote, here, there, "the copy was removed and what was there left as it was");
            }
        }
        // every write was acknowledged: the part is whole; it takes the real name, replacing what was there
        OpenSSHPosixRenameExtension rename = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (rename != null && rename.isSupported()) {
            rename.posixRename(part, remote);
        } else {
            if (stat(sftp, remote) != null) {
                sftp.remove(remote);
            }
            sftp.rename(part, remote);
        }
        FileTime time = Files.getLastModifiedTime(local);
        SftpClient.Attributes set = new SftpClient.Attributes().modifyTime(time).accessTime(time);
        sftp.setStat(remote, perms < 0 ? set : set.perms(perms));
    }

    /** Whether this machine's files have POSIX permission bits (not on Windows). */
    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
            .contains("posix");
    /**
     * The permission bits a file sent keeps on the colleague's side: none for group and others to write, as a
     * umask of 022 leaves them (OpenSSH's sftp sends the bits and the colleague's umask takes some away), and no
     * set-user-id, set-group-id or sticky bit.
     */
    private static final int KEPT_ON_PUT = 0755;

    /** A step of a copy: one file. */
    @FunctionalInterface
    private interface Step<T> {
        void copy(T item) throws IOException, PeerException;
    }

    /**
     * Copies {@code items} {@value #FILES_IN_FLIGHT} at a time; the first failure stops the rest (what arrived stays
     * for resuming) and is what the copy reports.
     */
    private <T> void inFlight(List<T> items, Step<T> step, String name, String what, boolean writingToPeer)
            throws IOException, PeerException {
        startNanos = System.nanoTime();
        moved.set(0);
        oneFile = items.size() <= 1;
        if (items.size() <= 1) {
            for (T item : items) {
                step.copy(item);
            }
            return;
        }
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(FILES_IN_FLIGHT, items.size()), r -> {
            Thread t = new Thread(r, "lanshare-copy");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (T item : items) {
                done.add(pool.submit(() -> {
                    if (!failed.get()) {
                        try {
                            step.copy(item);
                        } catch (IOException | PeerException | RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw failed(e.getCause(), name, what, writingToPeer); // the rest stop in finally
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("copy interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Copies {@code length} bytes of JSch's stream (one file down), counted as progress. */
    private void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[(int) Math.max(1, Math.min(BUFFER, length))];
        long done = 0;
        while (done < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - done));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            done += moved(n);
        }
        out.flush();
    }

    /**
     * {@code file} as a copy's stream reads or writes it: each read or write counted as progress and held to
     * {@code --limit}; closing it leaves the file to its owner.
     */
    private ByteChannel counted(FileChannel file) {
        return new ByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return moved(file.read(dst));
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                return moved(file.write(src));
            }

            @Override
            public boolean isOpen() {
                return file.isOpen();
            }

            @Override
            public void close() {
                // the caller closes the file
            }
        };
    }

    /** Counts {@code n} bytes moved (none at the end of a file) as progress, held to {@code --limit}. */
    private int moved(int n) throws IOException {
        if (n > 0) {
            progress.advanced(n);
            throttle(moved.addAndGet(n));
        }
        return n;
    }

    /** Holds the whole copy, every file in flight together, to {@code --limit}. */
    private void throttle(long done) throws IOException {
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

    /** The SHA-256 of a file as the peer has it: hashed there when it can ({@code check-file}), else read back. */
    private static String peerSha256(SftpClient sftp, String remote) throws IOException {
        CheckFileNameExtension check = sftp.getExtension(CheckFileNameExtension.class);
        if (check != null && check.isSupported()) {
            try {
                Map.Entry<String, Collection<byte[]>> hash = check.checkFileName(remote, List.of("sha256"), 0, 0, 0);
                if ("sha256".equalsIgnoreCase(hash.getKey()) && hash.getValue().size() == 1) {
                    return HexFormat.of().formatHex(hash.getValue().iterator().next());
                }
            } catch (SftpException e) {
                // the peer does not hash: read it back
            }
        }
        try (InputStream in = sftp.read(remote)) {
            return sha256(in);
        }
    }

    /** The failure of a copy whose SHA-256 differs on the two sides; {@code then} says what became of it. */
    private PeerException differs(String remote, String here, String there, String then) {
        return new PeerException(remote + " on " + client.peer().label() + ": SHA-256 differs after copying (here "
                + here + ", there " + there + "); " + then + "; run the same command again");
    }

    private static String sha256(Path local) throws IOException {
        try (InputStream in = Files.newInputStream(local)) {
            return sha256(in);
        }
    }

    /** What is at {@code path} on the peer, following a link; null when nothing is there. */
    private static SftpClient.Attributes stat(SftpClient sftp, String path) throws IOException {
        try {
            return sftp.stat(path);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
                    || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return null;
            }
            throw e;
        }
    }

    private static long millis(SftpClient.Attributes a) {
        return a.getModifyTime() == null ? 0 : a.getModifyTime().toMillis();
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md = sha256();
        try (DigestInputStream d = new DigestInputStream(in, md)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Progress as the caller wrote it, for one thread: several files in flight report through one lock. */
    private static Progress synchronizedProgress(Progress p) {
        return new Progress() {
            @Override
            public synchronized void started(long bytes, int files, long resumedBytes) {
                p.started(bytes, files, resumedBytes);
            }

            @Override
            public synchronized void advanced(long bytes) {
                p.advanced(bytes);
            }

            @Override
            public synchronized void fileDone(String name) {
                p.fileDone(name);
            }

            @Override
            public synchronized void note(String line) {
                p.note(line);
            }

            @Override
            public synchronized void finished() {
                p.finished();
            }
        };
    }
}
