package io.eventweave.runtime;

/**
 * A per-thread note from an inner method to the advice of the outer method it runs in: a rate limiter's private
 * wait computation tells its {@code acquirePermission} how long the caller is to wait. Set and taken on the same
 * thread, within one call.
 */
public final class PendingWait {
    private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[] {-1});

    private PendingWait() {
    }

    public static void set(long nanos) {
        NANOS.get()[0] = nanos;
    }

    /** The noted wait (-1: none), cleared. */
    public static long take() {
        long[] slot = NANOS.get();
        long nanos = slot[0];
        slot[0] = -1;
        return nanos;
    }
}
