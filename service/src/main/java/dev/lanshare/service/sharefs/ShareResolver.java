package dev.lanshare.service.sharefs;

import dev.lanshare.config.Access;
import dev.lanshare.config.Share;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Where a client path leads: the share it names and the host path behind it, checked to stay inside the share
 * after symlinks are resolved, and checked for write access when the caller means to change something. Every
 * operation of {@link ShareFileSystemProvider} starts here.
 */
public final class ShareResolver {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final ShareFileSystem fs;

    ShareResolver(ShareFileSystem fs) {
        this.fs = fs;
    }

    static final String TOP_LEVEL = "the top level lists the shares; open a share to change files";


    enum Intent { READ, WRITE }

    /** Where a client path leads: {@code share} is null for {@code /}, {@code depth} 1 for a share's folder. */
    record Target(String shown, Share share, Path local, int depth) {
        boolean isTop() {
            return share == null;
        }
    }

    Target resolve(Path path, Intent intent, boolean follow) throws IOException {
        List<String> names = cast(path).absoluteNames();
        if (names.isEmpty()) {
            if (intent == Intent.WRITE) {
                throw denied("/", TOP_LEVEL);
            }
            return new Target("/", null, fs.placeholderRoot(), 0);
        }
        Share share = fs.visibleShare(names.get(0)).orElse(null);
        if (share == null) {
            String asked = "/" + String.join("/", names);
            if (intent == Intent.WRITE && names.size() == 1) {
                throw denied(asked, TOP_LEVEL);
            }
            throw new NoSuchFileException(asked, null, "no share named '" + names.get(0) + "'");
        }
        List<String> rest = names.subList(1, names.size());
        String shown = "/" + share.name() + (rest.isEmpty() ? "" : "/" + String.join("/", rest));
        if (intent == Intent.WRITE && fs.access(share) != Access.WRITE) {
            throw denied(shown, share.readOnly() ? "share '" + share.name() + "' is read-only"
                    : "you may only read share '" + share.name() + "'");
        }
        if (rest.isEmpty()) {
            return new Target(shown, share, share.folder(), 1);
        }
        Path lexical = inside(share.folder(), rest, shown);
        Names.checkHostPath(shown, lexical);
        return new Target(shown, share, follow ? followed(lexical, share.folder(), shown) : lexical, names.size());
    }

    /** The local path for {@code rest}, with every folder above it resolved and checked to be in the share. */
    private static Path inside(Path root, List<String> rest, String shown) throws IOException {
        Path parent = root;
        try {
            for (String name : rest.subList(0, rest.size() - 1)) {
                parent = parent.resolve(name);
            }
            Path real = rest.size() == 1 ? root : RequestFolders.realPath(parent);
            if (!real.startsWith(root)) {
                throw outside(shown);
            }
            return real.resolve(rest.get(rest.size() - 1));
        } catch (InvalidPathException e) {
            throw new NoSuchFileException(shown, null, "not a valid name");
        } catch (AccessDeniedException e) {
            throw e.getFile() != null && e.getFile().equals(shown) ? e : Errors.translate(e, shown, null);
        } catch (IOException e) {
            throw Errors.translate(e, shown, null);
        }
    }

    /** {@code lexical} with a final symlink followed, refused when it leads out of the share. */
    private static Path followed(Path lexical, Path root, String shown) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(lexical, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return lexical; // a new name; its folder was checked
        } catch (IOException e) {
            throw Errors.translate(e, shown, null); // the platform's message names the host path
        }
        if (!attrs.isSymbolicLink()) {
            return lexical;
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (IOException e) {
            throw new NoSuchFileException(shown, null, "a link to something that does not exist here");
        }
        if (!real.startsWith(root)) {
            throw outside(shown);
        }
        Names.checkHostPath(shown, real);
        return real;
    }

    static AccessDeniedException outside(String shown) {
        return denied(shown, "it leads outside the share");
    }

    static AccessDeniedException denied(String shown, String reason) {
        return new AccessDeniedException(shown, null, reason);
    }

    public static SharePath cast(Path path) {
        if (path instanceof SharePath p) {
            return p;
        }
        throw new ProviderMismatchException("not a lanshare path: " + path.getClass().getSimpleName());
    }
}
