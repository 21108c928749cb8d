package io.eventweave.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Per producer thread: the occupancy it may start a batch at (see {@link Batch}), how many invocations had to wait
 * for room, and how many offers the anchor's queue refused because it was full (a never-taken branch when the batch
 * gate works; printed at the end of the trial so a run where the queue filled can be told apart).
 */
@State(Scope.Thread)
public class Refusals {
    public long refused;
    public long waits;
    protected long threshold;

    /** A benchmark whose queue the producers wait on before each batch. */
    interface Occupied {
        /** Elements in the queue now (approximate while the consumer runs). */
        long occupancy();
    }

    @Setup(Level.Trial)
    public void threshold(BenchmarkParams params) {
        threshold = Batch.startThreshold(params.getThreads());
    }

    /** Untimed: waits until {@code queue} has room for a whole batch from every producer thread (see {@link Batch}). */
    protected final void waitForRoom(Occupied queue) {
        if (queue.occupancy() > threshold) {
            waits++;
            do {
                Batch.pause();
            } while (queue.occupancy() > threshold);
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.println("[" + Thread.currentThread().getName() + "] invocations that waited for room=" + waits
                + " refused(queue full)=" + refused);
    }
}
