package io.eventweave.agent.output;

/**
 * How long the drainer waits when the ring has nothing published (drainer thread only).
 *
 * <ul>
 *   <li>Light load: until the next time-bound work ({@code due}); a producer wakes it earlier at each quarter of the
 *       ring. An HTTP client loop (thousands of events a second) wakes it a few times a second.</li>
 *   <li>Heavy load, events arriving fast enough to fill the ring within {@value #HEAVY_FILL_MILLIS} ms: short waits,
 *       {@value #MIN_NANOS} ns doubling up to {@value #MAX_SHORT_NANOS} ns and back to the shortest after every pass
 *       that took events, as the drainer always did. A burst then meets a drainer that is already running instead of
 *       one a wake-up has to bring back, which takes as long as the scheduler takes: on a loaded machine, long enough
 *       for a burst to fill the rest of the ring.</li>
 *   <li>A slot claimed and not yet published (a producer filling it): short waits in both, doubling up to
 *       {@value #MAX_STALL_NANOS} ns while it stays so.</li>
 * </ul>
 *
 * <p>The rate is measured over windows of at least {@value #WINDOW_NANOS} ns, from one pass to a later one; heavy
 * load ends when a window's rate falls below half the threshold.
 */
final class IdleWait {
    static final long MIN_NANOS = 50_000L;
    static final long MAX_SHORT_NANOS = 1_000_000L;
    static final long MAX_STALL_NANOS = 10_000_000L;
    static final long WINDOW_NANOS = 10_000_000L;
    static final long HEAVY_FILL_MILLIS = 100;

    private final long capacity;
    private long windowStart;
    private long windowEvents;
    private boolean heavy;
    private long shortNanos = MIN_NANOS;
    private long stallNanos = MIN_NANOS;

    IdleWait(int capacity, long now) {
        this.capacity = capacity;
        this.windowStart = now;
    }

    /** After each drain pass: {@code drained} events taken. */
    void passed(int drained, long now) {
        if (drained > 0) {
            shortNanos = MIN_NANOS;
            stallNanos = MIN_NANOS;
            windowEvents += drained;
        }
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            // the events that would arrive in HEAVY_FILL_MILLIS at this window's rate
            double fill = (double) windowEvents * (HEAVY_FILL_MILLIS * 1_000_000L) / elapsed;
            heavy = heavy ? fill * 2 >= capacity : fill >= capacity;
            windowStart = now;
            windowEvents = 0;
        }
    }

    boolean heavy() {
        return heavy;
    }

    /** The wait with nothing claimed, {@code due} at the most (and {@link #MIN_NANOS} at the least). */
    long park(long due) {
        long wait = due;
        if (heavy) {
            wait = Math.min(shortNanos, due);
            shortNanos = Math.min(shortNanos * 2, MAX_SHORT_NANOS);
        }
        return Math.max(MIN_NANOS, wait);
    }

    /** The wait while the next slot is claimed and not yet published, {@code due} at the most. */
    long stall(long due) {
        long wait = Math.max(MIN_NANOS, Math.min(stallNanos, due));
        stallNanos = Math.min(stallNanos * 2, MAX_STALL_NANOS);
        return wait;
    }
}
