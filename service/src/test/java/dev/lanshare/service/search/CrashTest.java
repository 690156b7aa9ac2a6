package dev.lanshare.service.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanshare.config.Access;
import dev.lanshare.config.Settings;
import dev.lanshare.config.Share;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index after a kill -9 in the middle of building it, and after its files were damaged. */
class CrashTest {
    static final int FOLDERS = 200;
    static final int FILES = 300;

    @TempDir
    Path tmp;

    @Test
    void killedWhileBuildingThenRestartedGivesExactResults() throws Exception {
        Path share = tree();
        Path index = tmp.resolve("index");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                index.toString(), share.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String l = out.readLine(); !"indexing".equals(l); l = out.readLine()) {
            assertTrue(l != null, "the child stopped");
        }
        // the build's first commit (the share not complete) comes when it starts, then parts of the share are
        // written; wait for it rather than for a fixed time, which a busy machine can stretch
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!hasCommit(index)) {
            assertTrue(System.nanoTime() < deadline, "the child committed nothing within 30 s");
            Thread.sleep(5);
        }
        Thread.sleep(CrashChild.PROGRESS_MILLIS * 5); // part of the share written, long before its end
        assertFalse(out.ready() && out.readLine().contains("ready"), "the build finished before the kill");
        child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no commit
        assertTrue(hasCommit(index), "the child's commit (without the share) is on disk");
        assertExact(share, index);
    }

    @Test
    void damagedIndexFilesAreRebuilt() throws Exception {
        Path share = tree();
        Path index = tmp.resolve("index");
        assertExact(share, index);
        try (Stream<Path> files = Files.list(index)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.write(f, "damaged".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertExact(share, index);
    }

    private Path tree() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("big")).toRealPath();
        for (int d = 0; d < FOLDERS; d++) {
            Path dir = Files.createDirectories(share.resolve("dir" + d));
            for (int f = 0; f < FILES; f++) {
                Files.createFile(dir.resolve("drawing-" + d + "-" + f + ".dwg"));
            }
        }
        return share;
    }

    private static boolean hasCommit(Path index) throws Exception {
        try (Stream<Path> files = Files.list(index)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("segments_"));
        }
    }

    /** Opens the index in this JVM and checks it holds exactly the tree: every file once, no more. */
    private static void assertExact(Path share, Path index) throws Exception {
        Settings settings = Settings.empty().withShare(new Share("Big", share, true, Map.of(Share.ACCOUNTS,
                Access.READ)));
        try (SearchIndex i = SearchIndex.start(SearchIndex.Options.in(index), () -> settings)) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!i.ready()) {
                assertTrue(System.nanoTime() < deadline, "not rebuilt within 120 s");
                Thread.sleep(20);
            }
            Searcher.Result all = i.searcher().search(SearchRequest.of("*.dwg"), "ann", false);
            assertEquals(Searcher.MAX_RESULTS, all.total(), "capped");
            Searcher.Result one = i.searcher().search(SearchRequest.of("drawing 199 299"), "ann", false);
            assertEquals(List.of("/Big/dir199/drawing-199-299.dwg"), one.matches().stream().map(Match::path)
                    .toList());
            Searcher.Result folder = i.searcher().search(SearchRequest.of("dir199"), "ann", false);
            assertEquals(1, folder.total());
            assertEquals(FOLDERS * FILES + FOLDERS, i.count("Big"), "each file and folder exactly once");
        }
    }
}
