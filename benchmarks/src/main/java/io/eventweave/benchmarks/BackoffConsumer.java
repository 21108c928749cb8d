package io.eventweave.benchmarks;

import java.util.concurrent.locks.LockSupport;

/**
 * The background consumer of the queue under test: takes one element at a time, reads one field of it and discards
 * it; when the queue is empty it parks for {@link #IDLE_NANOS} (the same idle strategy as the Disruptor anchor's
 * {@code SleepingWaitStrategy(0, IDLE_NANOS)} and, like eventweave's drainer, one that never spins: on 2 cores a
 * spinning consumer takes a core from the producers and, trailing them closely, moves every slot's cache line between
 * cores once per event). Started in a trial's setup, stopped in its teardown so the queue never fills.
 */
abstract class BackoffConsumer extends Thread {
    /** Park time when the queue is empty: the first step of eventweave's drainer back-off. */
    static final long IDLE_NANOS = 50_000L;

    private volatile boolean running = true;
    /** Elements taken; read after {@link #shutdown()} only. */
    long consumed;
    /** Sum of the field read from each element, so the read is not dead code. */
    long sink;

    BackoffConsumer(String name) {
        super(name);
        setDaemon(true);
    }

    /** Takes one element if there is one, adding one of its fields to {@link #sink}; false when empty. */
    protected abstract boolean takeOne();

    @Override
    public final void run() {
        while (running) {
            if (takeOne()) {
                consumed++;
            } else {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
        while (takeOne()) {
            consumed++;
        }
    }

    final void shutdown() throws InterruptedException {
        running = false;
        join();
    }
}
