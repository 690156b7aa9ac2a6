package dev.lanshare.bench;

/**
 * What the benchmark reports. Comparisons have a sample per server and a target for the ratio lanshare/OpenSSH;
 * service metrics are lanshare's alone and have an absolute target. A NaN target means "for information".
 */
enum Metric {
    DOWNLOAD("download", "MB/s", Kind.HIGHER_IS_BETTER, 1.2),
    UPLOAD("upload", "MB/s", Kind.HIGHER_IS_BETTER, 1.0),
    SMALL_FILES("small-files", "files/s", Kind.HIGHER_IS_BETTER, 1.0),
    LISTING("listing", "entries/s", Kind.HIGHER_IS_BETTER, 1.0),
    CONCURRENT("concurrent", "MB/s", Kind.HIGHER_IS_BETTER, 1.0),
    FAILED_TRANSFERS("failed-transfers", "count", Kind.AT_MOST, 0),
    CPU_PER_GIB("cpu-per-gib", "s/GiB", Kind.LOWER_IS_BETTER, 1.0),
    SESSION("session", "ms", Kind.LOWER_IS_BETTER, Double.NaN),
    START("start", "s", Kind.AT_MOST, 1.5),
    RSS_STARTED("rss-started", "MB", Kind.AT_MOST, Double.NaN),
    RSS_IDLE("rss-idle", "MB", Kind.AT_MOST, 150),
    RSS_LOADED("rss-after-concurrent", "MB", Kind.AT_MOST, Double.NaN),
    IDLE_CPU("idle-cpu", "%", Kind.AT_MOST, 1.0);

    enum Kind { HIGHER_IS_BETTER, LOWER_IS_BETTER, AT_MOST }

    final String key;
    final String unit;
    final Kind kind;
    final double target;

    Metric(String key, String unit, Kind kind, double target) {
        this.key = key;
        this.unit = unit;
        this.kind = kind;
        this.target = target;
    }

    /** Compared with OpenSSH (a ratio) rather than held to an absolute number. */
    boolean compared() {
        return kind != Kind.AT_MOST;
    }

    String label(BenchSize s) {
        return switch (this) {
            case DOWNLOAD -> "download " + mib(s.bigFileBytes());
            case UPLOAD -> "upload " + mib(s.bigFileBytes());
            case SMALL_FILES -> "get -r " + s.smallFiles() + " files of " + s.smallFileBytes() / 1024 + " KiB";
            case LISTING -> "ls -l of " + s.listEntries() + " entries";
            case CONCURRENT -> s.clients() + " clients x " + mib(s.clientFileBytes()) + " (aggregate)";
            case FAILED_TRANSFERS -> "failed transfers, " + s.clients() + " clients";
            case CPU_PER_GIB -> "server CPU per GiB downloaded";
            case SESSION -> "connect, log in, quit";
            case START -> "start to accepting connections";
            case RSS_STARTED -> "resident memory, 2 s after start";
            case RSS_IDLE -> "resident memory, after " + s.idleSeconds() + " s idle";
            case RSS_LOADED -> "resident memory, after concurrent";
            case IDLE_CPU -> "CPU over " + s.idleSeconds() + " s idle";
        };
    }

    private static String mib(long bytes) {
        return bytes >= 1024 * BenchSize.MIB && bytes % (1024 * BenchSize.MIB) == 0
                ? bytes / (1024 * BenchSize.MIB) + " GiB" : bytes / BenchSize.MIB + " MiB";
    }
}
