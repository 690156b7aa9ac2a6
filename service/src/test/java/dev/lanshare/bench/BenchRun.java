package dev.lanshare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One benchmark run: makes the data and keys in a temporary folder, starts lanshare and OpenSSH's sshd side by
 * side on loopback, measures, and removes everything it made.
 *
 * @param launcher  the command that runs lanshare (before {@code serve ...})
 * @param workDir   where the temporary folder goes (local disk)
 * @param clientDir where the client's downloads go (a folder of their own is made there), or null for the
 *                  temporary folder
 * @param workloads which workloads to run
 */
record BenchRun(BenchSize size, List<String> launcher, Path workDir, Path clientDir, Set<Metric> workloads) {
    static final Set<Metric> ALL_WORKLOADS = EnumSet.of(Metric.SESSION, Metric.LISTING, Metric.SMALL_FILES,
            Metric.DOWNLOAD, Metric.UPLOAD, Metric.CONCURRENT);

    Results run() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(workDir, "lanshare-bench-");
        Path local = clientDir == null ? work.resolve("client")
                : Files.createTempDirectory(clientDir, "lanshare-bench-client-");
        try {
            long free = Files.getFileStore(work).getUsableSpace();
            if (free < size.diskNeeded()) {
                throw new IOException("the " + size.name() + " run needs " + size.diskNeeded() / BenchSize.MIB
                        + " MiB free in " + workDir + "; there are " + free / BenchSize.MIB);
            }
            return measure(work, Files.createDirectories(local));
        } finally {
            Scenarios.deleteTree(work);
            if (clientDir != null) {
                Scenarios.deleteTree(local);
            }
        }
    }

    private Results measure(Path work, Path local) throws IOException, InterruptedException {
        Results results = new Results();
        results.note("client downloads into", clientDir == null ? "the temporary folder" : clientDir.toString());
        Path key = work.resolve("client_ed25519");
        Keys.generate(key);
        Path pub = Path.of(key + ".pub");
        log("making " + size.name() + " data in " + work);
        DataSet data = DataSet.create(work.resolve("data"), size);
        Path home = work.resolve("lanshare-home");
        LanshareServer.configure(home, data.root, pub);
        Path log = work.resolve("lanshare.log");
        LanshareServer lanshare = startTimes(home, log, results);
        try (lanshare; OpenSshServer openssh = OpenSshServer.start(work.resolve("sshd"), data.root, pub)) {
            SftpClient client = SftpClient.create(work.resolve("ssh"), key,
                    Duration.ofSeconds(size.bigFileBytes() > 64 * BenchSize.MIB ? 900 : 120));
            results.note("cipher lanshare", client.negotiated(lanshare));
            results.note("cipher openssh", client.negotiated(openssh));
            idle(lanshare, results);
            Scenarios scenarios = new Scenarios(client, data, local, results);
            // the same workload at least warmUps times and warmUpSeconds long per server, its numbers dropped, so
            // that neither is measured cold: the JIT compiles each workload's own paths (an upload's are not a
            // download's), and after a start it is still at work for many passes: lanshare's JIT used 3.4, 2.0,
            // 2.0, 1.1, 1.3, 0.7, 0.2, 0.1, 0.2, 0.4, then under 0.1 s of CPU per pass of 2,000 small files from a
            // fresh start (about 20 s of passes), on the cores the client needs too
            Scenarios warmUp = new Scenarios(client, data, local, new Results());
            List<Server> ab = List.of(lanshare, openssh);
            List<Server> ba = List.of(openssh, lanshare);
            for (Metric m : ALL_WORKLOADS) {
                if (!workloads.contains(m)) {
                    continue;
                }
                log(m.label(size));
                long[] warmedNanos = new long[ab.size()];
                for (int pass = 0; pass < size.warmUps() || Arrays.stream(warmedNanos).min().orElse(0)
                        < size.warmUpSeconds() * 1_000_000_000L; pass++) {
                    for (Server s : pass % 2 == 0 ? ab : ba) {
                        settle();
                        long t0 = System.nanoTime();
                        warmUp.run(m, s);
                        warmedNanos[ab.indexOf(s)] += System.nanoTime() - t0;
                    }
                }
                for (int round = 0; round < size.rounds(); round++) {
                    for (Server s : round % 2 == 0 ? ab : ba) {
                        settle();
                        scenarios.run(m, s);
                    }
                }
            }
            if (workloads.contains(Metric.CONCURRENT)) {
                results.add(Metric.RSS_LOADED, "lanshare", Proc.memoryBytes(lanshare.pid(), "VmRSS") / 1e6);
                results.note("lanshare peak resident memory (VmHWM)",
                        Report.number(Proc.memoryBytes(lanshare.pid(), "VmHWM") / 1e6) + " MB");
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("lanshare's log:\n" + Server.tail(log));
            System.err.println("sshd's log:\n" + Server.tail(work.resolve("sshd").resolve("sshd.log")));
            throw e;
        }
        return results;
    }

    /** Starts lanshare {@code size.starts()} times, keeping the last one running. */
    private LanshareServer startTimes(Path home, Path log, Results results) throws IOException, InterruptedException {
        for (int i = 1; ; i++) {
            LanshareServer s = LanshareServer.start(launcher, home, log);
            results.add(Metric.START, "lanshare", s.startSeconds());
            if (i == size.starts()) {
                return s;
            }
            s.close();
        }
    }

    private void idle(LanshareServer lanshare, Results results) throws InterruptedException {
        log("idle for " + size.idleSeconds() + " s");
        Thread.sleep(2000); // the start-up work (JIT, the first settings check) is not idle time
        results.add(Metric.RSS_STARTED, "lanshare", Proc.memoryBytes(lanshare.pid(), "VmRSS") / 1e6);
        double cpu0 = lanshare.cpuSeconds();
        long t0 = System.nanoTime();
        Thread.sleep(size.idleSeconds() * 1000L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        results.add(Metric.IDLE_CPU, "lanshare", (lanshare.cpuSeconds() - cpu0) / seconds * 100);
        // what an idle service holds: after a while with no client, once the collector has had its chance
        results.add(Metric.RSS_IDLE, "lanshare", Proc.memoryBytes(lanshare.pid(), "VmRSS") / 1e6);
    }

    /**
     * Writes out what the run before left to be written (the 2,000 files a client just created, and deleted
     * since, among them), so that the disk does not do it during the next sample, on whichever server's turn it
     * is. Without it, the client's own file creation in the small-files runs took 2.2 to 3.7 s for either server
     * (packet captures), far more than the servers' 0.8 to 1.1 s of answering.
     */
    private static void settle() throws IOException, InterruptedException {
        Process sync = new ProcessBuilder("sync").inheritIO().start();
        if (sync.waitFor() != 0) {
            throw new IOException("sync failed with " + sync.exitValue());
        }
    }

    static void log(String what) {
        System.err.println("bench: " + what);
    }
}
