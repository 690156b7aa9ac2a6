package dev.lanshare.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/** The files both servers serve, made once per run in one folder that both share. */
final class DataSet {
    private static final int CHUNK = 1024 * 1024;

    final Path root;
    final Path big;
    final Path small;
    final Path list;
    final Path clients;
    private final BenchSize size;

    private DataSet(Path root, BenchSize size) {
        this.root = root;
        this.size = size;
        this.big = root.resolve("big.bin");
        this.small = root.resolve("small");
        this.list = root.resolve("list");
        this.clients = root.resolve("clients");
    }

    static DataSet create(Path root, BenchSize size) throws IOException {
        DataSet d = new DataSet(root, size);
        Files.createDirectories(root);
        // random bytes: nothing on the way can make the data smaller
        SplittableRandom random = new SplittableRandom(7);
        fill(d.big, size.bigFileBytes(), random);
        Files.createDirectories(d.small);
        byte[] content = new byte[size.smallFileBytes()];
        for (int i = 0; i < size.smallFiles(); i++) {
            random.nextBytes(content);
            Files.write(d.small.resolve(String.format("file-%05d.dat", i)), content);
        }
        Files.createDirectories(d.list);
        for (int i = 0; i < size.listEntries(); i++) {
            Files.createFile(d.list.resolve(String.format("entry-%05d.txt", i)));
        }
        Files.createDirectories(d.clients);
        for (int i = 0; i < size.clients(); i++) {
            fill(d.clientFile(i), size.clientFileBytes(), random);
        }
        return d;
    }

    /** The file client {@code i} of the concurrent test downloads. */
    Path clientFile(int i) {
        return clients.resolve(String.format("client-%02d.bin", i));
    }

    BenchSize size() {
        return size;
    }

    static void fill(Path file, long bytes, SplittableRandom random) throws IOException {
        byte[] chunk = new byte[CHUNK];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            random.nextBytes(chunk);
            for (long done = 0; done < bytes; done += CHUNK) {
                // a different first word per chunk is enough to keep chunks distinct and cheap to make
                ByteBuffer.wrap(chunk).putLong(0, done);
                ch.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(CHUNK, bytes - done)));
            }
        }
    }
}
