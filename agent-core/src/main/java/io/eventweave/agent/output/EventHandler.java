package io.eventweave.agent.output;

import io.eventweave.runtime.EventSlot;

/**
 * What the {@link Drainer} does with each event, as the Disruptor's {@code EventHandler} and the Elastic agent's
 * {@code ReportingEventHandler}: one consumer loop, many handlers. The JSONL file ({@link JsonlFileHandler}) is the
 * first; a metrics endpoint or a shipper is another. Every method runs on the drainer thread.
 *
 * <p>A handler never costs another its events: the drainer gives each handler each event in turn, and what one throws
 * or the time it overruns is counted as that handler's loss ({@link HandlerStats}), by reason. A handler must not block
 * in {@link #onEvent}; a handler with slow I/O does it in {@link #onEndOfBatch} or {@link #onTick} with a bound, or on
 * a thread of its own.
 */
public interface EventHandler {
    /** Short name for stderr lines and statistics ({@code jsonl}, {@code metrics}). */
    String name();

    /** Called once before the first event, with what the handler may ask of the drainer. */
    default void onStart(DrainerContext context) {
    }

    /** One event taken from the ring, in sequence order; the slot is reused after this returns. */
    void onEvent(EventSlot event) throws Exception;

    /** The ring has no more published events for now, or a batch is full: a moment to hand work on. */
    default void onEndOfBatch() throws Exception {
    }

    /** About once a second. */
    default void onTick(long nowNanos) throws Exception {
    }

    /**
     * Nanoseconds until the handler has time-bound work ({@link #onEndOfBatch} does it), counting the work an event
     * arriving now would bring: the idle drainer sleeps at most that long.
     */
    default long nanosUntilDue(long nowNanos) {
        return Long.MAX_VALUE;
    }

    /**
     * {@code stats.interval} has passed. A handler that writes counts numbers its line itself
     * ({@link DrainerContext#nextLineSequence}), after reading the counters, so they count only earlier events.
     */
    default void onStats() throws Exception {
    }

    /**
     * The log has ended: every event numbered below {@code stopSequence} was given to the handlers or counted as
     * dropped. The handler writes what it still holds; {@code remainingNanos} is what is left of the shutdown timeout.
     */
    default void onStop(long stopSequence, long remainingNanos) throws Exception {
    }

    /** Releases what the handler holds (files, sockets); called once, last, even after a failure. */
    default void close() {
    }
}
