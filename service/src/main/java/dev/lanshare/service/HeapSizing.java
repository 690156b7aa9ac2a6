package dev.lanshare.service;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.Closeable;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much free room the service's heap keeps: as little as its JVM flags say while nobody is connected (the idle
 * service's memory, and a search index being built, stay small), more while a colleague's session is open to it or
 * it holds connections of its own for copies. During copies of many small files a heap kept to a third above what
 * it uses made G1 start a concurrent marking cycle every second young collection (four for each folder of 2,000
 * small files in the colleague, its marking threads about a tenth of its CPU). With room, it runs young collections
 * only.
 *
 * <p>G1 resizes the heap when it finishes a marking cycle or a full collection, by the two ratios of free room it
 * keeps, and both can be changed while the JVM runs (they are "manageable"). So the change takes effect at the next
 * cycle after a copy starts, and the heap given back at the first cycle after the service is idle again (G1's
 * periodic collection, 30 s after the last one). Where the JVM has no such option (another VM), nothing changes.
 */
final class HeapSizing implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(HeapSizing.class);
    static final String MIN = "MinHeapFreeRatio";
    static final String MAX = "MaxHeapFreeRatio";
    /** While busy: at least this share of the heap free after a cycle (a heap 4x what is live)... */
    static final int ROOMY_MIN = 75;
    /** ...and given back only above this share. */
    static final int ROOMY_MAX = 90;

    private HotSpotDiagnosticMXBean vm;
    private int leanMin;
    private int leanMax;
    private boolean roomy;
    private boolean unavailable;
    private boolean closed;

    /** Called from the service's watch, every half second: {@code busy} when a session or connection is open. */
    synchronized void busy(boolean busy) {
        if (busy == roomy || unavailable || closed) {
            return;
        }
        try {
            if (vm == null) {
                // the platform's management beans are made on first use: a tenth of a second, once, on this thread
                vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                leanMin = Integer.parseInt(vm.getVMOption(MIN).getValue());
                leanMax = Integer.parseInt(vm.getVMOption(MAX).getValue());
            }
            // each is checked against the other as it is set: the upper one moves first going up, last going down
            if (busy) {
                vm.setVMOption(MAX, Integer.toString(Math.max(leanMax, ROOMY_MAX)));
                vm.setVMOption(MIN, Integer.toString(Math.max(leanMin, ROOMY_MIN)));
            } else {
                vm.setVMOption(MIN, Integer.toString(leanMin));
                vm.setVMOption(MAX, Integer.toString(leanMax));
            }
            roomy = busy;
        } catch (RuntimeException | LinkageError e) {
            unavailable = true;
            LOG.debug("the heap's free room stays as the JVM started: {}", e.toString());
        }
    }

    /** The service stops: the JVM's own values again (a JVM that runs on, as in tests, keeps no service's room). */
    @Override
    public synchronized void close() {
        busy(false);
        closed = true;
    }
}
