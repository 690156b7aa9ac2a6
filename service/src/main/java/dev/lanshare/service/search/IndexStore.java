package dev.lanshare.service.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NIOFSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index on disk: one document per file or folder, written by one writer with a small RAM buffer, read
 * through near-real-time searchers. Which shares are complete is kept in the commit itself, so a crash in the
 * middle of building leaves a share marked unfinished, and the next start builds it again.
 */
final class IndexStore implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);
    static final double RAM_BUFFER_MB = 16;
    /** Commit key of a finished share: {@code share:NAME} -> the folder it was built from. */
    private static final String COMPLETE = "share:";
    /**
     * Commit key of the layout of the documents. An index written in another layout is built again on open
     * (2: name and share no longer stored but read from the path; size, time and folder stored as one field;
     * size indexed as points only).
     */
    private static final String FORMAT = "format";
    private static final String FORMAT_VERSION = "2";

    static final String PATH = "path";
    static final String SHARE = "share";
    static final String PARENT = "parent";
    /** Stored: whether a folder, size and time, in one field ({@link #meta}). */
    static final String META = "meta";
    static final String WORD = "word";
    static final String EXT = "ext";
    static final String SIZE = "size";
    static final String MODIFIED = "modified";

    private final FSDirectory dir;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, String> complete;

    private IndexStore(FSDirectory dir, IndexWriter writer) throws IOException {
        this.dir = dir;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.complete = new HashMap<>();
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            data.forEach(e -> complete.put(e.getKey(), e.getValue()));
        }
        if (writer.getDocStats().maxDoc == 0 && !complete.containsKey(FORMAT)) {
            complete.put(FORMAT, FORMAT_VERSION); // a new index is written in this layout
        }
    }

    /** Opens the index in {@code folder}; one that cannot be read (a crash, a disk error) is built anew. */
    static IndexStore open(Path folder) throws IOException {
        Files.createDirectories(folder);
        try {
            IndexStore store = open(folder, IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            if (FORMAT_VERSION.equals(store.complete.get(FORMAT))) {
                return store;
            }
            boolean empty = store.writer.getDocStats().maxDoc == 0;
            store.rollback();
            if (!empty) {
                LOG.info("the search index was written by an older version; building it again");
            }
            clear(folder);
            return open(folder, IndexWriterConfig.OpenMode.CREATE);
        } catch (LockObtainFailedException e) {
            throw new IOException("the search index " + folder + " is in use by another lanshare service", e);
        } catch (IOException | RuntimeException e) {
            LOG.warn("the search index could not be read ({}); building it again", e.toString());
            clear(folder); // even CREATE reads the last commit, so a damaged one has to go first
            return open(folder, IndexWriterConfig.OpenMode.CREATE);
        }
    }

    /** Deletes the index's files; the folder is the index's own, holding nothing else. */
    private static void clear(Path folder) throws IOException {
        try (FSDirectory dir = FSDirectory.open(folder)) {
            for (String name : dir.listAll()) {
                if (Files.isRegularFile(folder.resolve(name))) {
                    dir.deleteFile(name);
                }
            }
        }
    }

    private static IndexStore open(Path folder, IndexWriterConfig.OpenMode mode) throws IOException {
        // read with plain file reads, not mapped: the page cache holds the index either way, but mapped pages
        // that searches touched count as the service's resident memory
        FSDirectory dir = new NIOFSDirectory(folder);
        IndexWriter writer = null;
        try {
            IndexWriterConfig config = new IndexWriterConfig().setOpenMode(mode).setRAMBufferSizeMB(RAM_BUFFER_MB)
                    .setCommitOnClose(false);
            writer = new IndexWriter(dir, config);
            DirectoryReader.open(writer).close(); // reads every segment's header: a damaged one fails here
            return new IndexStore(dir, writer);
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.rollback();
            }
            dir.close();
            throw e;
        }
    }

    /** Closes without committing (an index about to be built anew). */
    private void rollback() throws IOException {
        try {
            searchers.close();
            writer.rollback();
        } finally {
            dir.close();
        }
    }

    /** The folder a share was completely indexed from, or null when it was not (or not finished). */
    synchronized String completedFolder(String share) {
        return complete.get(COMPLETE + share);
    }

    /** Makes the changes so far durable, with {@code share} marked complete or not. */
    synchronized void commit(String share, String folder) throws IOException {
        if (share != null) {
            if (folder == null) {
                complete.remove(COMPLETE + share);
            } else {
                complete.put(COMPLETE + share, folder);
            }
        }
        writer.setLiveCommitData(Map.copyOf(complete).entrySet());
        writer.commit();
    }

    void put(Entry e) throws IOException {
        writer.updateDocument(new Term(PATH, e.path()), document(e));
    }

    /** Adds a document known not to be there yet (a share being built from nothing): no lookup. */
    void add(Entry e) throws IOException {
        writer.addDocument(document(e));
    }

    /** Removes the entry at {@code path} and, for a folder, everything below it. */
    void remove(String path, boolean folder) throws IOException {
        writer.deleteDocuments(new Term(PATH, path));
        if (folder) {
            writer.deleteDocuments(new PrefixQuery(new Term(PATH, path + "/")));
        }
    }

    /** Drops every entry of a share, and its mark of being complete. */
    void removeShare(String share) throws IOException {
        writer.deleteDocuments(new Term(SHARE, share));
        commit(share, null);
    }

    /** What the index holds directly in the folder {@code parent}, by name. */
    Map<String, Entry> children(IndexSearcher searcher, String share, String parent) throws IOException {
        Map<String, Entry> out = new HashMap<>();
        TermQuery query = new TermQuery(new Term(PARENT, parent));
        int count = searcher.count(query); // asking for all at once would size the queue for the whole index
        if (count == 0) {
            return out;
        }
        TopDocs docs = searcher.search(query, count);
        for (ScoreDoc sd : docs.scoreDocs) {
            Entry e = entry(searcher.storedFields().document(sd.doc), share);
            out.put(e.name(), e);
        }
        return out;
    }

    static Entry entry(Document d, String share) {
        String path = d.get(PATH);
        BytesRef meta = d.getBinaryValue(META);
        ByteBuffer b = ByteBuffer.wrap(meta.bytes, meta.offset, meta.length);
        boolean folder = b.get() == 1;
        long size = b.getLong();
        long modified = b.getLong();
        return new Entry(share == null ? path.substring(1, path.indexOf('/', 1)) : share, path,
                path.substring(path.lastIndexOf('/') + 1), folder, size, modified);
    }

    /**
     * The fields of one entry: its path (the key, stored), share and parent folder (indexed only), words and
     * extension (indexed only, no norms, no frequencies), size (points for a range), time (points and doc values,
     * as results are sorted by it) and one small stored field with folder, size and time.
     */
    private static Document document(Entry e) {
        Document d = new Document();
        d.add(new StringField(PATH, e.path(), Field.Store.YES));
        d.add(new StringField(SHARE, e.share(), Field.Store.NO));
        d.add(new StringField(PARENT, e.parent(), Field.Store.NO));
        for (String w : Words.ofName(e.name())) {
            d.add(new StringField(WORD, w, Field.Store.NO));
        }
        if (!e.folder()) {
            Words.extension(e.name()).ifPresent(x -> d.add(new StringField(EXT, x, Field.Store.NO)));
        }
        d.add(new LongPoint(SIZE, e.size()));
        d.add(new LongField(MODIFIED, e.modified(), Field.Store.NO));
        byte[] meta = ByteBuffer.allocate(17).put((byte) (e.folder() ? 1 : 0)).putLong(e.size())
                .putLong(e.modified()).array();
        d.add(new StoredField(META, meta));
        return d;
    }

    SearcherManager searchers() {
        return searchers;
    }

    /** Makes what was written visible to searches. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Commits and closes; a share still being built stays marked unfinished, and is built again next time. */
    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            commit(null, null);
            writer.close();
        } finally {
            dir.close();
        }
    }
}
