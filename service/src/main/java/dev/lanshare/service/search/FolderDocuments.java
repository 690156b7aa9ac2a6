package dev.lanshare.service.search;

import dev.lanshare.service.sharefs.ShareTree.Item;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.util.BytesRef;

/**
 * The layout of the index's documents: one per folder (per {@link #CHUNK} entries of a bigger one) holding its
 * entries. The folder's client path is the key; names are stored; times, and sizes and kinds, are doc values; each
 * entry's words and extension are terms at the entry's position in the document, so a search finds which entries
 * match from the postings alone.
 */
final class FolderDocuments {
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

    private FolderDocuments() {
    }

    private static FieldType positions() {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setOmitNorms(true);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        t.freeze();
        return t;
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

        Item item(int i) {
            return new Item(folder, names[i], isFolder(i), size(i), modified(i));
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
     * The documents of a folder's entries, {@link #CHUNK} at most each. Making them (splitting names into words)
     * is half the work of indexing, and needs no writer: a build makes them on the threads that read the folders.
     */
    static List<Document> documents(String share, String folder, List<Item> entries) {
        List<Document> out = new ArrayList<>(entries.size() / CHUNK + 1);
        for (int from = 0; from < entries.size(); from += CHUNK) {
            out.add(document(share, folder, entries.subList(from, Math.min(entries.size(), from + CHUNK))));
        }
        return out;
    }

    /**
     * One document for up to {@link #CHUNK} entries of one folder: the folder (the key, stored) and share (indexed
     * only), the names (stored), the times (doc values, read for every match), sizes and kinds (doc values), and
     * each entry's words and extension as positions: the position is the entry's place in the document, so a
     * search finds which entries match without reading the others.
     */
    private static Document document(String share, String folder, List<Item> entries) {
        Document d = new Document();
        d.add(new StringField(FOLDER, folder, Field.Store.YES));
        d.add(new StringField(SHARE, share, Field.Store.NO));
        StringBuilder names = new StringBuilder();
        int n = entries.size();
        byte[] times = new byte[n * Long.BYTES];
        byte[] meta = new byte[n * (Long.BYTES + 1)];
        for (int i = 0; i < n; i++) {
            Item e = entries.get(i);
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
        private final List<Item> entries;
        private final boolean extensions;
        private final Words.Split split = new Words.Split();
        private int entry = -1;
        private int word;
        private int last = -1;

        EntryTerms(List<Item> entries, boolean extensions) {
            this.entries = entries;
            this.extensions = extensions;
        }

        @Override
        public boolean incrementToken() {
            while (extensions || word == split.count) {
                if (++entry == entries.size()) {
                    return false;
                }
                Item e = entries.get(entry);
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
}
