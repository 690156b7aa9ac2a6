package dev.lanshare.service.cli;

import dev.lanshare.service.peer.Progress;
import java.io.PrintStream;

/**
 * Progress of a copy on the terminal: a bar redrawn in place when standard output is a terminal, a plain line
 * every five seconds when it is not; nothing for copies shorter than a second.
 */
final class ProgressPrinter implements Progress {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private long start;
    private long total;
    private long done;
    private int files;
    private int filesDone;
    private long lastPrint;
    private boolean printed;
    private boolean allHere;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
    }

    @Override
    public void started(long bytes, int fileCount, long resumedBytes) {
        start = System.nanoTime();
        total = bytes;
        files = fileCount;
        done = resumedBytes;
        allHere = resumedBytes > 0 && resumedBytes >= bytes; // the same copy made again: said at the end
        if (resumedBytes > 0 && !allHere) {
            out.printf("Resuming: %s of %s copied already.%n", size(resumedBytes), size(bytes));
        }
    }

    @Override
    public void advanced(long bytes) {
        done += bytes;
        if (bytes > 0) {
            allHere = false; // a file taken as here was not (--verify found it differs): it was copied again
        }
        long now = System.nanoTime();
        if (now - start >= QUIET_NANOS && now - lastPrint >= intervalNanos) {
            lastPrint = now;
            print(now);
        }
    }

    @Override
    public void fileDone(String name) {
        filesDone++;
    }

    @Override
    public void note(String line) {
        if (terminal && printed) {
            out.println(); // below the bar, which the next print draws again
        }
        out.println(line);
    }

    @Override
    public void finished() {
        if (printed) {
            print(System.nanoTime());
            if (terminal) {
                out.println();
            }
        }
        if (allHere) {
            out.printf("Already here: %d file%s, %s; nothing to copy.%n", files, files == 1 ? "" : "s", size(total));
            return;
        }
        double seconds = Math.max((System.nanoTime() - start) / 1e9, 0.001);
        out.printf("Copied %d file%s, %s in %.1f s.%n", filesDone, filesDone == 1 ? "" : "s", size(total), seconds);
    }

    private void print(long now) {
        printed = true;
        double seconds = Math.max((now - start) / 1e9, 0.001);
        double rate = done / seconds;
        long left = rate > 0 ? (long) ((total - done) / rate) : 0;
        int pct = total == 0 ? 100 : (int) (100 * done / total);
        String line = String.format("%3d%% %s of %s, %d/%d files, %s/s, %d:%02d left", pct, size(done), size(total),
                filesDone, files, size((long) rate), left / 60, left % 60);
        if (terminal) {
            int width = 24;
            int filled = pct * width / 100;
            out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
