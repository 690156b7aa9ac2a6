package dev.lanshare.bench;

import dev.lanshare.config.AppDirs;
import dev.lanshare.service.Tools;
import dev.lanshare.service.keys.HostKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * lanshare's own client ({@code lanshare get} and {@code put}, started as a user starts them) against OpenSSH's
 * {@code sftp}, both copying from and to the same lanshare service, on loopback and through {@link Relay}s that
 * delay each direction. Both log in as the guest; every copy is checked (file count and bytes) and the copies
 * are removed after each sample. See bench/README.md, "The peer client".
 *
 * @param delays one-way delays in milliseconds; 0 is plain loopback
 */
record ClientRun(Size size, List<String> launcher, Path workDir, Path clientDir, List<Double> delays,
        List<Copy> copies) {
    static final String LANSHARE = "lanshare";
    static final String OPENSSH = "openssh";
    static final String GATEWAY = "gateway";

    /** How much each copy moves, and how often it is measured. */
    record Size(String name, long bigFileBytes, int smallFiles, int smallFileBytes, int drawings, int drawingBytes,
            int listEntries, int rounds, int warmUps, int warmUpSeconds) {
        static Size named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "full" -> new Size("full", 1024 * BenchSize.MIB, 2000, 4096, 200, (int) (5 * BenchSize.MIB),
                        1000, 3, 1, 10);
                case "tiny" -> new Size("tiny", 4 * BenchSize.MIB, 20, 4096, 4, 64 * 1024, 50, 1, 0, 0);
                default -> throw new IllegalArgumentException("size '" + name + "' is neither 'tiny' nor 'full'");
            };
        }

        Size with(Integer rounds, Integer warmUps, Integer warmUpSeconds) {
            return new Size(name, bigFileBytes, smallFiles, smallFileBytes, drawings, drawingBytes, listEntries,
                    rounds == null ? this.rounds : rounds, warmUps == null ? this.warmUps : warmUps,
                    warmUpSeconds == null ? this.warmUpSeconds : warmUpSeconds);
        }
    }

    /**
     * The copies compared: {@code subject} measured against {@code reference} on the same service, with the
     * issues' targets for the ratio reference time / subject time, by one-way delay (NaN: none). The gateway's
     * rows read, list and save through this machine's WebDAV gateway (curl), which reaches the service as a
     * colleague over SFTP.
     */
    enum Copy {
        GET("get", "get, one file", LANSHARE, OPENSSH, false, false, 1.0, 1.0, 1.0),
        PUT("put", "put, one file", LANSHARE, OPENSSH, true, false, 1.0, 1.0, 1.0),
        GET_R("get-r", "get -r, small files", LANSHARE, OPENSSH, false, true, 1.5, Double.NaN, 4.0),
        PUT_R("put-r", "put -r, small files", LANSHARE, OPENSSH, true, true, 1.5, Double.NaN, 4.0),
        DRAWINGS("drawings", "get -r, drawing set", LANSHARE, OPENSSH, false, true, Double.NaN, Double.NaN, 1.2),
        GW_READ("gw-read", "gateway GET, one file", GATEWAY, LANSHARE, false, false, 0.8, 0.8, 0.8),
        GW_LIST("gw-list", "gateway PROPFIND, folder", GATEWAY, OPENSSH, false, false, 1 / 1.5, 1 / 1.5, 1 / 1.5),
        GW_SAVE("gw-save", "gateway PUT, a drawing", GATEWAY, LANSHARE, true, false, 1 / 1.3, 1 / 1.3, 1 / 1.3);

        final String key;
        final String label;
        final String subject;
        final String reference;
        final boolean upload;
        final boolean folder;
        private final double[] targets;

        Copy(String key, String label, String subject, String reference, boolean upload, boolean folder,
                double loopback, double cable, double wifi) {
            this.key = key;
            this.label = label;
            this.subject = subject;
            this.reference = reference;
            this.upload = upload;
            this.folder = folder;
            this.targets = new double[] {loopback, cable, wifi};
        }

        /** The target at {@code delayMillis} one way: loopback, about 0.25 ms, about 2 ms; NaN for none. */
        double target(double delayMillis) {
            return delayMillis == 0 ? targets[0] : delayMillis < 1 ? targets[1] : targets[2];
        }

        boolean viaGateway() {
            return subject.equals(GATEWAY);
        }

        static Copy keyed(String key) {
            for (Copy c : values()) {
                if (c.key.equals(key.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no copy '" + key + "'");
        }
    }

    /** One sample: wall time and the client's CPU (user + system, its children included). */
    record Sample(double seconds, double cpuSeconds) {
    }

    /** The samples of one copy at one delay, per client ({@link #LANSHARE}, {@link #OPENSSH}, {@link #GATEWAY}). */
    static final class Cell {
        final Map<String, List<Sample>> samples = new LinkedHashMap<>();

        void add(String client, Sample s) {
            samples.computeIfAbsent(client, k -> new ArrayList<>()).add(s);
        }

        double medianSeconds(String client) {
            return median(samples.getOrDefault(client, List.of()).stream().mapToDouble(Sample::seconds).toArray());
        }

        double medianCpu(String client) {
            return median(samples.getOrDefault(client, List.of()).stream().mapToDouble(Sample::cpuSeconds)
                    .toArray());
        }

        /** Half the range of the times as a share of the median. */
        double spread(String client) {
            double[] t = samples.getOrDefault(client, List.of()).stream().mapToDouble(Sample::seconds).toArray();
            if (t.length < 2) {
                return 0;
            }
            double min = Double.MAX_VALUE;
            double max = 0;
            for (double v : t) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return (max - min) / 2 / medianSeconds(client);
        }

        /** For the gateway's listing: requests that reached the colleague on repeats within the cache time. */
        Integer repeatsToColleague;

        /** The reference's time over the subject's: above 1, the subject is faster. */
        double ratio(Copy c) {
            return medianSeconds(c.reference) / medianSeconds(c.subject);
        }

        private static double median(double[] v) {
            if (v.length == 0) {
                return Double.NaN;
            }
            double[] s = v.clone();
            java.util.Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
    }

    /** The cells by copy and delay, in the order measured. */
    Map<String, Cell> run() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(workDir, "lanshare-client-bench-");
        Path local = clientDir == null ? work.resolve("client")
                : Files.createTempDirectory(clientDir, "lanshare-client-bench-");
        try {
            return measure(work, Files.createDirectories(local));
        } finally {
            Scenarios.deleteTree(work);
            if (clientDir != null) {
                Scenarios.deleteTree(local);
            }
        }
    }

    private Map<String, Cell> measure(Path work, Path local) throws IOException, InterruptedException {
        Path data = Files.createDirectories(work.resolve("data"));
        BenchRun.log("making " + size.name() + " data in " + data);
        makeData(data);
        Path home = work.resolve("lanshare-home");
        LanshareServer.configureForGuests(home, data, work);
        Path log = work.resolve("lanshare.log");
        Path ssh = Files.createDirectories(work.resolve("ssh"));
        Path sshConfig = ssh.resolve("ssh_config");
        // the guest logs in by keyboard-interactive with no prompt; the batch mode that sftp -b turns on would
        // refuse that method, so the command line turns it off again (input is /dev/null: nothing can be asked)
        Files.write(sshConfig, List.of("Host *", "  PreferredAuthentications keyboard-interactive",
                "  UserKnownHostsFile " + ssh.resolve("known_hosts"), "  StrictHostKeyChecking accept-new",
                "  LogLevel ERROR"));
        Path clientHome = work.resolve("client-home");
        LanshareServer.configureEmpty(clientHome);
        Map<String, Cell> cells = new LinkedHashMap<>();
        boolean gatewayRows = copies.stream().anyMatch(Copy::viaGateway);
        try (LanshareServer service = LanshareServer.start(launcher, home, log);
                // the copying machine's own service, as on every office machine: `lanshare get/put` hand their
                // copies to it (its code warm, its connection to the colleague kept); its CPU counts as theirs
                LanshareServer own = LanshareServer.start(launcher, clientHome, work.resolve("client-service.log"));
                BenchGateway gateway = gatewayRows ? BenchGateway.start(work.resolve("gateway-home"),
                        HostKey.loadOrCreate(AppDirs.under(home).hostKey()).fingerprint(), service.port()) : null) {
            Clients clients = new Clients(data, local, sshConfig, clientHome, work, gateway, own);
            for (double delay : delays) {
                try (Relay relay = delay == 0 ? null : Relay.start(service.port(), delay)) {
                    int port = relay == null ? service.port() : relay.port();
                    if (gateway != null) {
                        gateway.colleagueAt(port);
                    }
                    for (Copy c : copies) {
                        BenchRun.log(c.label + ", " + delay + " ms one way");
                        Cell cell = new Cell();
                        cells.put(c.key + "@" + delay, cell);
                        List<String> ab = List.of(c.subject, c.reference);
                        List<String> ba = List.of(c.reference, c.subject);
                        // unmeasured first, each client by itself: at least warmUps copies and warmUpSeconds of
                        // them, so that no JVM is measured while its JIT still compiles this copy's paths (a
                        // service's first dozen folders of 2,000 small files each took 1.0 -> 0.65 s, with the
                        // compiler threads using up to half of the CPU); a slow client is not made to repeat while
                        // a fast one warms
                        for (String client : ab) {
                            long warmed = 0;
                            for (int pass = 0; pass < size.warmUps() || warmed < size.warmUpSeconds() * 1_000_000_000L;
                                    pass++) {
                                long t0 = System.nanoTime();
                                clients.copy(client, c, port);
                                warmed += System.nanoTime() - t0;
                            }
                        }
                        for (int round = 0; round < size.rounds(); round++) {
                            for (String client : round % 2 == 0 ? ab : ba) {
                                cell.add(client, clients.copy(client, c, port));
                            }
                        }
                        if (c == Copy.GW_LIST) {
                            cell.repeatsToColleague = clients.repeatedListing(5);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("lanshare's log:\n" + Server.tail(log));
            throw e;
        }
        return cells;
    }

    private void makeData(Path data) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        DataSet.fill(data.resolve("big.bin"), size.bigFileBytes(), random);
        fillFolder(data.resolve("small"), size.smallFiles(), size.smallFileBytes(), random);
        fillFolder(data.resolve("drawings"), size.drawings(), size.drawingBytes(), random);
        Files.createDirectories(data.resolve("list"));
        for (int i = 0; i < size.listEntries(); i++) {
            Files.createFile(data.resolve("list").resolve(String.format("entry-%05d.txt", i)));
        }
    }

    private static void fillFolder(Path folder, int files, int bytes, SplittableRandom random) throws IOException {
        Files.createDirectories(folder);
        byte[] content = new byte[bytes];
        for (int i = 0; i < files; i++) {
            random.nextBytes(content);
            Files.write(folder.resolve(String.format("file-%05d.dat", i)), content);
        }
    }

    /**
     * How each client makes each copy; every copy is checked, then removed, except a folder of small files, which
     * is kept until the end of the run: one uploaded to the colleague is moved out of its share, one downloaded is
     * moved aside in the downloading side's folder. Removing it made every later copy of small files slower on a
     * file system without a journal (ext4 made without one, as some virtual
     * machines' disks are): there, allocating a file's inode skips each inode freed in the last 1 to 5 minutes,
     * reading each one's on-disk record to see when, all under the folder's lock (Linux, fs/ext4/ialloc.c,
     * {@code find_inode_bit}). A round's 2,000 deleted files took the colleague's CPU for the next round's 2,000
     * from 0.9 to 2.2 s over six rounds; with each round's folder kept it stayed at 0.9 s. File systems with a
     * journal (ext4's default, APFS, NTFS) reuse freed inodes at once.
     */
    private final class Clients {
        private final Path data;
        private final Path local;
        private final Path sshConfig;
        private final Path clientHome;
        private final Path work;
        private final BenchGateway gateway;
        private final LanshareServer own;
        private int kept;

        Clients(Path data, Path local, Path sshConfig, Path clientHome, Path work, BenchGateway gateway,
                LanshareServer own) {
            this.own = own;
            this.data = data;
            this.local = local;
            this.sshConfig = sshConfig;
            this.clientHome = clientHome;
            this.work = work;
            this.gateway = gateway;
        }

        /** One copy by one client, checked and then removed; its time and CPU. */
        Sample copy(String client, Copy c, int port) throws IOException, InterruptedException {
            String name = switch (c) {
                case GET, PUT, GW_READ -> "big.bin";
                case GW_SAVE -> "drawings/file-00000.dat";
                case DRAWINGS -> "drawings";
                case GW_LIST -> "list";
                default -> "small";
            };
            Path source = data.resolve(name);
            Path dest = c.upload ? data.resolve("up-" + client)
                    : Files.createDirectories(local.resolve("down-" + client));
            String fileName = source.getFileName().toString();
            Path out = work.resolve("copy.log");
            List<String> command = new ArrayList<>();
            if (client.equals(OPENSSH)) {
                String remote = "/" + LanshareServer.SHARE + "/" + (c.upload ? dest.getFileName() : name);
                String batch = c == Copy.GW_LIST ? "ls -l " + SftpClient.q(remote)
                        : (c.upload ? "put" : "get") + (c.folder ? " -r " : " ")
                        + SftpClient.q(c.upload ? source.toString() : remote) + " "
                        + SftpClient.q(c.upload ? remote : dest.resolve(fileName).toString());
                Path file = work.resolve("batch.txt");
                Files.writeString(file, batch + "\n");
                command.addAll(List.of(Tools.require("sftp"), "-o", "BatchMode=no", "-F", sshConfig.toString(),
                        "-b", file.toString(), "-P", Integer.toString(port), "guest@127.0.0.1"));
            } else if (client.equals(LANSHARE)) {
                String peer = "127.0.0.1:" + port + "/" + LanshareServer.SHARE + "/";
                command.addAll(launcher);
                command.addAll(List.of(c.upload ? "put" : "get", "--home", clientHome.toString(), "-q"));
                command.addAll(c.upload ? List.of(source.toString(), peer + dest.getFileName())
                        : List.of(peer + name, dest.toString()));
            } else {
                String url = gateway.shareUrl() + name + (c == Copy.GW_LIST ? "/" : "");
                command.addAll(List.of(Tools.require("curl"), "-s", "-f"));
                if (c == Copy.GW_LIST) {
                    Thread.sleep(2200); // longer than the gateway keeps a listing: every sample asks the colleague
                    command.addAll(List.of("-X", "PROPFIND", "-H", "Depth: 1", url));
                } else if (c.upload) {
                    command.addAll(List.of("-T", source.toString(), gateway.shareUrl() + dest.getFileName()));
                } else {
                    command.addAll(List.of("-o", dest.resolve(fileName).toString(), url));
                }
            }
            double ownCpu = own.cpuSeconds();
            Sample s = timed(command, out);
            if (client.equals(LANSHARE)) {
                s = new Sample(s.seconds(), s.cpuSeconds() + own.cpuSeconds() - ownCpu);
            }
            if (c == Copy.GW_LIST) {
                // sftp prints a line per entry; the multistatus names each entry in its href and displayname
                long named = Files.readString(out).split("entry-", -1).length - 1;
                if (named < size.listEntries()) {
                    throw new IOException(client + " listed " + named + " entries of "
                            + size.listEntries());
                }
            } else {
                check(client + " " + c.label, source, c.upload ? dest : dest.resolve(fileName));
            }
            if (c.folder && c != Copy.DRAWINGS) {
                // kept aside until the end of the run, each with a rename on the file system it is on
                Path aside = Files.createDirectories(c.upload ? work.resolve("uploaded") : local.resolve("downloaded"));
                Files.move(dest, aside.resolve(Integer.toString(++kept)));
            } else {
                Scenarios.deleteTree(dest);
            }
            return s;
        }

        /** How many requests reach the colleague when a listing is asked {@code times} more within its cache time. */
        int repeatedListing(int times) throws IOException, InterruptedException {
            String url = gateway.shareUrl() + "list/";
            List<String> propfind = List.of(Tools.require("curl"), "-s", "-f", "-o", "/dev/null", "-X", "PROPFIND",
                    "-H", "Depth: 1", url);
            timed(propfind, work.resolve("copy.log"));
            int before = gateway.requestsToColleague();
            for (int i = 0; i < times; i++) {
                timed(propfind, work.resolve("copy.log"));
            }
            return gateway.requestsToColleague() - before;
        }
    }

    /** Runs {@code command}; its wall time and its CPU as the shell's {@code times} reports it. */
    private static Sample timed(List<String> command, Path log) throws IOException, InterruptedException {
        List<String> sh = new ArrayList<>(List.of("sh", "-c", "\"$@\" >\"$LOG\" 2>&1 </dev/null; rc=$?; times; "
                + "exit $rc", "sh"));
        sh.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(sh).redirectErrorStream(true);
        pb.environment().put("LOG", log.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1800, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " took more than 30 minutes");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + p.exitValue() + ":\n"
                    + Server.tail(log));
        }
        // two lines: the shell's own user and system time, then its children's
        String[] lines = times.strip().split("\n");
        String[] children = lines[lines.length - 1].trim().split("\\s+");
        return new Sample(seconds, duration(children[0]) + duration(children[1]));
    }

    /** {@code 1m2.345s} in seconds. */
    private static double duration(String t) {
        int m = t.indexOf('m');
        return Double.parseDouble(t.substring(0, m)) * 60 + Double.parseDouble(t.substring(m + 1, t.length() - 1));
    }

    /** Fails unless {@code copy} holds as many files of the same sizes as {@code source}. */
    private static void check(String what, Path source, Path copy) throws IOException {
        long[] expected = count(source);
        long[] got = Files.exists(copy) ? count(copy) : new long[] {0, 0};
        if (expected[0] != got[0] || expected[1] != got[1]) {
            throw new IOException(what + ": " + got[0] + " file(s) of " + got[1] + " bytes in " + copy
                    + ", expected " + expected[0] + " of " + expected[1]);
        }
    }

    /** The regular files below {@code p} (or {@code p} itself): how many, and their bytes. */
    static long[] count(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            long[] out = new long[2];
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out[0]++;
                out[1] += Files.size(f);
            }
            return out;
        }
    }
}
