package dev.lanshare.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What Linux's /proc says about a process: CPU time and resident memory. */
final class Proc {
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private Proc() {
    }

    /** user+sys CPU seconds of the process itself (all its threads). */
    static double cpuSeconds(long pid) {
        long[] f = stat(pid);
        return (f[0] + f[1]) / (double) TICKS_PER_SECOND;
    }

    /**
     * user+sys CPU seconds of the process and of every descendant that has exited and been waited for: the
     * kernel adds a reaped child's own and children's times to its parent's cutime/cstime.
     */
    static double cpuSecondsWithReapedChildren(long pid) {
        long[] f = stat(pid);
        return (f[0] + f[1] + f[2] + f[3]) / (double) TICKS_PER_SECOND;
    }

    /** Resident memory in bytes ({@code field} VmRSS, or VmHWM for the peak). */
    static long memoryBytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    String kb = line.substring(field.length() + 1).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("process " + pid + " is gone", e);
        }
        throw new IllegalStateException("no " + field + " for process " + pid);
    }

    /** Waits until {@code pid} has no child processes left (so their CPU time is in its cutime/cstime). */
    static void awaitNoChildren(long pid, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (ProcessHandle.of(pid).map(p -> p.children().count()).orElse(0L) > 0) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("process " + pid + " still has children after " + limit);
            }
            Thread.sleep(10);
        }
    }

    /** utime, stime, cutime, cstime in clock ticks. */
    private static long[] stat(long pid) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException("process " + pid + " is gone", e);
        }
        // the command name may hold spaces and parentheses: fields are counted after the last ')'
        String[] f = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
            Long.parseLong(f[14])};
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
