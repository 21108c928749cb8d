package io.eventweave.runtime;

/**
 * One guarded call that work runs inside: a circuit breaker that let it through, an attempt of a retry, a rate
 * limiter's permit, a bulkhead's permit. Frames are immutable and chained innermost first ({@link #outer}), so a
 * {@link TraceContext} captured when an HTTP request starts keeps the chain as it was then, whichever thread the
 * request later completes on. An {@code http.client.request} reports the innermost frame of each kind.
 */
public final class GuardFrame {
    /** The kinds, in the order the line writes them. */
    public enum Kind {
        CIRCUIT_BREAKER,
        RATE_LIMITER,
        RETRY,
        BULKHEAD
    }

    public final Kind kind;
    /** The instance's name as the library gives it. */
    public final String name;
    /** {@link Kind#CIRCUIT_BREAKER}: its state when it let the call through, null when not known. */
    public final BreakerState state;
    /** {@link Kind#RETRY}: the attempt, 1 for the first call; 0 when not known. */
    public final int attempt;
    /** {@link Kind#RATE_LIMITER}: nanoseconds the limiter made the call wait for its permit (0: none). */
    public final long waitNanos;
    /** The guarded call this one runs inside, or null. */
    public final GuardFrame outer;

    private GuardFrame(Kind kind, String name, BreakerState state, int attempt, long waitNanos, GuardFrame outer) {
        this.kind = kind;
        this.name = name;
        this.state = state;
        this.attempt = attempt;
        this.waitNanos = waitNanos;
        this.outer = outer;
    }

    public static GuardFrame circuitBreaker(String name, BreakerState state, GuardFrame outer) {
        return new GuardFrame(Kind.CIRCUIT_BREAKER, name, state, 0, 0, outer);
    }

    public static GuardFrame retry(String name, int attempt, GuardFrame outer) {
        return new GuardFrame(Kind.RETRY, name, null, attempt, 0, outer);
    }

    public static GuardFrame rateLimiter(String name, long waitNanos, GuardFrame outer) {
        return new GuardFrame(Kind.RATE_LIMITER, name, null, 0, Math.max(0, waitNanos), outer);
    }

    public static GuardFrame bulkhead(String name, GuardFrame outer) {
        return new GuardFrame(Kind.BULKHEAD, name, null, 0, 0, outer);
    }

    /** The innermost frame of {@code kind} in the chain that starts at {@code frame}, or null. */
    public static GuardFrame innermost(GuardFrame frame, Kind kind) {
        for (GuardFrame f = frame; f != null; f = f.outer) {
            if (f.kind == kind) {
                return f;
            }
        }
        return null;
    }
}
