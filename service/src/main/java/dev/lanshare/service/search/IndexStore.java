package dev.lanshare.service.search;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
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
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index on disk: one document per folder (per {@link #CHUNK} entries of a big one) holding its entries,
 * written by one writer with a small RAM buffer, read
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
     * size indexed as points only. 3: one document per folder, or per {@link #CHUNK} entries of a big one).
     */
    private static final String FORMAT = "format";
    private static final String FORMAT_VERSION = "3";

    /** A folder's client path ({@code /Share/a/b}): indexed, the key of its documents, and stored. */
    static final String FOLDER = "folder";
    static final String SHARE = "share";
    /** Stored: the names of a chunk's entries, joined by {@code /} (which no name holds). */
    static final String NAMES = "names";
    /** Doc values: each entry's modification time, 8 bytes an entry (read for every match, so kept apart). */
    static final String TIMES = "times";
    /** Doc values: each entry's size (8 bytes an entry), then whether each is a folder (a byte an entry). */
    static final String META = "meta";
    /** Indexed with positions: the words of each entry's name, at the entry's place in its chunk. */
    static final String WORD = "word";
    /** Indexed with positions: each file's extension, at the entry's place in its chunk. */
    static final String EXT = "ext";
    /** At most this many entries of a folder go in one document; bigger folders take several. */
    static final int CHUNK = 512;

    private static final FieldType POSITIONS = positions();

    private static FieldType positions() {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setOmitNorms(true);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        t.freeze();
        return t;
    }

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
    void addFolder(String share, String folder, List<Entry> entries) throws IOException {
        add(documents(share, folder, entries));
    }

    /** Adds documents made by {@link #documents}, known not to be in the index yet. */
    void add(List<Document> documents) throws IOException {
        for (Document d : documents) {
            writer.addDocument(d);
        }
    }

    /**
     * The documents of a folder's entries, {@link #CHUNK} at most each. Making them (splitting names into words)
     * is half the work of indexing, and needs no writer: a build makes them on the threads that read the folders.
     */
    static List<Document> documents(String share, String folder, List<Entry> entries) {
        List<Document> out = new ArrayList<>(entries.size() / CHUNK + 1);
        for (int from = 0; from < entries.size(); from += CHUNK) {
            out.add(document(share, folder, entries.subList(from, Math.min(entries.size(), from + CHUNK))));
        }
        return out;
    }

    /** Replaces what the index holds directly in {@code folder} with {@code entries}. */
    void replaceFolder(String share, String folder, List<Entry> entries) throws IOException {
        writer.deleteDocuments(new Term(FOLDER, folder));
        addFolder(share, folder, entries);
    }

    /** Removes everything the index holds in the folder {@code path} and below it. */
    void removeTree(String path) throws IOException {
        writer.deleteDocuments(new TermQuery(new Term(FOLDER, path)), new PrefixQuery(new Term(FOLDER, path + "/")));
    }

    /** Drops every entry of a share, and its mark of being complete. */
    void removeShare(String share) throws IOException {
        writer.deleteDocuments(new Term(SHARE, share));
        commit(share, null);
    }

    /** What the index holds directly in the folder {@code folder}, by name. */
    Map<String, Entry> children(IndexSearcher searcher, String share, String folder) throws IOException {
        Map<String, Entry> out = new HashMap<>();
        TermQuery query = new TermQuery(new Term(FOLDER, folder));
        int count = searcher.count(query); // asking for all at once would size the queue for the whole index
        if (count == 0) {
            return out;
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (ScoreDoc sd : searcher.search(query, count).scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
            Chunk c = chunk(leaf.reader(), sd.doc - leaf.docBase);
            for (int i = 0; i < c.size(); i++) {
                Entry e = c.entry(share, i);
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
            PostingsEnum docs = r.postings(new Term(SHARE, share));
            BinaryDocValues times = r.getBinaryDocValues(TIMES);
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

    /** One document's entries: the folder they are in, their names, times, and sizes and kinds. */
    record Chunk(String folder, String[] names, byte[] times, byte[] meta) {
        int size() {
            return names.length;
        }

        long modified(int i) {
            return (long) LONG.get(times, i * Long.BYTES);
        }

        long size(int i) {
            return (long) LONG.get(meta, i * Long.BYTES);
        }

        boolean isFolder(int i) {
            return meta[names.length * Long.BYTES + i] == 1;
        }

        String path(int i) {
            return folder + "/" + names[i];
        }

        Entry entry(String share, int i) {
            return new Entry(share, folder, names[i], isFolder(i), size(i), modified(i));
        }
    }

    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Reads one document (by its number within {@code reader}) whole. */
    static Chunk chunk(LeafReader reader, int doc) throws IOException {
        Document d = reader.storedFields().document(doc);
        return new Chunk(d.get(FOLDER), d.get(NAMES).split("/", -1), values(reader, TIMES, doc),
                values(reader, META, doc));
    }

    private static byte[] values(LeafReader reader, String field, int doc) throws IOException {
        BinaryDocValues values = reader.getBinaryDocValues(field);
        if (values == null || !values.advanceExact(doc)) {
            throw new IOException("search index document " + doc + " has no " + field);
        }
        return BytesRef.deepCopyOf(values.binaryValue()).bytes;
    }

    /**
     * One document for up to {@link #CHUNK} entries of one folder: the folder (the key, stored) and share (indexed
     * only), the names (stored), the times (doc values, read for every match), sizes and kinds (doc values), and each entry's
     * words and extension as positions: the position is the entry's place in the document, so a search finds which
     * entries match without reading the others.
     */
    private static Document document(String share, String folder, List<Entry> entries) {
        Document d = new Document();
        d.add(new StringField(FOLDER, folder, Field.Store.YES));
        d.add(new StringField(SHARE, share, Field.Store.NO));
        StringBuilder names = new StringBuilder();
        int n = entries.size();
        byte[] times = new byte[n * Long.BYTES];
        byte[] meta = new byte[n * (Long.BYTES + 1)];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            if (i > 0) {
                names.append('/');
            }
            names.append(e.name());
            LONG.set(times, i * Long.BYTES, e.modified());
            LONG.set(meta, i * Long.BYTES, e.size());
            meta[n * Long.BYTES + i] = (byte) (e.folder() ? 1 : 0);
        }
        d.add(new StoredField(NAMES, names.toString()));
        d.add(new BinaryDocValuesField(TIMES, new BytesRef(times)));
        d.add(new BinaryDocValuesField(META, new BytesRef(meta)));
        d.add(new Field(WORD, new EntryTerms(entries, false), POSITIONS));
        d.add(new Field(EXT, new EntryTerms(entries, true), POSITIONS));
        return d;
    }

    /**
     * The words (or the files' extensions) of a document's entries, each at its entry's position (several at one
     * position are fine), split as Lucene asks for them: no string per word.
     */
    private static final class EntryTerms extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private final List<Entry> entries;
        private final boolean extensions;
        private final Words.Split split = new Words.Split();
        private int entry = -1;
        private int word;
        private int last = -1;

        EntryTerms(List<Entry> entries, boolean extensions) {
            this.entries = entries;
            this.extensions = extensions;
        }

        @Override
        public boolean incrementToken() {
            while (extensions || word == split.count) {
                if (++entry == entries.size()) {
                    return false;
                }
                Entry e = entries.get(entry);
                if (extensions) {
                    int dot = e.folder() ? -1 : Words.extensionDot(e.name());
                    if (dot >= 0) {
                        clearAttributes();
                        term.setEmpty().append(e.name(), dot + 1, e.name().length());
                        lowercase(term);
                        position();
                        return true;
                    }
                    continue;
                }
                split.name(e.name());
                word = 0;
            }
            clearAttributes();
            term.copyBuffer(split.chars, split.start[word], split.length[word]);
            word++;
            position();
            return true;
        }

        private void position() {
            increment.setPositionIncrement(entry - last);
            last = entry;
        }

        /** As {@code String.toLowerCase(Locale.ROOT)} does for an extension (in place when it is ASCII). */
        private static void lowercase(CharTermAttribute term) {
            char[] b = term.buffer();
            for (int i = 0; i < term.length(); i++) {
                if (b[i] >= 0x80) {
                    String lower = term.toString().toLowerCase(java.util.Locale.ROOT);
                    term.setEmpty().append(lower);
                    return;
                }
                if (b[i] >= 'A' && b[i] <= 'Z') {
                    b[i] += 'a' - 'A';
                }
            }
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            entry = -1;
            word = 0;
            split.count = 0;
            last = -1;
        }
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
