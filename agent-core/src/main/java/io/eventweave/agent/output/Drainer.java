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
 * The one background thread that drains the ring ({@code eventweave-drainer}, daemon): takes published slots in
 * order, encodes them into a reused buffer and writes whole lines to the {@link JsonlSink} in batches.
 *
 * <ul>
 *   <li>Idle, it parks with a growing timeout (50 µs up to 10 ms); it never spins, and producers never wake it
 *       (that would be a system call on an application thread).</li>
 *   <li>Lines reach the file when the buffer holds a batch (256 KB, less for small files) or an event has waited
 *       one flush interval.</li>
 *   <li>Before a batch that would pass {@code output.max-file-size} (or once the file is
 *       {@code output.rotate-interval} old) the file is rotated; every new file starts with {@code agent.file}.</li>
 *   <li>When the output fails, the events are counted as {@code io_error}; when it works again an
 *       {@code agent.output.resumed} line says how many were lost meanwhile.</li>
 *   <li>At shutdown it closes the sequence, drains what was emitted before within the shutdown timeout, counts the
 *       rest as {@code shutdown_timeout} and writes {@code agent.stop}.</li>
 * </ul>
 */
public final class Drainer implements Runnable {
    private static final int MAX_BATCH_BYTES = 256 * 1024;
    private static final long MIN_PARK_NANOS = 50_000L;
    private static final long MAX_PARK_NANOS = 10_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long REPORT_INTERVAL_NANOS = 60 * SECOND;

    private final RingBuffer ring;
    private final LineBuffer buffer = new LineBuffer(MAX_BATCH_BYTES + 64 * 1024);
    private final JsonEventEncoder encoder;
    private final JsonlSink sink;
    private final RotatedFiles rotatedFiles;
    private final AgentInfo info;
    private final PrintStream err;
    private final int batchBytes;
    private final long flushIntervalNanos;
    private final long statsIntervalNanos;
    private final long shutdownTimeoutNanos;
    private final long startNanos = System.nanoTime();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final ErrorReporter reporter;

    private volatile boolean stopRequested;
    private volatile Thread thread;

    /** Lines handed to the sink successfully (drainer thread only). */
    private long written;
    /** Lines encoded into {@link #buffer} and not yet handed to the sink. */
    private int pending;
    private long oldestPendingNanos;
    /** Events lost to output failures since the output last worked, and the latest failure. */
    private long lostWhileFailing;
    private IOException lastFailure;
    /** Set once the sequence is closed: no rotation and no numbered agent line until agent.stop. */
    private boolean closing;

