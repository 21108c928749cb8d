package io.eventweave.agent.output;

import com.fasterxml.jackson.core.JsonFactory;
import io.eventweave.format.EventNames;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.EventCounters;
import io.eventweave.runtime.EventSlot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The JSON Lines file, the output of record: encodes each event into a reused buffer and writes whole lines to the
 * {@link JsonlSink} in batches, with the file's own policy.
 *
 * <ul>
 *   <li>Lines reach the file when the buffer holds a batch (256 KB, less for small files) or an event has waited one
 *       flush interval since it was emitted (in the ring, then in the buffer); {@code output.fsync=interval} syncs
 *       then.</li>
 *   <li>Before a batch that would pass {@code output.max-file-size} (or once the file is {@code output.rotate-interval}
 *       old) the file is rotated; every new file starts with {@code agent.file}. A file deleted behind our back is
 *       noticed within a second and created again.</li>
 *   <li>When the output fails, the events are counted as {@code io_error}; when it works again an
 *       {@code agent.output.resumed} line says how many were lost meanwhile.</li>
 *   <li>{@code agent.stats} and {@code agent.stop} carry the counts: emitted = written + dropped.</li>
 * </ul>
 */
public final class JsonlFileHandler implements EventHandler {
    private static final int MAX_BATCH_BYTES = 256 * 1024;
    private static final long SECOND = 1_000_000_000L;

    private final LineBuffer buffer = new LineBuffer(MAX_BATCH_BYTES + 64 * 1024);
    /** The lines in {@link #buffer}, for the line index: added as each is encoded, cleared with the buffer. */
    private final BatchLines lines = new BatchLines();
    /** {@code output.index}: without it no line's name and time are kept. */
    private final boolean indexing;
    private final JsonEventEncoder encoder;
    private final JsonlSink sink;
    private final RotatedFiles rotatedFiles;
    /** What {@code agent.start} says: set by {@link #describe} before the drainer starts (drainer thread only). */
    private AgentInfo info;
    private final ErrorReporter reporter;
    private final PrintStream err;
    private final int batchBytes;
    private final long flushIntervalNanos;
    private final long startNanos = System.nanoTime();
    /**
     * When the lines reached the file, kept only with a shipper: its lag is the age of the oldest line it has not
     * shipped.
     */
    private final WriteTimes writeTimes = new WriteTimes();
    /** The shipper's counts, or null without one. */
    private Supplier<ShippingStats> shippingStats;
    private DrainerContext context;

    /** Lines handed to the sink successfully (drainer thread only). */
    private long written;
    /** Lines encoded into {@link #buffer} and not yet handed to the sink. */
    private int pending;
    /** When the earliest of the pending events was emitted (its end, for an event with a duration). */
    private long oldestPendingNanos;
    /** Events lost to output failures since the output last worked, and the latest failure. */
    private long lostWhileFailing;
    private IOException lastFailure;

    /**
     * Loads jackson-core's generator side (a factory, a generator on nothing) on a thread of its own while the
     * drainer thread finds the process identity: {@link #preload} then finds them loaded. Never fails.
     */
    public static final class JacksonPreload implements Runnable {
        @Override
        public void run() {
            try {
                new JsonFactory().createGenerator(OutputStream.nullOutputStream()).close();
            } catch (Throwable ignored) {
                // the encoder made with the settings meets the same failure and says so
            }
        }
    }

    /**
     * Loads and links the encoder's classes (jackson-core's generator and factory, our line writers) by making one
     * encoder and dropping it: what the drainer thread does before it has the settings a real one needs. Never
     * fails: the real encoder, made later, reports what goes wrong.
     */
    public static void preload() {
        try {
            new JsonEventEncoder(new LineBuffer(1024), new Envelope("preload", "", "", 0), 64 * 1024);
        } catch (Throwable ignored) {
            // the handler made with the settings meets the same failure and says so
        }
    }

    /**
     * Loads and makes the encoder (the most of the drainer thread's set-up), before the agent knows everything
     * {@code agent.start} says: {@link #describe} gives that before the drainer starts.
     */
    public JsonlFileHandler(OutputSettings output, Envelope envelope, ErrorReporter reporter, PrintStream err,
            long flushIntervalNanos) {
        this.rotatedFiles = new RotatedFiles(output, err);
        this.sink = new JsonlSink(output, rotatedFiles);
        this.encoder = new JsonEventEncoder(buffer, envelope, output.maxLineSize);
        this.reporter = reporter;
        this.err = err;
        this.batchBytes = (int) Math.max(4096, Math.min(MAX_BATCH_BYTES, output.maxFileSize / 4));
        this.indexing = output.index;
        this.flushIntervalNanos = flushIntervalNanos;
    }

