package dev.lanshare.bench;

import java.util.Locale;

/**
 * How much work one benchmark run does. {@code full} is the workload; {@code tiny} runs the same code
 * paths in seconds so that the build can run it on every change.
 *
 * @param rounds       A/B pairs per measurement (medians are taken over them)
 * @param idleSeconds  how long the idle CPU use of the service is measured
 * @param starts       how many cold starts the start time is the median of
 * @param warmUps      unmeasured passes of each workload per server before its rounds, at least
 * @param warmUpSeconds and passes until each server has run the workload this long, unmeasured
 */
record BenchSize(String name, long bigFileBytes, int smallFiles, int smallFileBytes, int listEntries, int clients,
        long clientFileBytes, int rounds, int idleSeconds, int starts, int warmUps, int warmUpSeconds) {
    static final long MIB = 1024 * 1024;

    BenchSize {
        if (rounds < 1 || clients < 1 || starts < 1) {
            throw new IllegalArgumentException("rounds (" + rounds + "), clients (" + clients + ") and starts ("
                    + starts + ") must be positive");
        }
        if (warmUps < 0 || warmUpSeconds < 0) {
            throw new IllegalArgumentException("warm-ups (" + warmUps + ") and warm-up seconds (" + warmUpSeconds
                    + ") cannot be negative");
        }
    }

    static BenchSize named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "full" -> new BenchSize("full", 1024 * MIB, 2000, 4096, 10_000, 16, 128 * MIB, 5, 60, 5, 3, 20);
            case "tiny" -> new BenchSize("tiny", 4 * MIB, 20, 4096, 100, 2, 2 * MIB, 1, 2, 1, 1, 0);
            default -> throw new IllegalArgumentException("size '" + name + "' is neither 'tiny' nor 'full'");
        };
    }

    /** This size with the counts that are not null changed. */
    BenchSize with(Integer rounds, Integer idleSeconds, Integer starts, Integer warmUps, Integer warmUpSeconds) {
        return new BenchSize(name, bigFileBytes, smallFiles, smallFileBytes, listEntries, clients, clientFileBytes,
                rounds == null ? this.rounds : rounds, idleSeconds == null ? this.idleSeconds : idleSeconds,
                starts == null ? this.starts : starts, warmUps == null ? this.warmUps : warmUps,
                warmUpSeconds == null ? this.warmUpSeconds : warmUpSeconds);
    }

    /** What the client holds at most: the big file, the concurrent clients' files and the small files. */
    long clientBytesNeeded() {
        return bigFileBytes + clients * clientFileBytes + (long) smallFiles * smallFileBytes + 64 * MIB;
    }

    /** Disk space the data and the copies clients make can take at once, with room to spare. */
    long diskNeeded() {
        long clientsTotal = clients * clientFileBytes;
        return 2 * bigFileBytes + 2 * clientsTotal + 2L * smallFiles * smallFileBytes + 256 * MIB;
    }
}