    public Drainer(RingBuffer ring, OutputSettings output, Envelope envelope, AgentInfo info, PrintStream err,
            long flushIntervalNanos, long statsIntervalNanos, long shutdownTimeoutNanos) {
        this.ring = ring;
        this.rotatedFiles = new RotatedFiles(output, err);
        this.sink = new JsonlSink(output, rotatedFiles);
        this.encoder = new JsonEventEncoder(buffer, envelope, output.maxLineSize);
        this.info = info;
        this.err = err;
        this.batchBytes = (int) Math.max(4096, Math.min(MAX_BATCH_BYTES, output.maxFileSize / 4));
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
                if (pending > 0 && (buffer.size() >= batchBytes || now - oldestPendingNanos >= flushIntervalNanos)) {
                    writeOut();
                    sink.syncIfConfigured();
                }
                if (now - nextTick >= 0) {
                    encoder.calibrateClock();
                    reporter.report(now);
                    if (sink.vanished()) {
                        reopenVanished();
                    }
                    if (sink.rotationDue(0, now)) { // rotate-interval
                        writeOut();
                        if (sink.rotationDue(0, System.nanoTime())) {
                            rotate();
                        }
                    }
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

    /** Encodes published events until a batch is full or the ring is empty; returns how many slots it took. */
    private int drain() {
        int count = 0;
        EventSlot slot;
        while (buffer.size() < batchBytes && (slot = ring.poll()) != null) {
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

    /** Hands the buffer to the sink (rotating first when the batch would pass the size limit). */
    private void writeOut() {
        if (pending == 0 && buffer.size() == 0) {
            return;
        }
        if (!closing && sink.rotationDue(buffer.size(), System.nanoTime())) {
            rotate(); // the batch goes into the new file, after its agent.file line
        }
        try {
            sink.write(buffer.array(), buffer.size());
            written += pending;
            buffer.reset();
            pending = 0;
            if (lostWhileFailing > 0 && !closing) {
                outputResumed();
            }
        } catch (IOException e) {
            EventCounters.dropped(DropReason.IO_ERROR, pending);
            lostWhileFailing += pending;
            lastFailure = e;
            reporter.outputFailed(sink.path(), e, lostWhileFailing);
            buffer.reset();
            pending = 0;
        }
    }

    /** Writes one line encoded on its own (the batch buffer is empty when this is called). */
    private void writeLine(boolean encoded) {
        if (encoded) {
            pending++;
        } else {
            EventCounters.dropped(DropReason.INTERNAL_ERROR, 1);
        }
        writeOut();
    }

    private void rotate() {
        try {
            byte[] batch = null;
            int batchLength = buffer.size();
            int batchPending = pending;
            if (batchLength > 0) { // keep the batch aside: the new file's first line is its agent.file line
                batch = java.util.Arrays.copyOf(buffer.array(), batchLength);
                buffer.reset();
                pending = 0;
            }
            Path previous = sink.rotate();
            long sequence = EventCounters.nextSequence();
            if (encoder.agentFile(sequence, System.nanoTime(), sink.path().toString(), sink.fileNumber(),
                    previous.toString())) {
                sink.write(buffer.array(), buffer.size());
                written++;
            } else {
                EventCounters.dropped(DropReason.INTERNAL_ERROR, 1);
            }
            buffer.reset();
            if (batch != null) {
                buffer.write(batch, 0, batch.length);
                pending = batchPending;
            }
        } catch (IOException e) {
            err.println("eventweave: could not rotate " + sink.path() + ": " + e + "; writing on in the same file");
        }
    }

    /**
     * The file was deleted or moved by someone else. What was written to it since the last check (at most about a
     * second of events) may be gone with it: that is said on stderr, and the new file starts with agent.file.
     */
    private void reopenVanished() {
        writeOut();
        String gone = sink.path().toString();
        try {
            sink.reopenVanished();
            err.println("eventweave: " + gone + " was deleted or replaced by something else; events written to it in "
                    + "the last second may be lost with it; writing on in a new file (number " + sink.fileNumber() + ")");
            long sequence = EventCounters.nextSequence();
            writeLine(encoder.agentFile(sequence, System.nanoTime(), sink.path().toString(), sink.fileNumber(),
                    gone + " (deleted)"));
        } catch (IOException e) {
            err.println("eventweave: " + gone + " was deleted and cannot be created again: " + e + "; retrying");
        }
    }

    private void outputResumed() {
        long lost = lostWhileFailing;
        lostWhileFailing = 0;
        reporter.outputRecovered(lost);
        long sequence = EventCounters.nextSequence();
        writeLine(encoder.outputResumed(sequence, System.nanoTime(), sink.path().toString(), lost,
                String.valueOf(lastFailure)));
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
        writeLine(encoder.agentCounters(eventName, sequence, now, written, dropped, now - startNanos));
    }

    private void shutdown() {
        Emit.close();
        long deadline = System.nanoTime() + shutdownTimeoutNanos;
        // 1. What the ring holds is written as usual (rotation and its agent.file lines included).
        while (System.nanoTime() - deadline < 0) {
            int drained = drain();
            if (buffer.size() >= batchBytes) {
                writeOut();
            }
            if (drained == 0) {
                break;
            }
        }
        writeOut();
        // 2. The log ends: agent.stop's number is taken; only events numbered below it (in flight a moment ago)
        //    are still appended, and no other numbered line (agent.file, agent.output.resumed) may come now.
        closing = true;
        long stopSequence = EventCounters.close();
        while (written + pending + EventCounters.droppedTotal() < stopSequence
                && System.nanoTime() - deadline < 0) {
            if (drain() == 0) {
                LockSupport.parkNanos(MIN_PARK_NANOS);
            } else if (buffer.size() >= batchBytes) {
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
        long writtenBefore = written;
        writeCounters("agent.stop", stopSequence, dropped);
        if (written == writtenBefore || dropped[DropReason.IO_ERROR.ordinal()] > 0) {
            long total = 0;
            for (long d : dropped) {
                total += d;
            }
            err.println("eventweave: at exit: " + stopSequence + " events emitted, " + writtenBefore + " written to "
                    + sink.path() + ", " + total + " dropped (io_error " + dropped[DropReason.IO_ERROR.ordinal()]
                    + ")" + (written == writtenBefore ? "; agent.stop could not be written" : ""));
        }
        rotatedFiles.finish(Math.max(0, deadline - System.nanoTime()) + SECOND / 2);
    }
}
