package dev.lanshare.service.search;

import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.StringHelper;

/**
 * Answers searches from the index, only within the shares the asking account may open now (the live settings
 * decide, so an unshared folder stops showing at once), newest first, a page at a time and never more than
 * {@link #MAX_RESULTS}. Its cost is bounded: few words, term and prefix matches only, a time limit, and at most
 * {@link #CONCURRENT} searches at once. A document of the index holds a folder's entries; the positions of a word
 * say which of them hold it, so only matching entries are read, and only the names of the page returned.
 */
public final class Searcher {
    public static final int MAX_RESULTS = 1000;
    static final int CONCURRENT = 4;
    static final long TIME_LIMIT_MILLIS = 2000;

    /** One page of matches; {@code total} counts every match up to the cap, {@code more} says a next page exists. */
    public record Result(List<Match> matches, long total, boolean more) {
    }

    /** The machine is answering as many searches as it will at once. */
    public static final class Busy extends IOException {
        Busy() {
            super("busy answering other searches; try again");
        }
    }

    private final IndexStore store;
    private final Supplier<Settings> settings;
    private final Predicate<String> indexed;
    private final Semaphore running = new Semaphore(CONCURRENT);

    Searcher(IndexStore store, Supplier<Settings> settings, Predicate<String> indexed) {
        this.store = store;
        this.settings = settings;
        this.indexed = indexed;
    }

