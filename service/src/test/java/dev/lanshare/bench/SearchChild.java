package dev.lanshare.bench;

import dev.lanshare.config.Access;
import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import dev.lanshare.service.search.SearchIndex;
import dev.lanshare.service.search.SearchRequest;
import dev.lanshare.service.search.Searcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The service's side of {@code bench/run --search}, in its own JVM started with the service's flags: opens the
 * search index as the service does ({@link SearchIndex#start}) over one share, waits until it is built, then
 * answers word queries read from standard input, one a line, each timed in this process.
 *
 * <pre>SearchChild INDEX-FOLDER SHARE-FOLDER</pre>
 * Prints {@code built MILLIS}, then {@code query NANOS COUNT} per query line; an empty line ends it.
 */
public final class SearchChild {
    private SearchChild() {
    }

    public static void main(String[] args) throws Exception {
        Path index = Path.of(args[0]);
        Path tree = Path.of(args[1]);
        Settings settings = Settings.empty().withShare(new Share("Files", tree, true,
                Map.of(Share.ACCOUNTS, Access.READ, Share.GUESTS, Access.READ)));
        long start = System.nanoTime();
        try (SearchIndex i = SearchIndex.start(SearchIndex.Options.in(index), () -> settings)) {
            while (!i.ready()) {
                Thread.sleep(5);
            }
            System.out.println("built " + (System.nanoTime() - start) / 1_000_000);
            System.out.flush();
            Searcher searcher = i.searcher();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                long t = System.nanoTime();
                Searcher.Result r = searcher.search(SearchRequest.of(line), null, true);
                long took = System.nanoTime() - t;
                System.out.println("query " + took + " " + r.total());
                System.out.flush();
            }
        }
    }
}
