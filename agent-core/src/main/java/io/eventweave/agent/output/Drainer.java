package io.eventweave.agent.output;

import io.eventweave.agent.output.HandlerStats.LossReason;
import io.eventweave.agent.rules.RuleEvent;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.EventCounters;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.RingBuffer;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The one background thread that drains the ring ({@code eventweave-drainer}, daemon): takes published slots in
 * order and gives each to every {@link EventHandler}; it owns the loop, the accounting, the shutdown protocol and the
 * timing of {@code agent.stats}, and nothing of what a handler does with an event.
 *
 * <ul>
 *   <li>It gives every event its {@code event.sequence} as it takes it, in ring order ({@link EventNumbering}): lines
 *       reach the file in increasing order, and the events a full ring refused are gaps in the numbers.</li>
 *   <li>Idle, it parks until the next time-bound work: a handler's (the file's flush interval), the one-second tick,
 *       {@code agent.stats}. It never spins. Under load a producer wakes it when the ring passes a quarter of its
 *       capacity ({@link RingBuffer#parkUntilClaimed}), so it drains in large batches and a flood never finds the ring
 *       full because the drainer slept.</li>
 *   <li>The first handler is the output of record (the JSONL file): its losses are the process's drop counts
 *       ({@code agent.events.dropped_by_reason}), and it is never skipped. Every other handler is isolated: what it
 *       throws costs it that event only, and once it has used {@value #HANDLER_BUDGET_PERCENT} % of a second its
 *       events are skipped for it until the next second; both are counted in its {@link HandlerStats}.</li>
 *   <li>At shutdown it closes the sequence, gives the handlers what was emitted before within the shutdown timeout,
 *       counts the rest as {@code shutdown_timeout} and tells the handlers the log has ended.</li>
 * </ul>
 *
 * <p>Accounting: every sequence number below {@code agent.stop}'s is an event taken from the ring here, a drop
 * before the ring ({@code queue_full}) placed as a gap, a line a handler numbered itself
 * ({@link DrainerContext#nextLineSequence}), or an event the shutdown drain could not take ({@code shutdown_timeout});
 * the output of record turns the first into written or dropped lines, so emitted = written + dropped holds in its file.
 */
public final class Drainer implements Runnable {
    /** How long a batch may grow before the handlers are told its end. */
    static final int MAX_BATCH_EVENTS = 4096;
    /**
     * The first wait while the next slot is claimed and not published (a producer is filling it), doubling up to
     * {@link #MAX_STALL_PARK_NANOS} while it stays so; and the wait between looks at the ring in the shutdown drain.
     */
    private static final long MIN_PARK_NANOS = 50_000L;
    private static final long MAX_STALL_PARK_NANOS = 10_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long REPORT_INTERVAL_NANOS = 60 * SECOND;
    /** Share of each second a handler other than the output of record may spend before it is skipped. */
    static final int HANDLER_BUDGET_PERCENT = 25;

    private final RingBuffer ring;
    private final EventHandler[] handlers;
    private final HandlerStats[] stats;
    private final PrintStream err;
    private final long statsIntervalNanos;
    private final long shutdownTimeoutNanos;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final ErrorReporter reporter;
    /** Per handler: nanoseconds spent in the current second, and the second's start (drainer thread only). */
    private final long[] spentThisSecond;
    private long secondStart = System.nanoTime();
    /** Failures of each handler already reported on stderr, and when the last report was. */
    private final long[] reportedFailures;
    private long lastHandlerReport = System.nanoTime() - REPORT_INTERVAL_NANOS;

    private volatile boolean stopRequested;
    private volatile Thread thread;

    /** {@code event.sequence} (drainer thread only). */
    private final EventNumbering numbering;
    /** Set once the ring is closed. */
    private boolean closing;

    /**
     * @param handlers the output of record first (never skipped), then the others
     */
    public Drainer(RingBuffer ring, List<EventHandler> handlers, ErrorReporter reporter, PrintStream err,
            long statsIntervalNanos, long shutdownTimeoutNanos) {
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException("a drainer needs at least one handler");
        }
        this.ring = ring;
        this.handlers = handlers.toArray(new EventHandler[0]);
        this.stats = new HandlerStats[this.handlers.length];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new HandlerStats(this.handlers[i].name());
        }
        this.spentThisSecond = new long[this.handlers.length];
        this.reportedFailures = new long[this.handlers.length];
        this.reporter = reporter;
        this.err = err;
        this.statsIntervalNanos = statsIntervalNanos;
        this.shutdownTimeoutNanos = shutdownTimeoutNanos;
        this.numbering = new EventNumbering(new QueueFullDrops(), new PositionsClaimed(ring));
        DrainerContext context = new DrainerContext() {
            @Override
            public long nextLineSequence() {
                return numbering.line();
            }

            @Override
            public long dropped(DropReason reason) {
                return reason == DropReason.QUEUE_FULL ? numbering.dropsPlaced() : EventCounters.dropped(reason);
            }

            @Override
            public boolean closing() {
                return closing;
            }
        };
        for (EventHandler handler : this.handlers) {
            handler.onStart(context);
        }
    }

    /** The reporter for what goes wrong (internal errors, a full ring); one per agent. */
    public static ErrorReporter newReporter(PrintStream err) {
        return new ErrorReporter(err, REPORT_INTERVAL_NANOS);
    }

    /** What each handler did, in handler order. */
    public List<HandlerStats> handlerStats() {
        return List.of(stats);
    }

    public void start() {
        Thread t = new Thread(this, "eventweave-drainer");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Makes the calling thread the drainer thread, which must then call {@link #run()}: the agent's start does, on the
     * thread that set the drainer up. Called before the drainer is handed to the shutdown hook, so that
     * {@link #stopAndWait()} always has a thread to wait for.
     */
    public void runsOnCurrentThread() {
        thread = Thread.currentThread();
    }

    /** From the shutdown hook: drain, end the log, and wait for that at most the timeout plus 1 s. */
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
        boolean stats = statsIntervalNanos > 0;
        long stallParkNanos = MIN_PARK_NANOS;
        long nextTick = System.nanoTime() + SECOND;
        long nextStats = System.nanoTime() + statsIntervalNanos;
        try {
            while (!stopRequested) {
                int drained = drain();
                long now = System.nanoTime();
                endOfBatch();
                if (now - nextTick >= 0) {
                    tick(now);
                    reporter.report(now);
                    reportHandlerFailures(now, false);
                    nextTick = now + SECOND;
                }
                if (stats && now - nextStats >= 0) {
                    forEachHandler(ON_STATS, 0, 0);
                    nextStats = now + statsIntervalNanos;
                }
                if (drained > 0) {
                    stallParkNanos = MIN_PARK_NANOS;
                } else {
                    // Nothing published: sleep until the next time-bound work, unless a producer passes a wake
                    // position first. A slot claimed and not yet published (a producer filling it) gets short waits.
                    long due = Math.min(nanosUntilHandlerWork(now), nextTick - now);
                    if (stats) {
                        due = Math.min(due, nextStats - now);
                    }
                    due = Math.max(MIN_PARK_NANOS, due);
                    if (!ring.parkUntilClaimed(due)) {
                        LockSupport.parkNanos(Math.min(stallParkNanos, due));
                        stallParkNanos = Math.min(stallParkNanos * 2, MAX_STALL_PARK_NANOS);
                    }
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
                for (EventHandler handler : handlers) {
                    try {
                        handler.close();
                    } catch (Throwable t) {
                        AgentErrors.record(AgentErrors.DRAINER, t);
                    }
                }
                finished.countDown();
            }
        }
    }

    /**
     * Numbers published events and gives them to the handlers until a batch is full or the ring has no published
     * event; returns how many.
     */
    private int drain() throws Exception {
        int count = 0;
        EventSlot slot;
        while (count < MAX_BATCH_EVENTS && (slot = ring.poll()) != null) {
            slot.sequence = numbering.event(ring.head());
            dispatch(slot);
            ring.release(slot);
            count++;
        }
        numbering.caughtUp(ring.head());
        return count;
    }

    private void dispatch(EventSlot slot) throws Exception {
        if (slot.kind == EventKind.RULE_EVENT) {
            RuleEvent.complete(slot); // to its kind, before any handler sees it
        }
        handlers[0].onEvent(slot); // the output of record counts its own losses
        stats[0].delivered(1);
        for (int i = 1; i < handlers.length; i++) {
            if (spentThisSecond[i] * 100 >= SECOND * HANDLER_BUDGET_PERCENT) {
                stats[i].lost(LossReason.SLOW, 1);
                continue;
            }
            long start = System.nanoTime();
            try {
                handlers[i].onEvent(slot);
                stats[i].delivered(1);
            } catch (Throwable t) {
                stats[i].failed(t);
            } finally {
                long spent = System.nanoTime() - start;
                spentThisSecond[i] += spent;
                stats[i].spent(spent);
            }
        }
    }

    /**
     * The soonest time-bound work of a handler (the file's flush interval, counting an event that would come now), so
     * the idle park does not delay it.
     */
    private long nanosUntilHandlerWork(long now) {
        long soonest = Long.MAX_VALUE;
        for (EventHandler handler : handlers) {
            soonest = Math.min(soonest, handler.nanosUntilDue(now));
        }
        return soonest;
    }

    /** One stderr line per handler with new failures, at most once per report interval. */
    private void reportHandlerFailures(long now, boolean force) {
        if (!force && now - lastHandlerReport < REPORT_INTERVAL_NANOS) {
            return;
        }
        for (int i = 1; i < stats.length; i++) {
            long failed = stats[i].lost(LossReason.FAILED);
            if (failed > reportedFailures[i]) {
                err.println("eventweave: handler " + stats[i].name() + " failed on " + (failed - reportedFailures[i])
                        + " event(s) since the last report; the other handlers had them; latest: "
                        + stats[i].lastFailure());
                reportedFailures[i] = failed;
                lastHandlerReport = now;
            }
        }
    }

    private void endOfBatch() throws Exception {
        forEachHandler(ON_END_OF_BATCH, 0, 0);
    }

    private void tick(long now) throws Exception {
        if (now - secondStart >= SECOND) {
            Arrays.fill(spentThisSecond, 0);
            secondStart = now;
        }
        forEachHandler(ON_TICK, now, 0);
    }

    /**
     * The calls {@link #forEachHandler} makes. Constants and a switch, not a lambda per call: the drainer starts
     * while the application does, where each lambda's first call spins a class.
     */
    private static final int ON_STATS = 0;
    private static final int ON_END_OF_BATCH = 1;
    /** {@code a}: now. */
    private static final int ON_TICK = 2;
    /** {@code a}: the stop sequence; {@code b}: the shutdown deadline ({@link System#nanoTime}). */
    private static final int ON_STOP = 3;

    private static void call(EventHandler handler, int call, long a, long b) throws Exception {
        switch (call) {
            case ON_STATS:
                handler.onStats();
                break;
            case ON_END_OF_BATCH:
                handler.onEndOfBatch();
                break;
            case ON_TICK:
                handler.onTick(a);
                break;
            case ON_STOP:
                handler.onStop(a, Math.max(0, b - System.nanoTime()));
                break;
            default:
                throw new IllegalArgumentException("call " + call);
        }
    }

    /** The output of record's failures end the loop (as before handlers existed); the others' are theirs alone. */
    private void forEachHandler(int call, long a, long b) throws Exception {
        call(handlers[0], call, a, b);
        for (int i = 1; i < handlers.length; i++) {
            long start = System.nanoTime();
            try {
                call(handlers[i], call, a, b);
            } catch (Throwable t) {
                stats[i].failed(t);
            } finally {
                long spent = System.nanoTime() - start;
                spentThisSecond[i] += spent;
                stats[i].spent(spent);
            }
        }
    }

    private void shutdown() throws Exception {
        Emit.close();
        long deadline = System.nanoTime() + shutdownTimeoutNanos;
        // 1. What the ring holds is handed over as usual (batches, rotation and its agent.file lines included).
        while (System.nanoTime() - deadline < 0) {
            int drained = drain();
            endOfBatch();
            if (drained == 0) {
                break;
            }
        }
        // 2. The log ends. First the drop count is closed, then the ring, each with one atomic step: a claim refused
        //    by the closed ring is thus never counted, a drop counted before the close is placed before agent.stop,
        //    and exactly the positions claimed before the ring's close are still handed over (their producers are
        //    filling them). No handler may number a line now.
        closing = true;
        EventCounters.closeQueueFull();
        long end = ring.close();
        while (ring.head() - end < 0 && System.nanoTime() - deadline < 0) {
            if (drain() == 0) {
                LockSupport.parkNanos(MIN_PARK_NANOS);
            }
            endOfBatch();
        }
        reporter.report(Long.MAX_VALUE);
        reportHandlerFailures(System.nanoTime(), true);
        // Positions claimed before the close and not taken are still in an application thread's hands or the ring:
        // lost to the timeout, numbered below agent.stop as a gap.
        long missing = end - ring.head();
        if (missing > 0) {
            EventCounters.dropped(DropReason.SHUTDOWN_TIMEOUT, missing);
            err.println("eventweave: shutdown drain timed out; " + missing
                    + " events counted as dropped (shutdown_timeout)");
        }
        long stopSequence = numbering.stop(missing);
        forEachHandler(ON_STOP, stopSequence, deadline);
    }

    /** The {@code queue_full} count for {@link EventNumbering} (a class, not a lambda: made while the app starts). */
    private static final class QueueFullDrops implements LongSupplier {
        @Override
        public long getAsLong() {
            return EventCounters.dropped(DropReason.QUEUE_FULL);
        }
    }

    /** How far the producers have claimed, for {@link EventNumbering}. */
    private static final class PositionsClaimed implements LongSupplier {
        private final RingBuffer ring;

        PositionsClaimed(RingBuffer ring) {
            this.ring = ring;
        }

        @Override
        public long getAsLong() {
            return ring.claimed();
        }
    }
}
