package io.eventweave.agent.output;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.EventCounters;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.RingBuffer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one background thread of the agent ({@code eventweave-drainer}, daemon): takes published slots from the ring in
 * order, encodes them into a reused buffer and writes whole lines to the sink in batches.
 *
 * <ul>
 *   <li>Idle, it parks with a growing timeout (50 µs up to 10 ms); it never spins, and producers never wake it
 *       (that would be a system call on an application thread).</li>
 *   <li>Lines reach the file when the buffer holds {@value #WRITE_THRESHOLD} bytes or an event has waited one flush
 *       interval.</li>
 *   <li>At shutdown it stops intake, takes the {@code agent.stop} sequence number, drains what was emitted before it
 *       within the shutdown timeout, counts the rest as {@code shutdown_timeout} and writes {@code agent.stop}.</li>
 * </ul>
 */
public final class Drainer implements Runnable {
    static final int WRITE_THRESHOLD = 256 * 1024;
    private static final int MAX_BATCH = 4096;
    private static final long MIN_PARK_NANOS = 50_000L;
    private static final long MAX_PARK_NANOS = 10_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long REPORT_INTERVAL_NANOS = 60 * SECOND;

    private final RingBuffer ring;
    private final LineBuffer buffer = new LineBuffer(WRITE_THRESHOLD + 64 * 1024);
    private final JsonEventEncoder encoder;
    private final JsonlSink sink;
    private final AgentInfo info;
    private final PrintStream err;
    private final long flushIntervalNanos;
    private final long statsIntervalNanos;
    private final long shutdownTimeoutNanos;
    private final long startNanos = System.nanoTime();
    private final CountDownLatch finished = new CountDownLatch(1);

    private volatile boolean stopRequested;
    private volatile Thread thread;

    /** Lines handed to the sink successfully (drainer thread only). */
    private long written;
    /** Lines encoded into {@link #buffer} and not yet handed to the sink. */
    private int pending;
    private long oldestPendingNanos;
    private final ErrorReporter reporter;

    public Drainer(RingBuffer ring, Path output, Envelope envelope, AgentInfo info, PrintStream err,
            long flushIntervalNanos, long statsIntervalNanos, long shutdownTimeoutNanos) {
        this.ring = ring;
        this.sink = new JsonlSink(output);
        this.encoder = new JsonEventEncoder(buffer, envelope);
        this.info = info;
        this.err = err;
        this.flushIntervalNanos = flushIntervalNanos;
        this.statsIntervalNanos = statsIntervalNanos;
        this.shutdownTimeoutNanos = shutdownTimeoutNanos;
        this.reporter = new ErrorReporter(err, REPORT_INTERVAL_NANOS);
    }

    /** Opens the output; on failure says so once, and the agent runs on counting what it cannot write. */
    public boolean openOutput() {
        try {
            sink.open();
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("eventweave: cannot open the output file " + sink.path() + ": " + e
                    + "; events are counted as dropped (io_error) until it can be opened");
            return false;
        }
    }

    public void start() {
        Thread t = new Thread(this, "eventweave-drainer");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** From the shutdown hook: drain, write {@code agent.stop}, and wait for that at most the timeout plus 1 s. */
    public void stopAndWait() {
        stopRequested = true;
        Thread t = thread;
        if (t == null) {
            return; // never started
        }
        LockSupport.unpark(t);
        try {
            finished.await(shutdownTimeoutNanos + SECOND, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        long parkNanos = MIN_PARK_NANOS;
        long nextTick = System.nanoTime() + SECOND;
        long nextStats = statsIntervalNanos > 0 ? System.nanoTime() + statsIntervalNanos : Long.MAX_VALUE;
        try {
            while (!stopRequested) {
                int drained = drain();
                long now = System.nanoTime();
                if (pending > 0 && (buffer.size() >= WRITE_THRESHOLD || now - oldestPendingNanos >= flushIntervalNanos)) {
                    writeOut();
                }
                if (now - nextTick >= 0) {
                    encoder.calibrateClock();
                    reporter.report(now);
                    nextTick = now + SECOND;
                }
                if (now - nextStats >= 0) {
                    counters("agent.stats");
                    nextStats = now + statsIntervalNanos;
                }
                if (drained == 0) {
                    long untilFlush = pending > 0 ? flushIntervalNanos - (now - oldestPendingNanos) : MAX_PARK_NANOS;
                    LockSupport.parkNanos(Math.max(MIN_PARK_NANOS, Math.min(parkNanos, untilFlush)));
                    parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
                } else {
                    parkNanos = MIN_PARK_NANOS;
                }
            }
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.DRAINER, t);
            err.println("eventweave: the drainer failed and is shutting down the agent's output: " + t);
        } finally {
            try {
                shutdown();
            } catch (Throwable t) {
                err.println("eventweave: failure while writing agent.stop: " + t);
            } finally {
                sink.close();
                finished.countDown();
            }
        }
    }

    /** Encodes up to {@link #MAX_BATCH} published events; returns how many slots it took. */
    private int drain() {
        int count = 0;
        EventSlot slot;
        while (count < MAX_BATCH && (slot = ring.poll()) != null) {
            if (!EventCounters.isAfterStop(slot.sequence)) {
                if (encoder.encode(slot, info)) {
                    if (pending++ == 0) {
                        oldestPendingNanos = System.nanoTime();
                    }
                } else {
                    EventCounters.dropped(DropReason.INTERNAL_ERROR, 1);
                }
            }
            ring.release(slot);
            count++;
        }
        return count;
    }

    private void writeOut() {
        if (pending == 0 && buffer.size() == 0) {
            return;
        }
        try {
            sink.write(buffer.array(), buffer.size());
            written += pending;
            reporter.outputRecovered();
        } catch (IOException e) {
            EventCounters.dropped(DropReason.IO_ERROR, pending);
            reporter.outputFailed(sink.path(), e, pending);
        }
        buffer.reset();
        pending = 0;
    }

    /**
     * Writes an agent.stats line with the counts of everything numbered before it. The drop counters are read
     * before the line takes its number, so they count only earlier events: emitted = written + dropped + queued.
     */
    private void counters(String eventName) {
        writeOut();
        long[] dropped = dropCounts();
        long sequence = EventCounters.nextSequence();
        writeCounters(eventName, sequence, dropped);
    }

    private static long[] dropCounts() {
        long[] dropped = new long[DropReason.values().length];
        for (DropReason reason : DropReason.values()) {
            dropped[reason.ordinal()] = EventCounters.dropped(reason);
        }
        return dropped;
    }

    private void writeCounters(String eventName, long sequence, long[] dropped) {
        long now = System.nanoTime();
        if (encoder.agentCounters(eventName, sequence, now, written, dropped, now - startNanos)) {
            pending++;
        } else {
            EventCounters.dropped(DropReason.INTERNAL_ERROR, 1);
        }
        writeOut();
    }

    private void shutdown() {
        Emit.close();
        long stopSequence = EventCounters.close();
        long deadline = System.nanoTime() + shutdownTimeoutNanos;
        while (written + pending + EventCounters.droppedTotal() < stopSequence
                && System.nanoTime() - deadline < 0) {
            if (drain() == 0) {
                LockSupport.parkNanos(MIN_PARK_NANOS);
            } else if (buffer.size() >= WRITE_THRESHOLD) {
                writeOut();
            }
        }
        writeOut();
        reporter.report(Long.MAX_VALUE);
        // One snapshot for the last line: whatever numbered below it is neither written nor counted as dropped
        // yet is still in an application thread's hands or the ring, and is lost to the timeout.
        long[] dropped = dropCounts();
        long accounted = written;
        for (long d : dropped) {
            accounted += d;
        }
        long missing = stopSequence - accounted;
        if (missing > 0) {
            dropped[DropReason.SHUTDOWN_TIMEOUT.ordinal()] += missing;
            EventCounters.dropped(DropReason.SHUTDOWN_TIMEOUT, missing);
            err.println("eventweave: shutdown drain timed out; " + missing
                    + " events counted as dropped (shutdown_timeout)");
        }
        writeCounters("agent.stop", stopSequence, dropped);
    }
}
