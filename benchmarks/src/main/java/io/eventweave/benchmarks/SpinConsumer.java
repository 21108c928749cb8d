package io.eventweave.benchmarks;

/**
 * The background consumer of the queue under test: takes one element at a time, reads one field of it and discards
 * it; calls {@link Thread#onSpinWait()} when the queue is empty (the same idle strategy as the Disruptor anchor's
 * {@code BusySpinWaitStrategy}). Started in a trial's setup, stopped in its teardown so the queue never fills.
 */
abstract class SpinConsumer extends Thread {
    private volatile boolean running = true;
    /** Elements taken; read after {@link #shutdown()} only. */
    long consumed;
    /** Sum of the field read from each element, so the read is not dead code. */
    long sink;

    SpinConsumer(String name) {
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
                Thread.onSpinWait();
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
