package mda.engine.util;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory of this process, for the bench commands. */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {
    }

    /** Peak resident set size in bytes (Linux VmHWM), or −1 where /proc is absent. */
    public static long bytes() {
        return status()[0];
    }

    /** VmHWM, VmRSS, RssAnon, RssFile in bytes (each −1 where unknown). */
    static long[] status() {
        long[] out = {-1, -1, -1, -1};
        String[] keys = {"VmHWM:", "VmRSS:", "RssAnon:", "RssFile:"};
        try {
            for (String line : Files.readAllLines(STATUS)) {
                for (int k = 0; k < keys.length; k++) {
                    if (line.startsWith(keys[k])) {
                        out[k] = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** Resets VmHWM to the current RSS (Linux ≥ 4.0, {@code /proc/self/clear_refs}); false where not possible. */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Maxima, in bytes, over a sampled interval: VmHWM (the kernel's own peak, exact), and the peaks seen by sampling
     * of VmRSS, its anonymous (heap, native) and file-backed (mapped files) parts, and Java heap used and committed.
     * Each is −1 where unknown.
     */
    public record Peaks(long vmHwm, long rss, long rssAnon, long rssFile, long heapUsed, long heapCommitted) {
    }

    /** A daemon thread that samples {@code /proc/self/status} and the heap every period and keeps maxima. */
    public static final class Sampler implements AutoCloseable {
        private final Thread thread;
        private final long[] max = {-1, -1, -1, -1, -1, -1};
        private volatile boolean running = true;

        private Sampler(long periodMillis) {
            sample();
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(periodMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "peak-memory-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** Starts sampling every {@code periodMillis} ms (the bench uses 50). */
        public static Sampler start(long periodMillis) {
            if (periodMillis < 1) {
                throw new IllegalArgumentException("sampling period must be at least 1 ms, got " + periodMillis);
            }
            return new Sampler(periodMillis);
        }

        private synchronized void sample() {
            long[] s = status();
            MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
            MemoryUsage heap = mx.getHeapMemoryUsage();
            long[] now = {s[0], s[1], s[2], s[3], heap.getUsed(), heap.getCommitted()};
            for (int k = 0; k < now.length; k++) {
                max[k] = Math.max(max[k], now[k]);
            }
        }

        /** The maxima so far, including one last sample taken now. */
        public synchronized Peaks peaks() {
            sample();
            return new Peaks(max[0], max[1], max[2], max[3], max[4], max[5]);
        }

        /** Stops the thread. */
        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
