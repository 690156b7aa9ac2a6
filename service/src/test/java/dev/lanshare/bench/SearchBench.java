package dev.lanshare.bench;

import dev.lanshare.config.Access;
import dev.lanshare.config.NetworkPolicy;
import dev.lanshare.config.Settings;
import dev.lanshare.config.SettingsFile;
import dev.lanshare.config.Share;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.NIOFSDirectory;

/**
 * The search index against plocate on the same tree: {@code bench/run --search}. See bench/README.md, "Search".
 *
 * <pre>
 * SearchBench [--files N] [--rounds R] [--queries Q] [--work-dir DIR] [--tree DIR] [--launcher CMD]
 * </pre>
 */
public final class SearchBench {
    static final String[] WORDS = {"site", "plan", "invoice", "report", "budget", "minutes", "drawing", "photo",
        "contract", "offer", "survey", "facade", "roof", "kitchen", "meeting", "draft", "final", "client", "section",
        "detail", "elevation", "schedule", "quote", "letter", "summary", "north", "south", "garden", "office",
        "stair"};
    static final String[] EXTS = {"dwg", "pdf", "docx", "xlsx", "jpg", "png", "txt", "dxf", "pptx", "zip", "csv",
        "mp4"};
    static final String[] QUERIES = {"site", "plan", "invoice", "facade", "kitchen", "schedule", "roof",
        "elevation", "stair", "quote"};

    /** One round's figures. */
    record Round(double updatedbSeconds, double findSeconds, double buildSeconds, double buildCpuSeconds,
            long rssPeakDuring, long rssAfterBuild, long rssAfterQueries, long hwm, double[] lanshareQueryMs,
            double[] plocateQueryMs, ServiceRun service) {
        Round with(ServiceRun s) {
            return new Round(updatedbSeconds, findSeconds, buildSeconds, buildCpuSeconds, rssPeakDuring,
                    rssAfterBuild, rssAfterQueries, hwm, lanshareQueryMs, plocateQueryMs, s);
        }
    }

    /**
     * The whole service ({@code lanshare serve}) sharing the tree: seconds from starting it until its index's commit
     * marks the share complete, its CPU time then, its peak resident memory until then, and 5 s later.
     */
    record ServiceRun(double builtSeconds, double cpuSeconds, long rssPeak, long rssAfter) {
    }

    private final int files;
    private final int rounds;
    private final int queries;
    private final Path workDir;
    private final List<String> launcher;
    private Path keptTree;
    private final List<String> notes = new ArrayList<>();

    /** @param launcher the command that runs {@code lanshare} (the whole service's round starts it) */
    SearchBench(int files, int rounds, int queries, Path workDir, List<String> launcher) {
        this.files = files;
        this.rounds = rounds;
        this.queries = queries;
        this.workDir = workDir;
        this.launcher = launcher;
    }

