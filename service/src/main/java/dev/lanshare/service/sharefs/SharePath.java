package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.file.util.BasePath;

/** A path as clients see it: {@code /} lists the shares, {@code /Plans/a.dwg} is a file in share Plans. */
public class SharePath extends BasePath<SharePath, ShareFileSystem> {
    SharePath(ShareFileSystem fs, String root, List<String> names) {
        super(fs, root, names);
    }

    @Override
    public SharePath toRealPath(LinkOption... options) throws IOException {
        return getFileSystem().provider().toRealPath(this, options);
    }

    /** A copy of {@code path}: same file system, root and names. */
    SharePath(SharePath path) {
        super(path.getFileSystem(), path.root, path.names);
    }

    /** The path's names after {@link #normalize()} of its absolute form; the first is the share's name. */
    public List<String> absoluteNames() {
        return toAbsolutePath().normalize().names;
    }
}
