package dev.lanshare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * lanshare against OpenSSH's sftp-server, driven by the same OpenSSH sftp client. See bench/README.md.
 *
 * <pre>
 * Bench [--size tiny|full] [--rounds N] [--warm-ups N] [--warm-up-seconds N] [--idle-seconds N] [--starts N]
 *       [--only download,...]
 *       [--launcher CMD] [--work-dir DIR] [--client-dir DIR] [--json FILE]
 * </pre>
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSize size = BenchSize.named("full");
        List<String> launcher = null;
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
        Path clientDir = null;
        Path json = null;
        Set<Metric> workloads = EnumSet.copyOf(BenchRun.ALL_WORKLOADS);
        Integer rounds = null;
        Integer idle = null;
        Integer starts = null;
        Integer warmUps = null;
        Integer warmUpSeconds = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--size" -> size = BenchSize.named(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--idle-seconds" -> idle = Integer.parseInt(value);
                case "--starts" -> starts = Integer.parseInt(value);
                case "--warm-ups" -> warmUps = Integer.parseInt(value);
                case "--warm-up-seconds" -> warmUpSeconds = Integer.parseInt(value);
                case "--only" -> workloads = workloads(value);
                case "--launcher" -> launcher = List.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--client-dir" -> clientDir = Path.of(value);
                case "--json" -> json = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/README.md");
            }
            i++;
        }
        size = size.with(rounds, idle, starts, warmUps, warmUpSeconds);
        clientDir = clientDir == null ? ramFolder(size) : clientDir;
        Results results = new BenchRun(size, launcher == null ? javaLauncher() : launcher, workDir, clientDir,
                workloads).run();
        System.out.print(Report.table(results, size));
        if (json == null) {
            String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
            json = Path.of("bench", "results", size.name() + "-" + stamp + ".json");
        }
        Report.writeJson(results, size, json);
        System.out.println("written: " + json);
    }

    /**
     * Where the client's downloads go unless {@code --client-dir} says: a folder in memory when there is one
     * with room, so that what is compared is the servers. On a disk, the client's own creation of 2,000 files
     * was about two thirds of a small-files sample (packet captures: 1.5 to 1.9 s per run with the client
     * writing to memory, about 4 s to the disk) and its variation as large as the difference between the servers.
     */
    static Path ramFolder(BenchSize size) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)
                && Files.getFileStore(shm).getUsableSpace() > size.clientBytesNeeded()) {
            return shm;
        }
        return null;
    }

    /** lanshare's main class on this JVM's classpath, with LANSHARE_JAVA_OPTS when set. */
    static List<String> javaLauncher() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(extraFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.lanshare.service.cli.Main"));
        return cmd;
    }

    /** LANSHARE_JAVA_OPTS, split: JVM flags to try, or to profile with (-XX:StartFlightRecording=...). */
    static List<String> extraFlags() {
        String opts = System.getenv("LANSHARE_JAVA_OPTS");
        return opts == null || opts.isBlank() ? List.of() : Arrays.asList(opts.trim().split("\\s+"));
    }

    private static Set<Metric> workloads(String list) {
        Set<Metric> out = EnumSet.noneOf(Metric.class);
        for (String key : list.split(",")) {
            out.add(BenchRun.ALL_WORKLOADS.stream().filter(m -> m.key.equals(key.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no workload '" + key + "'")));
        }
        return out;
    }
}
