package dev.lanshare.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The peer client's memory on copies far larger than its heap: {@code lanshare get} and {@code put} of one huge file
 * and of a folder of very many files, each a fresh JVM with its usual flags and a 128 MB heap, from and to a
 * lanshare service on loopback. Each copy is checked (count and bytes); the peak resident memory is sampled from
 * {@code /proc} while it runs. {@code bench/run --clients --memory}.
 */
final class ClientMemory {
    /** @param fileBytes the one file; @param files and @param fileSize the folder */
    record Size(String name, long fileBytes, int files, int fileSize) {
        static Size named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "full" -> new Size("full", 10L * 1024 * BenchSize.MIB, 100_000, 1024);
                case "tiny" -> new Size("tiny", 8 * BenchSize.MIB, 200, 1024);
                default -> throw new IllegalArgumentException("size '" + name + "' is neither 'tiny' nor 'full'");
            };
        }
    }

    /** One copy: what it moved, how long it took, the peak resident memory of the client's JVM. */
    record Row(String copy, double seconds, double peakRssMb) {
    }

    static final String HEAP = "-Xmx128m";

    private ClientMemory() {
    }

    static List<Row> run(Size size, List<String> launcher, Path workDir) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(workDir, "lanshare-client-memory-");
        try {
            Path data = Files.createDirectories(work.resolve("data"));
            BenchRun.log("making " + size.name() + " data in " + data);
            DataSet.fill(data.resolve("huge.bin"), size.fileBytes(), new SplittableRandom(3));
            Path many = Files.createDirectories(data.resolve("many"));
            byte[] content = new byte[size.fileSize()];
            SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < size.files(); i++) {
                random.nextBytes(content);
                Files.write(many.resolve(String.format("f-%06d.dat", i)), content);
            }
            Path home = work.resolve("lanshare-home");
            LanshareServer.configureForGuests(home, data, work);
            Path down = Files.createDirectories(work.resolve("down"));
            List<Row> rows = new ArrayList<>();
            try (LanshareServer service = LanshareServer.start(launcher, home, work.resolve("lanshare.log"))) {
                String peer = "127.0.0.1:" + service.port() + "/" + LanshareServer.SHARE + "/";
                Path clientHome = work.resolve("client-home");
                rows.add(copy("get, one file of " + mib(size.fileBytes()), launcher, clientHome, work,
                        List.of("get", peer + "huge.bin", down.toString()), data.resolve("huge.bin"),
                        down.resolve("huge.bin")));
                Scenarios.deleteTree(down.resolve("huge.bin"));
                rows.add(copy("put, one file of " + mib(size.fileBytes()), launcher, clientHome, work,
                        List.of("put", data.resolve("huge.bin").toString(), peer + "huge-up.bin"),
                        data.resolve("huge.bin"), data.resolve("huge-up.bin")));
                Files.delete(data.resolve("huge-up.bin"));
                rows.add(copy("get -r, " + size.files() + " files", launcher, clientHome, work,
                        List.of("get", peer + "many", down.toString()), many, down.resolve("many")));
                Scenarios.deleteTree(down.resolve("many"));
                rows.add(copy("put -r, " + size.files() + " files", launcher, clientHome, work,
                        List.of("put", many.toString(), peer + "many-up"), many, data.resolve("many-up")));
            }
            return rows;
        } finally {
            Scenarios.deleteTree(work);
        }
    }

    private static Row copy(String what, List<String> launcher, Path clientHome, Path work, List<String> args,
            Path source, Path landed) throws IOException, InterruptedException {
        BenchRun.log(what + ", heap " + HEAP);
        List<String> command = new ArrayList<>(launcher);
        command.addAll(args.subList(0, 1));
        command.addAll(List.of("--home", clientHome.toString(), "-q"));
        command.addAll(args.subList(1, args.size()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("copy.log").toFile());
        pb.environment().put("LANSHARE_JAVA_OPTS", jvmOptions() + " " + HEAP);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long peak = 0;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, rss(p));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            throw new IOException(what + " failed with " + p.exitValue() + ":\n" + Server.tail(work.resolve(
                    "copy.log")));
        }
        long[] expected = ClientRun.count(source);
        long[] got = ClientRun.count(landed);
        if (expected[0] != got[0] || expected[1] != got[1]) {
            throw new IOException(what + ": " + got[0] + " file(s), " + got[1] + " bytes; expected " + expected[0]
                    + ", " + expected[1]);
        }
        return new Row(what, seconds, peak / 1e6);
    }

    /** The resident memory of the client's JVM: the launcher's process, or its one child when it forks java. */
    private static long rss(Process p) {
        long most = 0;
        for (ProcessHandle h : Stream.concat(Stream.of(p.toHandle()), p.descendants()).toList()) {
            try {
                most = Math.max(most, Proc.memoryBytes(h.pid(), "VmRSS"));
            } catch (UncheckedIOException | IllegalStateException e) {
                // gone, or not started yet
            }
        }
        return most;
    }

    /**
     * The commands' JVM flags of installer/src/jvm.options, which ./lanshare gives every command but serve and
     * LANSHARE_JAVA_OPTS replaces.
     */
    private static String jvmOptions() throws IOException {
        Path options = Path.of("installer", "src", "jvm.options");
        if (!Files.exists(options)) {
            return "";
        }
        return Files.readAllLines(options).stream().filter(l -> l.startsWith("cli=")).map(l -> l.substring(4))
                .findFirst().orElse("");
    }

    private static String mib(long bytes) {
        return bytes >= 1024 * BenchSize.MIB ? bytes / (1024 * BenchSize.MIB) + " GiB" : bytes / BenchSize.MIB + " MiB";
    }

    static String table(Size size, List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-32s %-10s %s%n", "copy (" + HEAP + ")",
                "seconds", "peak resident memory"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-32s %-10s %s MB%n", r.copy(), Report.number(r.seconds()),
                    Report.number(r.peakRssMb())));
        }
        sb.append("each copy a fresh JVM with the launcher's flags and ").append(HEAP).append(", checked by count "
                + "and bytes; peak sampled every 100 ms from /proc; files of the folder: ")
                .append(size.fileSize()).append(" bytes\n");
        return sb.toString();
    }
}