    public static void main(String[] args) throws Exception {
        int files = 1_000_000;
        int rounds = 3;
        int queries = 50;
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
        Path tree = null;
        List<String> launcher = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--queries" -> queries = Integer.parseInt(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--tree" -> tree = Path.of(value);
                case "--launcher" -> launcher = List.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/README.md");
            }
            i++;
        }
        SearchBench bench = new SearchBench(files, rounds, queries, workDir,
                launcher == null ? Bench.javaLauncher() : launcher);
        bench.keptTree = tree;
        List<Round> r = bench.run();
        String table = bench.table(r);
        System.out.print(table);
        String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        Path out = Path.of("bench", "results", "search-" + files + "-" + stamp + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("written: " + out);
    }

    List<Round> run() throws Exception {
        Path work = Files.createTempDirectory(workDir, "search-bench");
        try {
            Path tree = keptTree == null ? work.resolve("tree") : keptTree;
            if (keptTree == null || !Files.isDirectory(keptTree)) {
                long t = System.nanoTime();
                long entries = makeTree(tree, files);
                notes.add(String.format(Locale.ROOT, "tree: %,d files, %,d entries with folders, made in %.1f s",
                        files, entries, (System.nanoTime() - t) / 1e9));
            } else {
                notes.add("tree: " + files + " files, made by an earlier run (--tree)");
            }
            notes.add(canDropCaches() ? "page cache dropped before each build" : "warm cache (not root)");
            notes.add("load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
            notes.add("lanshare JVM: " + String.join(" ", serviceFlags()) + (Bench.extraFlags().isEmpty() ? ""
                    : "; LANSHARE_JAVA_OPTS (the benchmark's JVM: added to these; the whole service: instead of "
                            + "them): " + String.join(" ", Bench.extraFlags())));
            List<Round> out = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                out.add(round(work, tree, i));
            }
            notes.add("load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
            return out;
        } finally {
            deleteTree(work);
        }
    }

    private Round round(Path work, Path tree, int n) throws Exception {
        Path db = work.resolve("plocate-" + n + ".db");
        dropCaches();
        long t = System.nanoTime();
        run(List.of(tool("updatedb"), "-U", tree.toString(), "-o", db.toString(), "-l", "0", "--prunepaths", "",
                "--prunefs", "", "--prunenames", "", "--prune-bind-mounts", "no"));
        double updatedb = (System.nanoTime() - t) / 1e9;
        double find = findSizesAndTimes(tree);

        Path index = work.resolve("index-" + n);
        dropCaches();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(serviceFlags());
        cmd.addAll(Bench.extraFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SearchChild.class.getName(),
                index.toString(), tree.toString()));
        t = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long pid = p.pid();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (p.isAlive()) {
                try {
                    peak.accumulateAndGet(Proc.memoryBytes(pid, "VmRSS"), Math::max);
                    Thread.sleep(50);
                } catch (RuntimeException | InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        Round r;
        try {
            r = measure(p, peak, t, db, updatedb, find, n);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return r.with(service(work, tree, n));
    }

    /**
     * Starts the whole service sharing the tree (a settings file of its own, loopback only, no discovery), samples
     * its resident memory every 50 ms and reads its index's last commit until the share is marked complete there.
     */
    private ServiceRun service(Path work, Path tree, int n) throws Exception {
        Path home = Files.createDirectories(work.resolve("service-" + n));
        SettingsFile.save(home.resolve("settings.yaml"), Settings.empty().withName("search-bench")
                .withNetwork(new NetworkPolicy(List.of("loopback")))
                .withShare(new Share("Tree", tree.toAbsolutePath(), true, Map.of(Share.GUESTS, Access.READ))));
        dropCaches();
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of("serve", "--home", home.toString(), "--port", "0", "--bind", "127.0.0.1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("out").toFile());
        pb.environment().put("LANSHARE_DISCOVERY_INTERFACES", "none");
        Path index = home.resolve("state").resolve("search-index");
        long t = System.nanoTime();
        Process p = pb.start(); // the launcher execs the JVM: the same process
        try {
            long peak = 0;
            while (!complete(index, "Tree")) {
                if (!p.isAlive() || System.nanoTime() - t > TimeUnit.MINUTES.toNanos(10)) {
                    throw new IllegalStateException("the service did not build its index: "
                            + Files.readString(home.resolve("out")));
                }
                peak = Math.max(peak, Proc.memoryBytes(p.pid(), "VmRSS"));
                Thread.sleep(50);
            }
            double built = (System.nanoTime() - t) / 1e9;
            double cpu = Proc.cpuSeconds(p.pid());
            peak = Math.max(peak, Proc.memoryBytes(p.pid(), "VmRSS"));
            Thread.sleep(5000);
            return new ServiceRun(built, cpu, peak, Proc.memoryBytes(p.pid(), "VmRSS"));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Whether the index's last commit marks {@code share} complete (as the service writes it, IndexStore). */
    private static boolean complete(Path index, String share) {
        if (!Files.isDirectory(index)) {
            return false;
        }
        try (Directory d = new NIOFSDirectory(index)) {
            return SegmentInfos.readLatestCommit(d).getUserData().containsKey("share:" + share);
        } catch (IOException e) {
            return false; // no commit yet, or one half written
        }
    }

    /**
     * Seconds GNU find takes to print every entry's size and modification time, from a cold cache, on one thread:
     * the work any index that holds them must do (a walk on several threads spreads it over the cores, it does not
     * make it less). updatedb reads only the names (a folder's entries and their types come in one read); a file's
     * size and time are in its inode, which is looked up by name and read once per file.
     */
    private static double findSizesAndTimes(Path tree) throws Exception {
        dropCaches();
        long t = System.nanoTime();
        Process p = new ProcessBuilder(tool("find"), tree.toString(), "-printf", "%s %T@ %p\\n")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("find failed on " + tree);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private Round measure(Process p, AtomicLong peak, long t, Path db, double updatedb, double find, int n)
            throws Exception {
        long pid = p.pid();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer ask = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        String line = in.readLine();
        while (line != null && !line.startsWith("built ")) {
            System.err.println(line); // the JVM's own notes (a flight recording's, say)
            line = in.readLine();
        }
        if (line == null || !line.startsWith("built ")) {
            p.destroyForcibly();
            throw new IllegalStateException("the index did not build: " + line);
        }
        double build = (System.nanoTime() - t) / 1e9;
        double cpu = Proc.cpuSeconds(pid); // user+sys of all its threads: less shaken by a busy machine than time
        long duringPeak = peak.get();
        Thread.sleep(1000);
        long after = Proc.memoryBytes(pid, "VmRSS");
        double[] lanshare = new double[queries];
        double[] plocate = new double[queries];
        for (int q = 0; q < queries; q++) {
            String word = QUERIES[q % QUERIES.length];
            ask.write(word + "\n");
            ask.flush();
            String[] answer = in.readLine().split(" ");
            lanshare[q] = Long.parseLong(answer[1]) / 1e6;
            if (Long.parseLong(answer[2]) == 0) {
                throw new IllegalStateException("lanshare found nothing for " + word);
            }
            long s = System.nanoTime();
            String found = run(List.of(tool("plocate"), "-d", db.toString(), "-i", "-l", "100", word));
            plocate[q] = (System.nanoTime() - s) / 1e6;
            if (found.isBlank()) {
                throw new IllegalStateException("plocate found nothing for " + word);
            }
        }
        long afterQueries = Proc.memoryBytes(pid, "VmRSS");
        long hwm = Proc.memoryBytes(pid, "VmHWM");
        ask.write("\n");
        ask.flush();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        System.err.printf(Locale.ROOT, "round %d: updatedb %.2f s, find %.2f s, lanshare %.2f s, rss peak %d MB%n",
                n + 1, updatedb, find, build, Math.max(duringPeak, hwm) >> 20);
        return new Round(updatedb, find, build, cpu, duringPeak, after, afterQueries, hwm, lanshare, plocate, null);
    }

    String table(List<Round> rounds) {
        StringBuilder sb = new StringBuilder();
        String row = "%-44s %-22s %-22s %-7s %s%n";
        sb.append(String.format(Locale.ROOT, row, "search, " + String.format(Locale.ROOT, "%,d", files) + " files",
                "lanshare", "plocate", "ratio", "target"));
        double[] build = rounds.stream().mapToDouble(Round::buildSeconds).toArray();
        double[] upd = rounds.stream().mapToDouble(Round::updatedbSeconds).toArray();
        sb.append(String.format(Locale.ROOT, row, "build the index, s (median [min-max])", spread(build, 2),
                spread(upd, 2), ratio(median(build), median(upd)), "<= 2x"));
        double[] find = rounds.stream().mapToDouble(Round::findSeconds).toArray();
        sb.append(String.format(Locale.ROOT, row, "  every file's size and time read (find), s", "", spread(find, 2),
                ratio(median(find), median(upd)), ""));
        double[] cpu = rounds.stream().mapToDouble(Round::buildCpuSeconds).toArray();
        sb.append(String.format(Locale.ROOT, row, "  CPU of the service's JVM for it, s", spread(cpu, 2), "", "", ""));
        double[] lq = rounds.stream().flatMapToDouble(r -> Arrays.stream(r.lanshareQueryMs())).toArray();
        double[] pq = rounds.stream().flatMapToDouble(r -> Arrays.stream(r.plocateQueryMs())).toArray();
        sb.append(String.format(Locale.ROOT, row, "word query, ms (median [p10-p90])", pct(lq), pct(pq),
                ratio(median(lq), median(pq)), "<= 50 ms, <= 2x"));
        double[] rm = rounds.stream().mapToDouble(r -> median(r.lanshareQueryMs())).toArray();
        double[] pm = rounds.stream().mapToDouble(r -> median(r.plocateQueryMs())).toArray();
        sb.append(String.format(Locale.ROOT, row, "  query median per round, ms", list(rm), list(pm), "", ""));
        sb.append(String.format(Locale.ROOT, row, "resident memory, peak during build, MB",
                mb(rounds.stream().mapToLong(Round::rssPeakDuring)), "", "", "<= 150"));
        sb.append(String.format(Locale.ROOT, row, "resident memory, 1 s after build, MB",
                mb(rounds.stream().mapToLong(Round::rssAfterBuild)), "", "", "<= 150"));
        sb.append(String.format(Locale.ROOT, row, "resident memory, after queries, MB",
                mb(rounds.stream().mapToLong(Round::rssAfterQueries)), "", "", "<= 150"));
        sb.append(String.format(Locale.ROOT, row, "resident memory, VmHWM (whole run), MB",
                mb(rounds.stream().mapToLong(Round::hwm)), "", "", "<= 150"));
        double[] served = rounds.stream().mapToDouble(r -> r.service().builtSeconds()).toArray();
        sb.append(String.format(Locale.ROOT, row, "whole service, index built, s (start incl.)", spread(served, 2),
                "", ratio(median(served), median(upd)), ""));
        sb.append(String.format(Locale.ROOT, row, "  its CPU until then, s",
                spread(rounds.stream().mapToDouble(r -> r.service().cpuSeconds()).toArray(), 2), "", "", ""));
        sb.append(String.format(Locale.ROOT, row, "  its resident memory, peak, MB",
                mb(rounds.stream().mapToLong(r -> r.service().rssPeak())), "", "", "<= 150"));
        sb.append(String.format(Locale.ROOT, row, "  its resident memory, 5 s after, MB",
                mb(rounds.stream().mapToLong(r -> r.service().rssAfter())), "", "", "<= 150"));
        sb.append("lanshare's query: in the service's JVM, SearchIndex's Searcher (100 results, newest first);\n");
        sb.append("plocate's: plocate -d DB -i -l 100 WORD (case-insensitive, as lanshare), process start included.")
                .append(" Queries: ")
                .append(String.join(" ", QUERIES)).append(", ").append(queries).append(" a round.\n");
        sb.append("find: find TREE -printf '%s %T@ %p\\n' (GNU find, one thread, output discarded), page cache")
                .append(" dropped: what reading the sizes and times alone costs; its ratio is to updatedb.\n");
        sb.append("whole service: lanshare serve sharing the tree, page cache dropped, from its start until its index's")
                .append(" commit marks the share complete.\n");
        notes.forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }

    private static String mb(java.util.stream.LongStream values) {
        long[] v = values.toArray();
        double[] d = Arrays.stream(v).mapToDouble(x -> x / 1048576.0).toArray();
        return spread(d, 0);
    }

    private static String spread(double[] v, int digits) {
        double[] s = v.clone();
        Arrays.sort(s);
        String f = "%." + digits + "f";
        return String.format(Locale.ROOT, f + " [" + f + "-" + f + "]", median(s), s[0], s[s.length - 1]);
    }

    private static String pct(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", median(s), s[(int) (s.length * 0.1)],
                s[Math.min(s.length - 1, (int) (s.length * 0.9))]);
    }

    private static String list(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", d));
        }
        return sb.toString();
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * A share as an office has them: projects with years and sections, about 100-300 files a folder and a few
     * folders of thousands, names such as {@code Site-Plan_v3.dwg}, mixed extensions, empty files with times
     * spread over some years. Returns how many entries (files and folders, the root left out) it holds.
     */
    static long makeTree(Path root, int files) throws IOException {
        Random r = new Random(20);
        Files.createDirectories(root);
        long entries = 0;
        int made = 0;
        int project = 0;
        long now = System.currentTimeMillis();
        while (made < files) {
            Path proj = root.resolve(String.format(Locale.ROOT, "%s-%s %04d", cap(pick(r, WORDS)), cap(pick(r, WORDS)),
                    project++));
            Files.createDirectories(proj);
            entries++;
            for (int year = 2019; year <= 2026 && made < files; year++) {
                Path y = proj.resolve(Integer.toString(year));
                Files.createDirectory(y);
                entries++;
                for (int s = 0; s < 4 && made < files; s++) {
                    Path sec = y.resolve(cap(pick(r, WORDS)) + "s " + s);
                    Files.createDirectory(sec);
                    entries++;
                    int n = r.nextInt(50) == 0 ? 3000 : 50 + r.nextInt(250);
                    for (int i = 0; i < n && made < files; i++) {
                        String name = cap(pick(r, WORDS)) + (r.nextBoolean() ? "-" : "_") + cap(pick(r, WORDS))
                                + (r.nextInt(3) == 0 ? "_v" + r.nextInt(10) : "") + " " + i + "." + pick(r, EXTS);
                        Path f = Files.createFile(sec.resolve(name));
                        Files.setLastModifiedTime(f, FileTime.fromMillis(now - r.nextLong(5L * 365 * 86_400_000)));
                        made++;
                        entries++;
                    }
                }
            }
        }
        return entries;
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The service's JVM flags, as the launcher reads them from installer/src/jvm.options. */
    static List<String> serviceFlags() throws IOException {
        Path options = Path.of("installer", "src", "jvm.options");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path o = dir.resolve(options);
            if (Files.isRegularFile(o)) {
                for (String l : Files.readAllLines(o)) {
                    if (l.startsWith("service=")) {
                        return Arrays.asList(l.substring("service=".length()).trim().split("\\s+"));
                    }
                }
            }
        }
        throw new IllegalStateException("no service= line in " + options);
    }

    static boolean canDropCaches() {
        return Files.isWritable(Path.of("/proc/sys/vm/drop_caches"));
    }

    private static void dropCaches() throws Exception {
        run(List.of("sync"));
        if (canDropCaches()) {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
        }
    }

    static String tool(String program) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        throw new IllegalStateException(program + " is not installed: install the Debian package plocate");
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static void deleteTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
