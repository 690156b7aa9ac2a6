package dev.lanshare.service.search;

import dev.lanshare.config.Access;
import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import java.nio.file.Path;
import java.util.Map;

/** Indexes one share in a JVM of its own, for {@link CrashTest} to kill: args INDEX-FOLDER SHARE-FOLDER. */
public final class CrashChild {
    /** Commits this often, so that a kill a few of them after the start finds a partial share on disk. */
    static final long PROGRESS_MILLIS = 20;

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Indexer.progressNanos = PROGRESS_MILLIS * 1_000_000;
        Settings settings = Settings.empty().withShare(new Share("Big", Path.of(args[1]), true,
                Map.of(Share.ACCOUNTS, Access.READ)));
        SearchIndex index = SearchIndex.start(SearchIndex.Options.in(Path.of(args[0])), () -> settings);
        System.out.println("indexing");
        System.out.flush();
        while (!index.ready()) {
            Thread.sleep(10);
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