    /** Searches the shares that {@code user} (or a guest) may open. */
    public Result search(SearchRequest request, String user, boolean guest) throws IOException,
            SearchRequest.BadRequest {
        SearchRequest.Parsed parsed = request.parsed();
        List<BytesRef> shares = new ArrayList<>();
        for (Share s : settings.get().shares()) {
            if (s.accessFor(user, guest).isPresent() && indexed.test(s.name())) {
                shares.add(new BytesRef(s.name()));
            }
        }
        if (shares.isEmpty()) {
            return new Result(List.of(), 0, false);
        }
        try {
            if (!running.tryAcquire(1, TimeUnit.SECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return run(parsed, request, shares);
        } finally {
            running.release();
        }
    }

    /** One matching entry: where it is (leaf, document, place in the document) and what sorts it. */
    private record Hit(long modified, int leaf, int doc, int entry) {
    }

    /** Newest first; among equal times in index order, so that pages follow on from each other. */
    private static final Comparator<Hit> NEWEST_FIRST = Comparator.comparingLong(Hit::modified).reversed()
            .thenComparingInt(Hit::leaf).thenComparingInt(Hit::doc).thenComparingInt(Hit::entry);

    private Result run(SearchRequest.Parsed parsed, SearchRequest request, List<BytesRef> shares)
            throws IOException {
        int wanted = Math.min(MAX_RESULTS, (request.page() + 1) * request.pageSize());
        long deadline = System.nanoTime() + TIME_LIMIT_MILLIS * 1_000_000;
        PriorityQueue<Hit> best = new PriorityQueue<>(wanted, NEWEST_FIRST.reversed()); // the worst kept on top
        long count = 0;
        IndexSearcher searcher = store.searchers().acquire();
        try {
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            for (int l = 0; l < leaves.size() && System.nanoTime() < deadline; l++) {
                count += matches(leaves.get(l).reader(), l, parsed, request, shares, best, wanted, deadline);
            }
            List<Hit> top = new ArrayList<>(best);
            top.sort(NEWEST_FIRST);
            List<Match> out = new ArrayList<>();
            Map<Long, FolderDocuments.Chunk> read = new HashMap<>();
            for (int i = request.page() * request.pageSize(); i < top.size(); i++) {
                Hit h = top.get(i);
                FolderDocuments.Chunk c = read.computeIfAbsent(((long) h.leaf() << 32) | h.doc(),
                        k -> chunk(leaves.get(h.leaf()).reader(), h.doc()));
                out.add(new Match(c.path(h.entry()), c.isFolder(h.entry()), c.size(h.entry()), h.modified()));
            }
            long total = Math.min(MAX_RESULTS, count);
            return new Result(out, total, total > wanted && wanted < MAX_RESULTS);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            store.searchers().release(searcher);
        }
    }

    private static FolderDocuments.Chunk chunk(LeafReader reader, int doc) {
        try {
            return FolderDocuments.chunk(reader, doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The matches in one segment: the documents of the allowed shares, narrowed word by word to the entries (the
     * positions) that hold every word, then to the types, times and sizes asked for. Keeps the {@code wanted}
     * newest in {@code best} and returns how many matched.
     */
    private static long matches(LeafReader reader, int leaf, SearchRequest.Parsed parsed, SearchRequest request,
            List<BytesRef> shares, PriorityQueue<Hit> best, int wanted, long deadline) throws IOException {
        int max = reader.maxDoc();
        Bits live = reader.getLiveDocs();
        FixedBitSet allowed = new FixedBitSet(max);
        for (BytesRef share : shares) {
            PostingsEnum docs = reader.postings(new Term(FolderDocuments.SHARE, share));
            if (docs != null) {
                for (int d = docs.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = docs.nextDoc()) {
                    if (live == null || live.get(d)) {
                        allowed.set(d);
                    }
                }
            }
        }
        FixedBitSet[] entries = null; // per document, the entries still matching; null: every entry of allowed ones
        for (String w : parsed.words()) {
            // one letter is matched whole: as a prefix it would match most of the index
            entries = positions(reader, FolderDocuments.WORD, List.of(w), w.length() > 1, allowed, entries, deadline);
        }
        if (!parsed.extensions().isEmpty()) {
            entries = positions(reader, FolderDocuments.EXT, parsed.extensions(), false, allowed, entries, deadline);
        }
        BinaryDocValues times = reader.getBinaryDocValues(FolderDocuments.TIMES);
        BinaryDocValues meta = request.largerThan() == null ? null : reader.getBinaryDocValues(FolderDocuments.META);
        if (times == null || (request.largerThan() != null && meta == null)) {
            return 0;
        }
        long newer = request.newerThan() == null ? Long.MIN_VALUE : request.newerThan();
        long larger = request.largerThan() == null ? Long.MIN_VALUE : request.largerThan();
        long count = 0;
        for (int d = allowed.nextSetBit(0); d != DocIdSetIterator.NO_MORE_DOCS;
                d = d + 1 < max ? allowed.nextSetBit(d + 1) : DocIdSetIterator.NO_MORE_DOCS) {
            FixedBitSet bits = entries == null ? null : entries[d];
            if ((entries != null && bits == null) || !times.advanceExact(d)
                    || (meta != null && !meta.advanceExact(d))) {
                continue;
            }
            if ((d & 255) == 0 && System.nanoTime() > deadline) {
                break;
            }
            BytesRef t = times.binaryValue();
            BytesRef sizes = meta == null ? null : meta.binaryValue();
            int n = t.length / Long.BYTES;
            for (int i = next(bits, 0, n); i < n; i = next(bits, i + 1, n)) {
                long modified = (long) FolderDocuments.LONG.get(t.bytes, t.offset + i * Long.BYTES);
                if (modified < newer || (sizes != null
                        && (long) FolderDocuments.LONG.get(sizes.bytes, sizes.offset + i * Long.BYTES) <= larger)) {
                    continue;
                }
                count++;
                if (best.size() == wanted && modified < best.peek().modified()) {
                    continue; // older than every one kept: most matches end here, with nothing made
                }
                Hit hit = new Hit(modified, leaf, d, i);
                if (best.size() == wanted) {
                    if (NEWEST_FIRST.compare(hit, best.peek()) > 0) {
                        continue;
                    }
                    best.poll();
                }
                best.add(hit);
            }
        }
        return count;
    }

    /** The next entry at or after {@code from} that is still a match: every one when {@code bits} is null. */
    private static int next(FixedBitSet bits, int from, int n) {
        if (bits == null || from >= n) {
            return from;
        }
        int i = bits.nextSetBit(from);
        return i == DocIdSetIterator.NO_MORE_DOCS ? n : Math.min(i, n);
    }

    /**
     * Narrows {@code before} (null: every entry of the allowed documents) to the entries holding one of
     * {@code terms} in {@code field} (as a prefix when {@code prefix}).
     */
    private static FixedBitSet[] positions(LeafReader reader, String field, List<String> terms, boolean prefix,
            FixedBitSet allowed, FixedBitSet[] before, long deadline) throws IOException {
        FixedBitSet[] found = new FixedBitSet[reader.maxDoc()];
        Terms all = reader.terms(field);
        if (all == null) {
            return found;
        }
        TermsEnum te = all.iterator();
        PostingsEnum pe = null;
        for (String t : terms) {
            BytesRef wanted = new BytesRef(t);
            if (!prefix) {
                if (te.seekExact(wanted)) {
                    pe = collect(te, pe, allowed, before, found);
                }
                continue;
            }
            if (te.seekCeil(wanted) == TermsEnum.SeekStatus.END) {
                continue;
            }
            do {
                if (!StringHelper.startsWith(te.term(), wanted) || System.nanoTime() > deadline) {
                    break;
                }
                pe = collect(te, pe, allowed, before, found);
            } while (te.next() != null);
        }
        if (before != null) {
            for (int d = 0; d < found.length; d++) {
                if (found[d] != null) {
                    found[d].and(before[d]);
                    if (found[d].scanIsEmpty()) {
                        found[d] = null;
                    }
                }
            }
        }
        return found;
    }

    private static PostingsEnum collect(TermsEnum te, PostingsEnum reuse, FixedBitSet allowed, FixedBitSet[] before,
            FixedBitSet[] found) throws IOException {
        PostingsEnum pe = te.postings(reuse, PostingsEnum.POSITIONS);
        for (int d = pe.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = pe.nextDoc()) {
            if (!allowed.get(d) || (before != null && before[d] == null)) {
                continue;
            }
            FixedBitSet bits = found[d];
            if (bits == null) {
                bits = found[d] = new FixedBitSet(FolderDocuments.CHUNK);
            }
            for (int k = pe.freq(); k > 0; k--) {
                int at = pe.nextPosition();
                if (at >= 0 && at < FolderDocuments.CHUNK) {
                    bits.set(at);
                }
            }
        }
        return pe;
    }
}
