package io.eventweave.agent.output;

/**
 * When this process's lines reached the file: a ring of (lines written so far, {@link System#nanoTime()}), one entry
 * per {@value #SPACING_MILLIS} ms at most (the earliest time of the writes it covers), for the lag of a reader of the
 * file (the NATS shipper): the age of the oldest line it has not taken. Drainer thread only.
 */
final class WriteTimes {
    private static final int SIZE = 8192;
    private static final long SPACING_MILLIS = 10;
    private static final long SPACING_NANOS = SPACING_MILLIS * 1_000_000;

    /** Entry i: by {@code nanos[i]}, lines up to {@code counts[i]} (exclusive) had begun to be written. */
    private final long[] counts = new long[SIZE];
    private final long[] nanos = new long[SIZE];
    private int newest = -1;
    private int size;

    /** {@code written} lines are in the file now. */
    void wrote(long written, long now) {
        if (size > 0 && now - nanos[newest] < SPACING_NANOS) {
            counts[newest] = written;
            return;
        }
        newest = (newest + 1) % SIZE;
        counts[newest] = written;
        nanos[newest] = now;
        size = Math.min(size + 1, SIZE);
    }

    /**
     * When line {@code index} (0-based, in write order) was written, to {@value #SPACING_MILLIS} ms; the oldest time
     * kept when it is older than the ring (so an age computed from it is a lower bound); {@code now} when it is not
     * written yet.
     */
    long writtenAt(long index, long now) {
        if (size == 0 || counts[newest] <= index) {
            return now;
        }
        int oldest = (newest - size + 1 + SIZE) % SIZE;
        // binary search over the ring for the first entry whose count passes index
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (counts[(oldest + mid) % SIZE] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return nanos[(oldest + lo) % SIZE];
    }
}
