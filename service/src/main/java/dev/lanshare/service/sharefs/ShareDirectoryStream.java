package dev.lanshare.service.sharefs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** A listing whose entries are client paths. */
final class ShareDirectoryStream implements DirectoryStream<Path> {
    interface Closer {
        void close() throws IOException;
    }

    private final Iterator<Path> entries;
    private final Closer closer;
    private boolean iterated;

    ShareDirectoryStream(Iterator<Path> entries, Closer closer) {
        this.entries = entries;
        this.closer = closer;
    }

    /**
     * Lists {@code local}, naming each entry below {@code shownDir} and keeping those {@code filter} accepts. With a
     * {@code shareRoot} (the folder of the share that {@code local}, already resolved and checked, is in), every
     * entry carries its attributes, read once here; entries that went away meanwhile are left out.
     */
    static ShareDirectoryStream mapped(DirectoryStream<Path> local, SharePath shownDir, Path shareRoot,
            Filter<? super Path> filter) {
        Iterator<Path> it = local.iterator();
        EntryAttributes.Keys keys = local instanceof OpenedFolders.Listing listing ? listing::keyOf : null;
        Iterator<Path> mapped = new Iterator<>() {
            private Path next;

            @Override
            public boolean hasNext() {
                while (next == null && it.hasNext()) {
                    Path entry = it.next();
                    String name = entry.getFileName().toString();
                    if (!Names.listable(name)) {
                        continue; // not valid UTF-8 here: shown, it would name another file (see Names)
                    }
                    SharePath candidate = shownDir.resolve(name);
                    try {
                        if (shareRoot != null) {
                            org.apache.sshd.sftp.client.SftpClient.Attributes attributes;
                            try {
                                attributes = EntryAttributes.read(entry, name, shareRoot, keys);
                            } catch (IOException e) {
                                throw Errors.translate(e, candidate.toString(), null);
                            }
                            if (attributes == null) {
                                continue;
                            }
                            candidate = new ListedPath(candidate, attributes);
                        }
                        if (filter.accept(candidate)) {
                            next = candidate;
                        }
                    } catch (IOException e) {
                        throw new DirectoryIteratorException(e);
                    }
                }
                return next != null;
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Path out = next;
                next = null;
                return out;
            }
        };
        return new ShareDirectoryStream(mapped, local::close);
    }

    @Override
    public Iterator<Path> iterator() {
        if (iterated) {
            throw new IllegalStateException("a directory stream can be iterated once");
        }
        iterated = true;
        return entries;
    }

    @Override
    public void close() throws IOException {
        closer.close();
    }
}
