package io.eventweave.benchmarks.pipeline;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Readings a run reports besides time: process CPU time, GC cycles, and bytes allocated by the measuring thread and by
 * every other thread (the pipeline's background threads among them). Results go to stdout as one line
 * {@code RESULT key=value ...} that {@code PerformanceReport} parses.
 */
final class RunStats {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    long cpuNanos;
    long gcCount;
    /** Bytes allocated so far per live thread other than the caller, by thread id. */
    private final Map<Long, Long> otherThreads = new HashMap<>();

    /** A snapshot of the process-wide readings (allocates; take it outside a measured loop). */
    static RunStats now() {
        RunStats s = new RunStats();
        s.cpuNanos = OS.getProcessCpuTime();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            s.gcCount += Math.max(0, gc.getCollectionCount());
        }
        long self = Thread.currentThread().getId();
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != self && bytes[i] > 0) {
                s.otherThreads.put(ids[i], bytes[i]);
            }
        }
        return s;
    }

    /**
     * Bytes the other threads allocated between {@code before} and this snapshot: threads alive at both count their
     * difference, threads started since count everything. A thread that ended in between is not seen (the JVM forgets
     * it), which is why producers report their own bytes before they end.
     */
    long otherThreadsBytesSince(RunStats before) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : otherThreads.entrySet()) {
            total += thread.getValue() - before.otherThreads.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    /** Bytes allocated so far by the calling thread; allocation-free. */
    static long currentThreadBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
