package io.eventweave.agent.output;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.EventCounters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Says on stderr what went wrong, at most once per interval per kind, from the drainer thread (application threads
 * only count): internal errors, events dropped on a full ring, output failures and recoveries.
 */
public final class ErrorReporter {
    private final PrintStream err;
    private final long intervalNanos;
    private final long[] reportedErrors = new long[AgentErrors.kinds()];
    private final long[] lastErrorReport = new long[AgentErrors.kinds()];
    private long reportedQueueFull;
    private long lastQueueFullReport;
    private long lastOutputReport;
    private boolean outputFailing;

    ErrorReporter(PrintStream err, long intervalNanos) {
        this.err = err;
        this.intervalNanos = intervalNanos;
        long past = System.nanoTime() - intervalNanos - 1;
        Arrays.fill(lastErrorReport, past);
        lastQueueFullReport = past;
        lastOutputReport = past;
    }

    /** Reports what is due; {@code now = Long.MAX_VALUE} reports everything outstanding (shutdown). */
    void report(long now) {
        boolean force = now == Long.MAX_VALUE;
        long tick = force ? System.nanoTime() : now;
        for (int kind = 0; kind < reportedErrors.length; kind++) {
            long count = AgentErrors.count(kind);
            if (count > reportedErrors[kind] && (force || tick - lastErrorReport[kind] >= intervalNanos)) {
                Throwable last = AgentErrors.takeLast(kind);
                StackTraceElement[] frames = last == null ? new StackTraceElement[0] : last.getStackTrace();
                if (kind == AgentErrors.RULE_VALUE) {
                    err.println("eventweave: " + (count - reportedErrors[kind]) + " value(s) a rule names could not "
                            + "be read (the application's accessor threw; the field was left out); latest: " + last
                            + where(frames));
                } else {
                    err.println("eventweave: " + (count - reportedErrors[kind]) + " internal error(s) of kind '"
                            + AgentErrors.name(kind) + "', suppressed; latest: " + last + where(frames));
                }
                reportedErrors[kind] = count;
                lastErrorReport[kind] = tick;
            }
        }
        long queueFull = EventCounters.dropped(DropReason.QUEUE_FULL);
        if (queueFull > reportedQueueFull && (force || tick - lastQueueFullReport >= intervalNanos)) {
            err.println("eventweave: the ring was full; " + (queueFull - reportedQueueFull)
                    + " events dropped (queue_full) since the last report; raise eventweave.queue.size if this persists");
            reportedQueueFull = queueFull;
            lastQueueFullReport = tick;
        }
    }

    /** The frame that threw and, when that is not ours, the first of ours that led to it. */
    private static String where(StackTraceElement[] frames) {
        if (frames.length == 0) {
            return "";
        }
        String at = " at " + frames[0];
        if (frames[0].getClassName().startsWith("io.eventweave.")) {
            return at;
        }
        for (StackTraceElement frame : frames) {
            if (frame.getClassName().startsWith("io.eventweave.")) {
                return at + " from " + frame;
            }
        }
        return at;
    }

    void outputFailed(Path path, Exception e, long lostSoFar) {
        long now = System.nanoTime();
        if (!outputFailing || now - lastOutputReport >= intervalNanos) {
            err.println("eventweave: cannot write " + path + ": " + e + "; " + lostSoFar
                    + " events dropped (io_error) so far; retrying");
            lastOutputReport = now;
        }
        outputFailing = true;
    }

    void outputRecovered(long lost) {
        if (outputFailing) {
            err.println("eventweave: writing resumed; " + lost + " events were lost (io_error) while the output "
                    + "could not be written");
            outputFailing = false;
        }
    }
}
