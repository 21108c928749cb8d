package io.eventweave.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One preallocated entry of the {@link RingBuffer}. A producer fills it with primitives and references it already
 * holds (no copies, no allocation), then publishes it; the drainer reads it and clears the references.
 *
 * <p>The payload fields are generic; what each one means for an event kind is stated beside the kind in
 * {@link EventKind}. Only the producer that claimed the slot writes it, and only between claim and publish; the
 * release store of {@link RingBuffer#publish} makes those plain writes visible to the drainer's acquire load.
 */
public final class EventSlot {
    static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EventSlot.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Ring bookkeeping: see {@link RingBuffer} (read and written through {@link #STATE} only). */
    @SuppressWarnings("unused")
    private volatile long state;
    /** The ring position this slot was claimed for; set by {@link RingBuffer#claim()}. */
    long position;

    public long sequence;
    public int kind;
    /** {@code event.provider}: a constant string of the instrumentation. */
    public String provider;
    /** One of the {@code Outcome} constants in {@link EventKind}. */
    public int outcome;
    /** {@link System#nanoTime()} when the event began (or happened); converted to wall-clock time by the drainer. */
    public long startNanos;
    /** Nanoseconds, or -1 when the event has no duration. */
    public long durationNanos;
    /** Trace context the event belongs to, or null. */
    public TraceContext trace;
    /** {@code span.id} of this event (0: none, use the context's own span id). */
    public long spanId;

    public String s1;
    public String s2;
    public String s3;
    public String s4;
    public int i1;
    public int i2;
    public int i3;
    public long l1;
    public long l2;
    /** A Throwable class, a String, or null: rendered as {@code error.type}. */
    public Object error;

    /**
     * Makes this claimed slot visible to the consumer. A release store: the payload writes before it happen-before
     * the consumer's acquire load in {@link RingBuffer#poll()}.
     */
    public void publish() {
        STATE.setRelease(this, position + 1);
    }

    /** Drops every reference so the ring never keeps application objects alive. */
    public void clearReferences() {
        provider = null;
        trace = null;
        s1 = null;
        s2 = null;
        s3 = null;
        s4 = null;
        error = null;
    }
}
