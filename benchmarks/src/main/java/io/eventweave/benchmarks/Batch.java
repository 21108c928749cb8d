package io.eventweave.benchmarks;

import java.util.concurrent.locks.LockSupport;

/**
 * Why every B1 benchmark emits a batch per invocation: a producer in a tight loop outruns any single consumer (on this
 * 2-core machine the first draft, one event per invocation, found the queue full for 85-95% of the calls, so it
 * measured the drop path). To measure "hand an event to a queue that is not full", each invocation offers
 * {@link #SIZE} events, and before it (untimed, a {@code Level.Invocation} setup of the thread's own state) the
 * producer waits until the queue has room for a whole batch from every producer thread: with capacity {@code c},
 * {@code t} threads and batch {@code b}, starting only at occupancy {@code <= c - t*b} keeps the occupancy at or
 * below {@code c} at every moment, so no offer can be refused. The consumer keeps running during the timed batch.
 * The score is divided by {@link #SIZE} through {@code @OperationsPerInvocation}, as is {@code gc.alloc.rate.norm}.
 */
final class Batch {
    /** Events per invocation; 2 threads x 4096 leaves 56 K of the 64 K ring as the start threshold. */
    static final int SIZE = 1 << 12;
    /** Ring / queue capacity of every queue contender. */
    static final int CAPACITY = 1 << 16;

    private Batch() {
    }

    /** Occupancy a producer thread may start a batch at. */
    static long startThreshold(int threads) {
        return CAPACITY - (long) threads * SIZE;
    }

    /** Waits outside the timed region without taking a core from the consumer or the other producer. */
    static void pause() {
        LockSupport.parkNanos(10_000L);
    }
}
