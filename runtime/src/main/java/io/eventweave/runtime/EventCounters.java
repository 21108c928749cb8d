package io.eventweave.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide loss accounting, by {@link DropReason}. The {@code event.sequence} numbers are not taken here: the
 * drainer numbers events as it takes them from the ring, and places the {@code queue_full} drops counted here as gaps
 * between them, so {@code emitted = written + dropped} can still be checked from the file alone.
 *
 * <p>{@code queue_full} is the one reason counted on application threads (a claim refused by a full ring, the rare
 * path of an emit). It is counted in striped cells, so that threads dropping at the same time do not all fight over
 * one cache line, and it is {@linkplain #closeQueueFull() closed} once, by the drainer at shutdown. The other reasons
 * are counted on the drainer thread.
 */
public final class EventCounters {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs per cell: a cell and its neighbours are 64 bytes apart. */
    private static final int PADDED = 8;
    private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());
    /**
     * {@code queue_full} drops: cell {@code i} at {@code QUEUE_FULL[(i + 1) * PADDED]}, padded on both sides.
     * Incremented with {@code getAndAdd} (a full fence) by the dropping thread, read with acquire by the drainer: a
     * drainer that sees a drop also sees what the dropping thread did before it, in particular its read of the ring's
     * tail (the drainer relies on that to place the gap no earlier than the drop, see {@link RingBuffer#claimed()}).
     * {@link #closeQueueFull()} adds {@link #CLOSED} to each cell with one atomic add per cell, so every drop falls on
     * one side of the close: counted before it, or carrying the bit and never read.
     */
    private static final long[] QUEUE_FULL = new long[(STRIPES + 1) * PADDED + 1];
    /** Added to each {@code queue_full} cell by the close; a cell's count stays far below it. */
    private static final long CLOSED = 1L << 62;
    /** The {@code queue_full} total at the close, -1 before; written once by {@link #closeQueueFull()}. */
    private static volatile long queueFullAtClose = -1;
    /** The drainer's reasons, by ordinal ({@code queue_full}'s stays 0). */
    private static final LongAdder[] DROPPED = new LongAdder[DropReason.values().length];

    static {
        for (int i = 0; i < DROPPED.length; i++) {
            DROPPED[i] = new LongAdder();
        }
    }

    private EventCounters() {
    }

    /** A power of two at least {@code processors}, at most 64: the drainer reads every cell now and then. */
    static int stripes(int processors) {
        return Math.min(64, Integer.highestOneBit(Math.max(1, processors - 1)) << 1);
    }

    /**
     * An application thread's claim was refused by a full ring: counts one {@code queue_full} drop. Returns false when
     * the count is already closed (shutdown): the event is then after the end of the log, neither written nor counted.
     */
    public static boolean queueFull() {
        int h = System.identityHashCode(Thread.currentThread());
        int cell = ((h ^ (h >>> 16)) & (STRIPES - 1)) + 1;
        return ((long) LONGS.getAndAdd(QUEUE_FULL, cell * PADDED, 1L) & CLOSED) == 0;
    }

    /** Counts {@code count} events as lost for {@code reason}, a reason of the drainer's (not {@code queue_full}). */
    public static void dropped(DropReason reason, long count) {
        if (reason == DropReason.QUEUE_FULL) {
            throw new IllegalArgumentException("queue_full is counted by EventCounters.queueFull()");
        }
        DROPPED[reason.ordinal()].add(count);
    }

    /**
     * Events lost for {@code reason} so far. For {@code queue_full}: the drops counted so far (approximate while
     * threads drop), and from the close on, exactly those counted before it.
     */
    public static long dropped(DropReason reason) {
        if (reason != DropReason.QUEUE_FULL) {
            return DROPPED[reason.ordinal()].sum();
        }
        long atClose = queueFullAtClose;
        if (atClose >= 0) {
            return atClose;
        }
        long total = 0;
        for (int cell = 1; cell <= STRIPES; cell++) {
            total += (long) LONGS.getAcquire(QUEUE_FULL, cell * PADDED) & ~CLOSED;
        }
        return total;
    }

    /**
     * Ends the {@code queue_full} count (the drainer, once, at shutdown, before it closes the ring): returns the
     * drops counted before the close, which {@link #dropped(DropReason)} returns from now on. A drop counted after
     * the close is not counted at all.
     */
    public static long closeQueueFull() {
        long atClose = queueFullAtClose;
        if (atClose >= 0) {
            return atClose;
        }
        long total = 0;
        for (int cell = 1; cell <= STRIPES; cell++) {
            total += (long) LONGS.getAndAdd(QUEUE_FULL, cell * PADDED, CLOSED);
        }
        queueFullAtClose = total;
        return total;
    }
}
