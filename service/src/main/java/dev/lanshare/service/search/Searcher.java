package dev.lanshare.service.search;

import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.QueryTimeoutImpl;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * Answers searches from the index, only within the shares the asking account may open now (the live settings
 * decide, so an unshared folder stops showing at once), newest first, a page at a time and never more than
 * {@link #MAX_RESULTS}. Its cost is bounded: few words, term and prefix matches only, a time limit, and at most
 * {@link #CONCURRENT} searches at once.
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
        Query query = query(parsed, request, shares);
        try {
            if (!running.tryAcquire(1, TimeUnit.SECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return run(query, request);
        } finally {
            running.release();
        }
    }

    private Result run(Query query, SearchRequest request) throws IOException {
        int wanted = Math.min(MAX_RESULTS, (request.page() + 1) * request.pageSize());
        IndexSearcher shared = store.searchers().acquire();
        try {
            IndexSearcher searcher = new IndexSearcher(shared.getIndexReader());
            searcher.setTimeout(new QueryTimeoutImpl(TIME_LIMIT_MILLIS));
            TopFieldDocs top = searcher.search(query, wanted, NEWEST_FIRST);
            List<Match> out = new ArrayList<>();
            ScoreDoc[] docs = top.scoreDocs;
            for (int i = request.page() * request.pageSize(); i < docs.length; i++) {
                Document d = searcher.storedFields().document(docs[i].doc);
                Entry e = IndexStore.entry(d, null);
                out.add(new Match(e.path(), e.folder(), e.size(), e.modified()));
            }
            long total = Math.min(MAX_RESULTS, top.totalHits.value);
            return new Result(out, total, total > wanted && wanted < MAX_RESULTS);
        } finally {
            store.searchers().release(shared);
        }
    }

    private static final Sort NEWEST_FIRST = new Sort(LongField.newSortField(IndexStore.MODIFIED, true,
            SortedNumericSelector.Type.MAX));

    static Query query(SearchRequest.Parsed parsed, SearchRequest request, List<BytesRef> shares) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermInSetQuery(IndexStore.SHARE, shares), Occur.FILTER);
        for (String w : parsed.words()) {
            Term t = new Term(IndexStore.WORD, w);
            // one letter is matched whole: as a prefix it would match most of the index
            b.add(w.length() < 2 ? new TermQuery(t) : new PrefixQuery(t), Occur.FILTER);
        }
        if (!parsed.extensions().isEmpty()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            parsed.extensions().forEach(x -> any.add(new TermQuery(new Term(IndexStore.EXT, x)), Occur.SHOULD));
            b.add(any.build(), Occur.FILTER);
        }
        if (request.newerThan() != null) {
            b.add(LongField.newRangeQuery(IndexStore.MODIFIED, request.newerThan(), Long.MAX_VALUE), Occur.FILTER);
        }
        if (request.largerThan() != null) {
            long min = request.largerThan() == Long.MAX_VALUE ? Long.MAX_VALUE : request.largerThan() + 1;
            b.add(LongPoint.newRangeQuery(IndexStore.SIZE, min, Long.MAX_VALUE), Occur.FILTER);
        }
        return b.build();
    }
}
