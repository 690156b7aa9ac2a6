package dev.lanshare.service.sharefs;

import dev.lanshare.config.Share;
import dev.lanshare.service.sharefs.ShareResolver.Intent;
import dev.lanshare.service.sharefs.ShareResolver.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The single choke point between clients and the disk. Every operation first has {@link ShareResolver} map the
 * client's path to a share and a host path (inside the share after symlinks are resolved, writable when the
 * operation changes anything), and only then calls the platform's provider.
 * Errors are rewritten so that clients see their own paths, never the host's.
 */
public final class ShareFileSystemProvider extends FileSystemProvider {
    private static final FileSystemProvider LOCAL = FileSystems.getDefault().provider();
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final LinkOption[] FOLLOW = {};

    private ShareFileSystem fs;
    private ShareResolver resolver;

    void attach(ShareFileSystem fileSystem) {
        this.fs = fileSystem;
        this.resolver = new ShareResolver(fileSystem);
    }

    private Target resolve(Path path, Intent intent, boolean follow) throws IOException {
        return resolver.resolve(path, intent, follow);
    }

    private static AccessDeniedException outside(String shown) {
        return ShareResolver.outside(shown);
    }

    public static AccessDeniedException denied(String shown, String reason) {
        return ShareResolver.denied(shown, reason);
    }

