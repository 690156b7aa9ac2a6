package dev.lanshare.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * lanshare's client against OpenSSH's sftp client, same lanshare service: {@code bench/run --clients}. See
 * bench/README.md, "The peer client".
 *
 * <pre>
 * ClientBench [--size tiny|full] [--rounds N] [--warm-ups N] [--delays 0,0.25,2] [--only get,put,get-r,...]
 *             [--launcher CMD] [--work-dir DIR] [--client-dir DIR] [--json FILE]
 * ClientBench --memory [--size tiny|full] [--launcher CMD] [--work-dir DIR]
 * </pre>
 */
public final class ClientBench {
    private static final String ROW = "%-24s %-9s %-9s %-14s %-9s %-14s %-7s %-7s %-4s %-9s %s%n";

    private ClientBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> launcher = null;
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
        Path clientDir = null;
        Path json = null;
        Integer rounds = null;
        Integer warmUps = null;
        Integer warmUpSeconds = null;
        List<Double> delays = List.of(0.0, 0.25, 2.0);
        List<ClientRun.Copy> copies = List.of(ClientRun.Copy.values());
        boolean memory = false;
        String sizeName = "full";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--memory")) {
                memory = true;
                continue;
            }
            switch (args[i]) {
                case "--size" -> sizeName = value;
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--warm-ups" -> warmUps = Integer.parseInt(value);
                case "--warm-up-seconds" -> warmUpSeconds = Integer.parseInt(value);
                case "--delays" -> delays = Arrays.stream(value.split(",")).map(Double::parseDouble).toList();
                case "--only" -> copies = Arrays.stream(value.split(",")).map(ClientRun.Copy::keyed).toList();
                case "--launcher" -> launcher = List.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--client-dir" -> clientDir = Path.of(value);
                case "--json" -> json = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/README.md");
            }
            i++;
        }
        if (memory) {
            ClientMemory.Size m = ClientMemory.Size.named(sizeName);
            System.out.print(ClientMemory.table(m, ClientMemory.run(m, launcher == null ? Bench.javaLauncher()
                    : launcher, workDir)));
            return;
        }
        ClientRun.Size size = ClientRun.Size.named(sizeName).with(rounds, warmUps, warmUpSeconds);
        if (clientDir == null && Files.isDirectory(Path.of("/dev/shm"))
                && Files.getFileStore(Path.of("/dev/shm")).getUsableSpace() > 2 * size.bigFileBytes()
                        + (long) size.drawings() * size.drawingBytes() + 256 * BenchSize.MIB) {
            clientDir = Path.of("/dev/shm");
        }
        ClientRun run = new ClientRun(size, launcher == null ? Bench.javaLauncher() : launcher, workDir, clientDir,
                delays, copies);
        Map<String, ClientRun.Cell> cells = run.run();
        System.out.print(table(run, cells));
        if (json == null) {
            String stamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
            json = Path.of("bench", "results", "clients-" + size.name() + "-" + stamp + ".json");
        }
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), json(run, cells));
        System.out.println("written: " + json);
    }

    static String table(ClientRun run, Map<String, ClientRun.Cell> cells) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, ROW, "copy", "one way", "measured", "s", "against", "s", "ratio",
                "target", "met", "CPU meas.", "CPU against"));
        List<String> notes = new ArrayList<>();
        for (ClientRun.Copy c : run.copies()) {
            for (double d : run.delays()) {
                ClientRun.Cell cell = cells.get(c.key + "@" + d);
                if (cell == null) {
                    continue;
                }
                double target = c.target(d);
                double ratio = cell.ratio(c);
                String delay = d == 0 ? "loopback" : Report.number(d) + " ms";
                sb.append(String.format(Locale.ROOT, ROW, c.label, delay, c.subject, time(cell, c.subject),
                        c.reference, time(cell, c.reference), Report.number(ratio) + "x",
                        Double.isNaN(target) ? "" : ">=" + Report.number(target) + "x",
                        Double.isNaN(target) ? "" : ratio >= target ? "yes" : "NO",
                        Report.number(cell.medianCpu(c.subject)) + " s",
                        Report.number(cell.medianCpu(c.reference)) + " s"));
                if (cell.repeatsToColleague != null) {
                    notes.add(c.label + " at " + delay + ", asked 5 times more within the cache time: "
                            + cell.repeatsToColleague + " request(s) reached the colleague");
                }
            }
        }
        ClientRun.Size s = run.size();
        sb.append("one file: ").append(s.bigFileBytes() / BenchSize.MIB).append(" MiB; small files: ")
                .append(s.smallFiles()).append(" x ").append(s.smallFileBytes() / 1024).append(" KiB; drawing set: ")
                .append(s.drawings()).append(" x ").append(s.drawingBytes() / 1024).append(" KiB; listing: ")
                .append(s.listEntries()).append(" entries\n");
        sb.append("medians of ").append(s.rounds())
                .append(" alternating rounds after each client's unmeasured ones (at least ").append(s.warmUps())
                .append(" and ").append(s.warmUpSeconds()).append(" s of them); ratio = the time of 'against' / the "
                        + "time of 'measured' (above 1: measured is faster); ±: half the range as a share of the median; CPU: the client process's user+system "
                        + "time (curl's for the gateway, whose own work is in the harness's JVM); each lanshare copy "
                        + "is the command as a user runs it (a fresh JVM) handing the copy to this machine's own "
                        + "running lanshare service, whose CPU for it is added to the command's; the gateway's rows "
                        + "reach the service over SFTP through the same relay\n");
        notes.forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }

    private static String time(ClientRun.Cell cell, String client) {
        int n = cell.samples.getOrDefault(client, List.of()).size();
        String median = Report.number(cell.medianSeconds(client));
        return n > 1 ? median + " ±" + Math.round(cell.spread(client) * 100) + "%" : median;
    }

    private static Map<String, Object> json(ClientRun run, Map<String, ClientRun.Cell> cells) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("size", run.size());
        List<Object> rows = new ArrayList<>();
        for (ClientRun.Copy c : run.copies()) {
            for (double d : run.delays()) {
                ClientRun.Cell cell = cells.get(c.key + "@" + d);
                if (cell == null) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("copy", c.key);
                row.put("delayMillisOneWay", d);
                row.put("samples", cell.samples);
                row.put("measured", c.subject);
                row.put("against", c.reference);
                row.put("ratio", cell.ratio(c));
                if (!Double.isNaN(c.target(d))) {
                    row.put("target", c.target(d));
                    row.put("met", cell.ratio(c) >= c.target(d));
                }
                if (cell.repeatsToColleague != null) {
                    row.put("repeatedListingRequestsToColleague", cell.repeatsToColleague);
                }
                rows.add(row);
            }
        }
        top.put("copies", rows);
        return top;
    }
}
