package io.eventweave.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide event accounting. Every emitted event takes the next {@code event.sequence} here, before it tries
 * the ring, so a dropped event leaves a gap in the sequence and {@code emitted = written + dropped} can be checked
 * from the file alone.
 */
public final class EventCounters {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PADDED = 8;
    /** Next sequence number at {@code SEQUENCE[PADDED]}, padded on both sides: the one counter every emit touches. */
    private static final long[] SEQUENCE = new long[2 * PADDED + 1];
    private static final LongAdder[] DROPPED = new LongAdder[DropReason.values().length];
    /**
     * Set in the sequence counter by {@link #close()}. Every sequence number taken before the close is below the
     * {@code agent.stop} line's; every one taken after carries this bit, so it is recognisably after the end of the
     * log, neither written nor counted. One atomic add decides, with no window between "closed" and "numbered".
     */
    private static final long CLOSED = 1L << 62;
    static {
        for (int i = 0; i < DROPPED.length; i++) {
            DROPPED[i] = new LongAdder();
        }
    }

    private EventCounters() {
    }

    /** Takes the next sequence number; the number of events emitted so far is the next one to be taken. */
    public static long nextSequence() {
        return (long) LONGS.getAndAdd(SEQUENCE, PADDED, 1L);
    }

    /** Sequence numbers taken so far, dropped events included (after the close, those taken after it too). */
    public static long emitted() {
        return (long) LONGS.getVolatile(SEQUENCE, PADDED) & ~CLOSED;
    }

    /** Counts the event numbered {@code sequence} as lost for {@code reason}, unless it came after the close. */
    public static void dropped(long sequence, DropReason reason) {
        if ((sequence & CLOSED) == 0) {
            DROPPED[reason.ordinal()].increment();
        }
    }

    /** Counts {@code count} events as lost for {@code reason}. */
    public static void dropped(DropReason reason, long count) {
        DROPPED[reason.ordinal()].add(count);
    }

    public static long dropped(DropReason reason) {
        return DROPPED[reason.ordinal()].sum();
    }

    public static long droppedTotal() {
        long total = 0;
        for (LongAdder adder : DROPPED) {
            total += adder.sum();
        }
        return total;
    }

    /**
     * Ends the log: returns the {@code agent.stop} line's sequence number S. Exactly the events numbered below S
     * were emitted before it; any number taken later is {@link #isAfterStop after the stop}. Called once, by the
     * drainer at shutdown.
     */
    public static long close() {
        return (long) LONGS.getAndAdd(SEQUENCE, PADDED, CLOSED) & ~CLOSED;
    }

    public static boolean isAfterStop(long sequence) {
        return (sequence & CLOSED) != 0;
    }
}
