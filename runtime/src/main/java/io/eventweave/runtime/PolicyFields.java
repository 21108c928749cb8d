package io.eventweave.runtime;

/**
 * The policy section of an {@link EventSlot}: a decision of a circuit breaker, rate limiter, retry, bulkhead or
 * fallback. Every emitter of the family writes every field, so no value is left over from the slot's previous event.
 */
public final class PolicyFields {
    /** {@code circuit_breaker.name}, {@code rate_limiter.name}, ...: the policy's own name or its allocation site. */
    public String name;
    /** {@code circuit_breaker.state}, or null. */
    public BreakerState state;
    /** {@code circuit_breaker.previous_state}, or null. */
    public BreakerState previousState;
    /** {@code rate_limiter.result} / {@code retry.result}. */
    public PolicyResult result = PolicyResult.NONE;
    /** {@code rate_limiter.permits} (0 for other kinds). */
    public int permits;
    /** {@code retry.attempt} (0 for other kinds). */
    public int attempt;
    /**
     * {@code rate_limiter.wait} / {@code retry.wait} in nanoseconds, -1 when none; for {@code time_limiter.timeout}
     * the limit the time limiter was configured with ({@code time_limiter.timeout}).
     */
    public long waitNanos;
    /** {@code circuit_breaker.failure_rate} in percent, negative when not known. */
    public float failureRate;

    void clearReferences() {
        name = null;
    }
}
