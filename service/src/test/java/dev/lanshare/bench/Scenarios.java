package dev.lanshare.bench;

import static dev.lanshare.bench.SftpClient.q;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The measured workloads, one session (or one set of sessions) against one server each time. Every transfer is
 * checked: the bytes a client received or sent must all be there, or the run fails.
 */
final class Scenarios {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final SftpClient client;
    private final DataSet data;
    private final Path local;
    private final Results results;

    Scenarios(SftpClient client, DataSet data, Path local, Results results) {
        this.client = client;
        this.data = data;
        this.local = local;
        this.results = results;
    }

    void run(Metric m, Server s) throws IOException, InterruptedException {
        switch (m) {
            case DOWNLOAD -> download(s);
            case UPLOAD -> upload(s);
            case SMALL_FILES -> smallFiles(s);
            case LISTING -> listing(s);
            case CONCURRENT -> concurrent(s);
            case SESSION -> session(s);
            default -> throw new IllegalArgumentException(m + " is not a workload");
        }
    }

    /** Downloads the big file; also the server CPU it took. */
    void download(Server s) throws IOException, InterruptedException {
        Path dest = local.resolve("download.bin");
        long bytes = data.size().bigFileBytes();
        double cpu0 = s.cpuSeconds();
        SftpClient.Result r = client.run(s, "get " + q(remote(s, data.big)) + " " + q(dest.toString()));
        double cpu = s.cpuSeconds() - cpu0;
        expectSize(dest, bytes);
        Files.delete(dest);
        results.add(Metric.DOWNLOAD, s.name(), bytes / 1e6 / r.seconds());
        results.add(Metric.CPU_PER_GIB, s.name(), cpu / (bytes / GIB));
    }

    void upload(Server s) throws IOException, InterruptedException {
        Path landed = data.root.resolve("upload-" + s.name() + ".bin");
        long bytes = data.size().bigFileBytes();
        SftpClient.Result r = client.run(s, "put " + q(data.big.toString()) + " " + q(remote(s, landed)));
        expectSize(landed, bytes);
        Files.delete(landed);
        results.add(Metric.UPLOAD, s.name(), bytes / 1e6 / r.seconds());
    }

    void smallFiles(Server s) throws IOException, InterruptedException {
        Path dest = local.resolve("small");
        SftpClient.Result r = client.run(s, "get -r " + q(remote(s, data.small)) + " " + q(dest.toString()));
        long count;
        long bytes;
        try (Stream<Path> files = Files.list(dest)) {
            List<Path> all = files.toList();
            count = all.size();
            bytes = 0;
            for (Path f : all) {
                bytes += Files.size(f);
            }
        }
        deleteTree(dest);
        int expected = data.size().smallFiles();
        if (count != expected || bytes != (long) expected * data.size().smallFileBytes()) {
            throw new IOException(s.name() + ": get -r gave " + count + " files, " + bytes + " bytes");
        }
        results.add(Metric.SMALL_FILES, s.name(), expected / r.seconds());
    }

    void listing(Server s) throws IOException, InterruptedException {
        SftpClient.Result r = client.run(s, "ls -l " + q(remote(s, data.list)));
        long entries = r.output().stream().filter(l -> l.contains("entry-")).count();
        if (entries != data.size().listEntries()) {
            throw new IOException(s.name() + ": ls -l listed " + entries + " of " + data.size().listEntries());
        }
        results.add(Metric.LISTING, s.name(), entries / r.seconds());
    }

    /** Every client downloads its own file at the same time; aggregate throughput over the wall time. */
    void concurrent(Server s) throws IOException, InterruptedException {
        int n = data.size().clients();
        List<Process> running = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Path out = local.resolve("concurrent-" + i + ".txt");
            outs.add(out);
            running.add(client.start(s, out,
                    "get " + q(remote(s, data.clientFile(i))) + " " + q(local.resolve("c-" + i).toString())));
        }
        int failed = 0;
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            Path got = local.resolve("c-" + i);
            try {
                client.await(s, running.get(i), outs.get(i));
                expectSize(got, data.size().clientFileBytes());
                bytes += Files.size(got);
            } catch (IOException e) {
                failed++;
                System.err.println(s.name() + ": client " + i + " failed: " + e.getMessage());
            }
            Files.deleteIfExists(got);
            Files.deleteIfExists(outs.get(i));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        results.add(Metric.CONCURRENT, s.name(), bytes / 1e6 / seconds);
        results.add(Metric.FAILED_TRANSFERS, s.name(), failed);
    }

    /** What every other number includes: key exchange, login, opening the SFTP subsystem, closing. */
    void session(Server s) throws IOException, InterruptedException {
        SftpClient.Result r = client.run(s, "pwd");
        results.add(Metric.SESSION, s.name(), r.nanos() / 1e6);
    }

    private String remote(Server s, Path inData) {
        return s.dataPath() + "/" + data.root.relativize(inData);
    }

    private static void expectSize(Path file, long bytes) throws IOException {
        long got = Files.exists(file) ? Files.size(file) : -1;
        if (got != bytes) {
            throw new IOException(file.getFileName() + ": expected " + bytes + " bytes, got " + got);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