    private static SharePath cast(Path path) {
        return ShareResolver.cast(path);
    }
    private static final Set<OpenOption> WRITE_OPTIONS = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);


    private static boolean follows(LinkOption... options) {
        return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
    }

    static IOException translate(IOException e, String shown) {
        return Errors.translate(e, shown, null);
    }

    // ---- opening files

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, (root, local, opts) -> OpenedFolders.open(root, local, opts, attrs));
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return open(path, options, (root, local, opts) -> OpenedFolders.openFile(root, local, opts, attrs));
    }

    private interface Opener<C extends Channel> {
        C open(Path root, Path local, Set<OpenOption> options) throws IOException;
    }

    private <C extends Channel> C open(Path path, Set<? extends OpenOption> options, Opener<C> opener)
            throws IOException {
        boolean writing = options.stream().anyMatch(WRITE_OPTIONS::contains);
        Intent intent = writing ? Intent.WRITE : Intent.READ;
        boolean follow = !options.contains(LinkOption.NOFOLLOW_LINKS);
        // Where files are opened relative to their opened folder, the open itself refuses a link at the end of the
        // path (O_NOFOLLOW): the usual case, a file or a new name, is opened without looking at its name first (a
        // look that, for a new name, also cost an exception: a tenth of a colleague's work for an upload of small
        // files), and only a link is then resolved, its aim checked, and opened. Elsewhere the name is looked at
        // first, as before.
        boolean lookFirst = follow && !RequestFolders.relativeOpens();
        Target t = resolve(path, intent, lookFirst);
        if (t.isTop()) {
            throw new java.nio.file.FileSystemException(t.shown(), null, "is a folder");
        }
        Set<OpenOption> opts = new HashSet<>(options);
        // the path is resolved already: a link swapped in after the check must not be followed, at the end or on
        // the way (see OpenedFolders)
        opts.add(LinkOption.NOFOLLOW_LINKS);
        try {
            return opened(t, opts, opener, writing);
        } catch (IOException e) {
            if (!follow || lookFirst || !isLinkRefused(e)) {
                throw translate(e, t.shown());
            }
        }
        Target aim = resolve(path, intent, true);
        try {
            return opened(aim, opts, opener, writing);
        } catch (IOException e) {
            throw translate(e, aim.shown());
        }
    }

    private <C extends Channel> C opened(Target t, Set<OpenOption> opts, Opener<C> opener, boolean writing)
            throws IOException {
        return fs.channels().track(opener.open(t.share().folder(), t.local(), opts), t.share().name(), writing);
    }

    /**
     * The open refused because the last name is a link: ELOOP under O_NOFOLLOW, which this JDK reports as a plain
     * IOException, "Too many levels of symbolic links (NOFOLLOW_LINKS specified)".
     */
    private static boolean isLinkRefused(IOException e) {
        return !(e instanceof NoSuchFileException) && !(e instanceof AccessDeniedException)
                && !(e instanceof FileAlreadyExistsException) && e.getMessage() != null
                && e.getMessage().contains("symbolic link");
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        Target t = resolve(dir, Intent.READ, true);
        if (t.isTop()) {
            List<Path> shares = new ArrayList<>();
            for (Share s : fs.visibleShares()) {
                Path p = fs.getPath("/", s.name());
                if (filter.accept(p)) {
                    shares.add(p);
                }
            }
            return new ShareDirectoryStream(shares.iterator(), () -> { });
        }
        SharePath shownDir = fs.getPath(t.shown());
        try {
            DirectoryStream<Path> local = OpenedFolders.list(t.share().folder(), t.local());
            return ShareDirectoryStream.mapped(local, shownDir,
                    EntryAttributes.SUPPORTED ? t.share().folder() : null, filter);
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
    }

    // ---- changing the tree

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Target t = resolve(dir, Intent.WRITE, false);
        try {
            OpenedFolders.createDirectory(t.share().folder(), t.local(), attrs);
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        Target l = resolve(link, Intent.WRITE, false);
        SharePath linkPath = cast(link).toAbsolutePath().normalize();
        SharePath aim = cast(target);
        SharePath absoluteAim = (aim.isAbsolute() ? aim : linkPath.getParent().resolve(aim)).normalize();
        List<String> aimNames = absoluteAim.absoluteNames();
        if (l.depth() < 2 || aimNames.size() < 2 || !aimNames.get(0).equalsIgnoreCase(l.share().name())) {
            throw denied(l.shown(), "links may only point to files in the same share");
        }
        Path lexicalAim = l.share().folder();
        for (String n : aimNames.subList(1, aimNames.size())) {
            lexicalAim = lexicalAim.resolve(n);
        }
        try {
            OpenedFolders.createSymbolicLink(l.share().folder(), l.local(), l.local().getParent().relativize(lexicalAim),
                    attrs);
        } catch (IOException | IllegalArgumentException e) {
            throw e instanceof IOException io ? translate(io, l.shown()) : denied(l.shown(), "bad link target");
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        // a hard link would give a file a second set of rules (a read-only file in a writable share)
        throw denied(cast(link).toAbsolutePath().normalize().toString(), "hard links are not allowed in shares");
    }

    @Override
    public void delete(Path path) throws IOException {
        Target t = resolve(path, Intent.WRITE, false);
        refuseShareFolder(t, "removed");
        try {
            OpenedFolders.delete(t.share().folder(), t.local());
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Target s = resolve(source, Intent.READ, follows(toLinkOptions(options)));
        Target d = resolve(target, Intent.WRITE, false);
        refuseShareFolder(d, "replaced");
        try {
            OpenedFolders.copy(s.share().folder(), s.local(), d.share().folder(), d.local(), options);
        } catch (IOException e) {
            throw Errors.translate(e, s.shown(), d.shown());
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Target s = resolve(source, Intent.WRITE, false);
        Target d = resolve(target, Intent.WRITE, false);
        refuseShareFolder(s, "renamed");
        refuseShareFolder(d, "replaced");
        try {
            OpenedFolders.move(s.share().folder(), s.local(), d.share().folder(), d.local(), options);
        } catch (IOException e) {
            throw Errors.translate(e, s.shown(), d.shown());
        }
    }

    private static void refuseShareFolder(Target t, String what) throws AccessDeniedException {
        if (t.depth() < 2) {
            throw denied(t.shown(), "a shared folder itself cannot be " + what + " by a client");
        }
    }

    private static LinkOption[] toLinkOptions(CopyOption... options) {
        return Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS) ? NOFOLLOW : FOLLOW;
    }

    /** The host path behind a client path (for the server's own bookkeeping, never shown to clients). */
    public Path localPath(Path path) throws IOException {
        return resolve(path, Intent.READ, false).local();
    }

    /**
     * Refuses with {@link AccessDeniedException} unless this session may change files in the share {@code path} is
     * in. The path itself is not looked up: the change does that, from the opened folders. (MINA asks this after
     * every mkdir; a lookup by path then, meeting a folder swapped for a link, would answer failure for a folder
     * made.)
     */
    public void checkWritable(Path path) throws IOException {
        List<String> names = cast(path).absoluteNames();
        resolve(names.isEmpty() ? path : fs.getPath("/", names.get(0)), Intent.WRITE, false);
    }

    // ---- reading and setting attributes

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        boolean follow = follows(options);
        Target t = resolve(path, Intent.READ, follow);
        try {
            if (type == BasicFileAttributes.class) {
                return type.cast(OpenedFolders.onView(root(t), t.local(), BasicFileAttributeView.class,
                        BasicFileAttributeView::readAttributes));
            }
            if (type == PosixFileAttributes.class) {
                return type.cast(OpenedFolders.onView(root(t), t.local(), PosixFileAttributeView.class,
                        PosixFileAttributeView::readAttributes));
            }
            throw new UnsupportedOperationException(type.getSimpleName() + " is not supported here");
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        boolean follow = follows(options);
        Target t = resolve(path, Intent.READ, follow);
        try {
            return OpenedFolders.readAttributes(root(t), t.local(), attributes);
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        boolean follow = follows(options);
        Target t = resolve(path, Intent.WRITE, follow);
        try {
            OpenedFolders.setAttribute(t.share().folder(), t.local(), attribute, value);
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        boolean follow = follows(options);
        return AttributeViews.checked(type, writing -> {
            Target t = resolve(path, writing ? Intent.WRITE : Intent.READ, follow);
            return new AttributeViews.Located(t.shown(), root(t), t.local());
        });
    }

    /**
     * The folder that {@code t} is reached from: its share's, or for the top level the placeholder that stands for
     * it. (Where {@code t} is resolved, following was done then: what is left is read without following.)
     */
    private static Path root(Target t) {
        return t.isTop() ? t.local() : t.share().folder();
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        boolean writing = Arrays.asList(modes).contains(AccessMode.WRITE);
        Target t = resolve(path, writing ? Intent.WRITE : Intent.READ, true);
        try {
            PathReads.checkAccess(root(t), t.local(), modes);
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        Target t = resolve(link, Intent.READ, false);
        Path aim;
        try {
            aim = PathReads.readLink(root(t), t.local());
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
        Path resolved = t.local().getParent().resolve(aim).normalize();
        if (t.isTop() || !resolved.startsWith(t.share().folder())) {
            throw outside(t.shown());
        }
        if (!aim.isAbsolute()) {
            return fs.getPath(aim.toString());
        }
        return shareRelative(t.share(), resolved);
    }

    SharePath toRealPath(SharePath path, LinkOption... options) throws IOException {
        Target t = resolve(path, Intent.READ, follows(options));
        if (t.isTop()) {
            return fs.getPath("/");
        }
        try {
            // resolved already (folders above real, a link at the end followed when asked): what is left is that
            // it exists, asked of the opened folder chain rather than by a second lookup by path
            OpenedFolders.keyOf(root(t), t.local());
        } catch (IOException e) {
            throw translate(e, t.shown());
        }
        return shareRelative(t.share(), t.local());
    }

    private SharePath shareRelative(Share share, Path localInside) {
        Path rel = share.folder().relativize(localInside);
        List<String> names = new ArrayList<>();
        names.add(share.name());
        rel.forEach(n -> {
            if (!n.toString().isEmpty()) {
                names.add(n.toString());
            }
        });
        return fs.getPath("/", names.toArray(new String[0]));
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        Target a = resolve(path, Intent.READ, true);
        Target b = resolve(path2, Intent.READ, true);
        try {
            Object key = OpenedFolders.keyOf(root(a), a.local());
            return key == null ? LOCAL.isSameFile(a.local(), b.local()) : key.equals(OpenedFolders.keyOf(root(b), b.local()));
        } catch (IOException e) {
            throw translate(e, a.shown());
        }
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        Target t = resolve(path, Intent.READ, true);
        return LOCAL.getFileStore(t.local());
    }

    // ---- the rest of the SPI: this file system is made per session, never by URI

    @Override
    public String getScheme() {
        return "lanshare";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("lanshare file systems are made per session");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("lanshare file systems are made per session");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("lanshare file systems are made per session");
    }
}
