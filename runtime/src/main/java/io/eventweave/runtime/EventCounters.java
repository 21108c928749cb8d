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
     * Sequence of the {@code agent.stop} line once shutdown has taken it; events numbered above it are after the end
     * of the log and neither written nor counted.
     */
    private static volatile long stopSequence = Long.MAX_VALUE;

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

    /** Sequence numbers taken so far (= events emitted, including dropped ones). */
    public static long emitted() {
        return (long) LONGS.getVolatile(SEQUENCE, PADDED);
    }

    /** Counts the event numbered {@code sequence} as lost for {@code reason}, unless it came after {@code agent.stop}. */
    public static void dropped(long sequence, DropReason reason) {
        if (sequence < stopSequence) {
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

    /** Called once by the drainer when it takes the {@code agent.stop} sequence number. */
    public static void markStopped(long sequence) {
        stopSequence = sequence;
    }

    public static boolean isAfterStop(long sequence) {
        return sequence > stopSequence;
    }
}