    /**
     * A shipper that reads this handler's files (the NATS shipper): told before retention deletes a file, and its
     * counts written in {@code agent.stats} and {@code agent.stop}. Before the drainer starts.
     */
    public void shipper(RetentionListener listener, Supplier<ShippingStats> stats) {
        rotatedFiles.retentionListener(listener);
        this.shippingStats = stats;
    }

    /** What the {@code agent.start} line says about this agent and process; before the drainer starts. */
    public void describe(AgentInfo agentInfo) {
        this.info = agentInfo;
    }

    @Override
    public String name() {
        return "jsonl";
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

    @Override
    public void onStart(DrainerContext drainerContext) {
        this.context = drainerContext;
    }

    @Override
    public void onEvent(EventSlot slot) {
        int mark = buffer.size();
        if (encoder.encode(slot, info)) {
            indexLine(mark);
            // The event has waited since it was emitted (the drainer may have slept meanwhile): the flush interval
            // counts from then. An emitter numbers an event with a duration when it ends.
            long emitted = slot.startNanos + Math.max(0, slot.durationNanos);
            if (pending++ == 0) {
                long now = System.nanoTime();
                oldestPendingNanos = emitted - now < 0 ? emitted : now;
            } else if (emitted - oldestPendingNanos < 0) {
                oldestPendingNanos = emitted;
            }
        } else {
            EventCounters.dropped(DropReason.INTERNAL_ERROR, 1);
        }
        if (buffer.size() >= batchBytes) {
            writeOut();
            sink.syncIfConfigured();
        }
    }

    @Override
    public void onEndOfBatch() {
        if (pending > 0 && System.nanoTime() - oldestPendingNanos >= flushIntervalNanos) {
            writeOut();
            sink.syncIfConfigured();
        }
    }

    /** Until the oldest pending event has waited a flush interval; with none pending, an event emitted now. */
    @Override
    public long nanosUntilDue(long now) {
        return pending > 0 ? flushIntervalNanos - (now - oldestPendingNanos) : flushIntervalNanos;
    }

    @Override
    public void onTick(long now) {
        encoder.calibrateClock();
        if (sink.vanished()) {
            reopenVanished();
        }
        if (sink.rotationDue(0, now)) { // rotate-interval
            writeOut();
            if (sink.rotationDue(0, System.nanoTime())) {
                rotate();
            }
        }
    }

    /**
     * Writes an agent.stats line with the counts of everything numbered before it. The drop counts are read before
     * the line takes its number, so they count only earlier events: emitted = written + dropped.
     */
    @Override
    public void onStats() {
        writeOut();
        long[] dropped = dropCounts();
        long sequence = context.nextLineSequence();
        writeCounters(EventNames.AGENT_STATS, sequence, dropped);
    }

    @Override
    public void onStop(long stopSequence, long remainingNanos) {
        writeOut();
        // One snapshot for the last line; what the drainer could not account for is in shutdown_timeout already.
        long[] dropped = dropCounts();
        long writtenBefore = written;
        writeCounters(EventNames.AGENT_STOP, stopSequence, dropped);
        if (written == writtenBefore || dropped[DropReason.IO_ERROR.ordinal()] > 0) {
            long total = 0;
            for (long d : dropped) {
                total += d;
            }
            err.println("eventweave: at exit: " + stopSequence + " events emitted, " + writtenBefore + " written to "
                    + sink.path() + ", " + total + " dropped (io_error " + dropped[DropReason.IO_ERROR.ordinal()]
                    + ")" + (written == writtenBefore ? "; agent.stop could not be written" : ""));
        }
        rotatedFiles.finish(remainingNanos + SECOND / 2);
    }

    @Override
    public void close() {
        sink.close();
    }

    /** Hands the buffer to the sink (rotating first when the batch would pass the size limit). */
    private void writeOut() {
        if (pending == 0 && buffer.size() == 0) {
            return;
        }
        if (!context.closing() && sink.rotationDue(buffer.size(), System.nanoTime())) {
            rotate(); // the batch goes into the new file, after its agent.file line
        }
        try {
            sink.write(buffer.array(), buffer.size(), lines);
            written += pending;
            wroteForShipper();
            buffer.reset();
            lines.clear();
            pending = 0;
            if (lostWhileFailing > 0 && !context.closing()) {
                outputResumed();
            }
        } catch (IOException e) {
            EventCounters.dropped(DropReason.IO_ERROR, pending);
            lostWhileFailing += pending;
            lastFailure = e;
            reporter.outputFailed(sink.path(), e, lostWhileFailing);
            buffer.reset();
            lines.clear();
            pending = 0;
        }
    }

    /** The line just encoded from {@code start} to the buffer's end, for the line index. */
    private void indexLine(int start) {
        if (indexing) {
            lines.add(start, buffer.size() - start, encoder.lineName(), encoder.lineEpochMillis());
        }
    }

    /** Writes one line encoded on its own (the batch buffer is empty when this is called). */
    private void writeLine(boolean encoded) {
        if (encoded) {
            indexLine(lines.end());
            pending++;
        } else {
            EventCounters.dropped(DropReason.INTERNAL_ERROR, 1);
        }
        writeOut();
    }

    /**
     * Rotates, and writes the new file's agent.file line before the batch in hand. The batch is kept whatever fails:
     * a rename that fails leaves the same file to write on; an agent.file line that cannot be written is counted as
     * io_error, as every line the output loses is.
     */
    private void rotate() {
        byte[] batch = null;
        BatchLines batchLines = null;
        int batchPending = pending;
        if (buffer.size() > 0) { // keep the batch aside: the new file's first line is its agent.file line
            batch = Arrays.copyOf(buffer.array(), buffer.size());
            batchLines = lines.copy();
            buffer.reset();
            lines.clear();
            pending = 0;
        }
        try {
            Path previous = sink.rotate();
            long sequence = context.nextLineSequence();
            if (encoder.agentFile(sequence, System.nanoTime(), sink.path().toString(), sink.fileNumber(),
                    previous.toString())) {
                indexLine(0);
                try {
                    sink.write(buffer.array(), buffer.size(), lines);
                    written++;
                    wroteForShipper();
                } catch (IOException e) {
                    EventCounters.dropped(DropReason.IO_ERROR, 1);
                    lostWhileFailing++;
                    lastFailure = e;
                    reporter.outputFailed(sink.path(), e, lostWhileFailing);
                }
            } else {
                EventCounters.dropped(DropReason.INTERNAL_ERROR, 1);
            }
        } catch (IOException e) {
            err.println("eventweave: could not rotate " + sink.path() + ": " + e + "; writing on in the same file");
        } finally {
            buffer.reset();
            lines.clear();
            if (batch != null) {
                buffer.write(batch, 0, batch.length); // at 0 again: the lines' starts hold
                lines.replaceWith(batchLines);
                pending = batchPending;
            }
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
            long sequence = context.nextLineSequence();
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
        long sequence = context.nextLineSequence();
        writeLine(encoder.outputResumed(sequence, System.nanoTime(), sink.path().toString(), lost,
                String.valueOf(lastFailure)));
    }

    private long[] dropCounts() {
        long[] dropped = new long[DropReason.values().length];
        for (DropReason reason : DropReason.values()) {
            dropped[reason.ordinal()] = context.dropped(reason);
        }
        return dropped;
    }

    /** Notes when the lines written so far reached the file, for the shipper's lag; nothing without a shipper. */
    private void wroteForShipper() {
        if (shippingStats != null) {
            writeTimes.wrote(written, System.nanoTime());
        }
    }

    private void writeCounters(String eventName, long sequence, long[] dropped) {
        long now = System.nanoTime();
        ShippingStats shipping = null;
        if (shippingStats != null) {
            try {
                shipping = shippingStats.get();
            } catch (RuntimeException e) {
                AgentErrors.record(AgentErrors.DRAINER, e);
            }
        }
        long lagNanos = 0;
        if (shipping != null && shipping.ownShipped() < written) {
            lagNanos = now - writeTimes.writtenAt(shipping.ownShipped(), now);
        }
        writeLine(encoder.agentCounters(eventName, sequence, now, written, dropped, now - startNanos,
                rotatedFiles.counts(), shipping, lagNanos));
    }
}
