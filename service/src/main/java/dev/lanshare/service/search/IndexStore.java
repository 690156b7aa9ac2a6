package dev.lanshare.service.search;

import dev.lanshare.service.sharefs.ShareTree.Item;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NIOFSDirectory;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index on disk: one document per folder holding its entries ({@link FolderDocuments}),
 * written by one writer with a small RAM buffer, read
 * through near-real-time searchers. Which shares are complete is kept in the commit itself, so a crash in the
 * middle of building leaves a share marked unfinished, and the next start builds it again.
 */
final class IndexStore implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexStore.class);
    static final double RAM_BUFFER_MB = 8;
    /** Commit key of a finished share: {@code share:NAME} -> the folder it was built from. */
    private static final String COMPLETE = "share:";
    /**
     * Commit key of the layout of the documents. An index written in another layout is built again on open
     * (2: name and share no longer stored but read from the path; size, time and folder stored as one field;
     * size indexed as points only. 3: one document per folder, {@link FolderDocuments}).
     */
    private static final String FORMAT = "format";
    private static final String FORMAT_VERSION = "5"; // 4: names composed (NFC) before they are split; 5: and in ASCII

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

    /** Adds a folder's entries, known not to be in the index yet (a share being built from nothing). */
    void addFolder(String share, String folder, List<Item> entries) throws IOException {
        add(FolderDocuments.documents(share, folder, entries));
    }

    /** Adds documents made by {@link FolderDocuments#documents}, known not to be in the index yet. */
    void add(List<Document> documents) throws IOException {
        for (Document d : documents) {
            writer.addDocument(d);
        }
    }

    /** Replaces what the index holds directly in {@code folder} with {@code entries}. */
    void replaceFolder(String share, String folder, List<Item> entries) throws IOException {
        writer.deleteDocuments(new Term(FolderDocuments.FOLDER, folder));
        addFolder(share, folder, entries);
    }

    /** Removes everything the index holds in the folder {@code path} and below it. */
    void removeTree(String path) throws IOException {
        writer.deleteDocuments(new TermQuery(new Term(FolderDocuments.FOLDER, path)),
                new PrefixQuery(new Term(FolderDocuments.FOLDER, path + "/")));
    }

    /** Drops every entry of a share, and its mark of being complete. */
    void removeShare(String share) throws IOException {
        writer.deleteDocuments(new Term(FolderDocuments.SHARE, share));
        commit(share, null);
    }

    /** What the index holds directly in the folder {@code folder}, by name. */
    Map<String, Item> children(IndexSearcher searcher, String folder) throws IOException {
        Map<String, Item> out = new HashMap<>();
        TermQuery query = new TermQuery(new Term(FolderDocuments.FOLDER, folder));
        int count = searcher.count(query); // asking for all at once would size the queue for the whole index
        if (count == 0) {
            return out;
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (ScoreDoc sd : searcher.search(query, count).scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
            FolderDocuments.Chunk c = FolderDocuments.chunk(leaf.reader(), sd.doc - leaf.docBase);
            for (int i = 0; i < c.size(); i++) {
                Item e = c.item(i);
                out.put(e.name(), e);
            }
        }
        return out;
    }

    /** How many entries of {@code share} the index holds. */
    static int count(IndexSearcher searcher, String share) throws IOException {
        int n = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader r = leaf.reader();
            PostingsEnum docs = r.postings(new Term(FolderDocuments.SHARE, share));
            BinaryDocValues times = r.getBinaryDocValues(FolderDocuments.TIMES);
            if (docs == null || times == null) {
                continue;
            }
            Bits live = r.getLiveDocs();
            for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
                if ((live == null || live.get(d)) && times.advanceExact(d)) {
                    n += times.binaryValue().length / Long.BYTES;
                }
            }
        }
        return n;
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
