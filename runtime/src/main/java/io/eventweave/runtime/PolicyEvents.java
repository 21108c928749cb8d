package io.eventweave.runtime;

/**
 * Emitter of the policy family: circuit breakers, rate limiters, retries, bulkheads, fallbacks and time limiters. Every method writes
 * the envelope and the whole {@link PolicyFields} section. The trace context is looked up before the slot is claimed:
 * a claimed slot holds up the drainer until it is published.
 */
public final class PolicyEvents {
    /** {@code rate_limiter.record-acquired}: false leaves out the acquisitions that did not wait. */
    private static volatile boolean recordAcquired = true;

    private PolicyEvents() {
    }

    public static void recordAcquired(boolean record) {
        recordAcquired = record;
    }

    /**
     * {@code circuit_breaker.state_change}, automatic or forced.
     *
     * @param previous a state name as the library has it ({@link BreakerState#fromLibraryName})
     * @param failureRate percent, or negative when not known
     */
    public static void circuitBreakerStateChange(String provider, String name, String previous, String state,
            float failureRate) {
        EventSlot slot = claimNow(EventKind.CIRCUIT_BREAKER_STATE_CHANGE, provider);
        if (slot == null) {
            return;
        }
        slot.outcome = Outcome.NONE;
        fill(slot, name, BreakerState.fromLibraryName(state), BreakerState.fromLibraryName(previous),
                PolicyResult.NONE, 0, 0, -1, failureRate, null);
    }

    /** {@code circuit_breaker.rejected}: a call the breaker did not permit. */
    public static void circuitBreakerRejected(String provider, String name, String state) {
        EventSlot slot = claimNow(EventKind.CIRCUIT_BREAKER_REJECTED, provider);
        if (slot == null) {
            return;
        }
        slot.outcome = Outcome.FAILURE;
        fill(slot, name, BreakerState.fromLibraryName(state), null, PolicyResult.NONE, 0, 0, -1, -1, null);
    }

    /**
     * {@code rate_limiter.acquire}. {@code acquired} events are left out when {@code rate_limiter.record-acquired}
     * is false; waits and rejections are always recorded.
     *
     * @param result {@link PolicyResult#ACQUIRED}, {@link PolicyResult#WAITED} or {@link PolicyResult#REJECTED}
     * @param waitNanos time waited (or to wait, for a reservation), -1 when none
     */
    public static void rateLimiterAcquire(String provider, String name, PolicyResult result, int permits,
            long waitNanos, long startNanos, long endNanos) {
        if (result == PolicyResult.ACQUIRED && !recordAcquired) {
            return;
        }
        TraceContext trace = Emit.isOpen() ? Trace.current() : null;
        EventSlot slot = Emit.claim(EventKind.RATE_LIMITER_ACQUIRE, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.durationNanos = endNanos - startNanos;
        slot.outcome = result == PolicyResult.REJECTED ? Outcome.FAILURE : Outcome.SUCCESS;
        slot.trace = trace;
        fill(slot, name, null, null, result, permits, 0, waitNanos, -1, null);
    }

    /**
     * {@code rate_limiter.acquire} for a reservation, the answer rate limiters give in nanoseconds: how long the
     * caller must wait before its permits are free ({@code waited}; 0: {@code acquired} at once), or a negative value
     * when they will not be free within its timeout ({@code rejected}).
     */
    public static void rateLimiterReserved(String provider, String name, int permits, long nanosToWait,
            long startNanos, long endNanos) {
        PolicyResult result = nanosToWait < 0 ? PolicyResult.REJECTED
                : nanosToWait > 0 ? PolicyResult.WAITED : PolicyResult.ACQUIRED;
        rateLimiterAcquire(provider, name, result, permits, nanosToWait > 0 ? nanosToWait : -1, startNanos, endNanos);
    }

    /**
     * {@code retry.attempt}: an attempt failed and will be retried, the retries are exhausted, or a call succeeded
     * after at least one retry.
     *
     * @param result {@link PolicyResult#WILL_RETRY}, {@link PolicyResult#EXHAUSTED} or {@link PolicyResult#SUCCEEDED}
     * @param waitNanos wait before the next attempt, -1 when none
     * @param failure the attempt's failure (ignored for a success)
     */
    public static void retryAttempt(String provider, String name, int attempt, PolicyResult result, long waitNanos,
            Throwable failure) {
        retryAttempt(provider, name, attempt, result, waitNanos, failure == null ? null : failure.getClass());
    }

    /**
     * {@code retry.attempt} with the failure's class, for a failure the advice can name but not reach: Resilience4j's
     * {@code MaxRetriesExceeded}, made in a local variable when its retries on results run out.
     *
     * @param errorType the class of the attempt's failure, null for none (ignored for a success)
     */
    public static void retryAttempt(String provider, String name, int attempt, PolicyResult result, long waitNanos,
            Class<?> errorType) {
        EventSlot slot = claimNow(EventKind.RETRY_ATTEMPT, provider);
        if (slot == null) {
            return;
        }
        boolean succeeded = result == PolicyResult.SUCCEEDED;
        slot.outcome = succeeded ? Outcome.SUCCESS : Outcome.FAILURE;
        fill(slot, name, null, null, result, 0, attempt, waitNanos, -1, succeeded ? null : errorType);
    }

    /**
     * {@code retry.attempt} of a call that completed after {@code failedAttempts} failed attempts (Resilience4j's
     * retry contexts count so): {@code succeeded} when at least one failed and attempts were left, {@code exhausted}
     * with {@code errorType} when none were left; nothing when the first attempt did it.
     */
    public static void retryCompleted(String provider, String name, int failedAttempts, int maxAttempts,
            Class<?> errorType) {
        if (failedAttempts > 0 && failedAttempts < maxAttempts) {
            retryAttempt(provider, name, failedAttempts, PolicyResult.SUCCEEDED, -1, (Class<?>) null);
        } else if (failedAttempts >= maxAttempts) {
            retryAttempt(provider, name, failedAttempts, PolicyResult.EXHAUSTED, -1, errorType);
        }
    }

    /**
     * {@code retry.attempt} with result {@code ignored}: the call failed with {@code failure}, which the retry's
     * predicate does not retry, so the call ends on it at once.
     *
     * @param attemptsBefore the retries made before this failure (0 when the first attempt failed so)
     */
    public static void retryIgnored(String provider, String name, int attemptsBefore, Throwable failure) {
        retryAttempt(provider, name, attemptsBefore, PolicyResult.IGNORED, -1, failure);
    }

    /**
     * {@code time_limiter.timeout}: a call the time limiter gave up on when its limit passed.
     *
     * @param limitNanos the limit it was configured with, -1 when not known
     * @param timeout what the caller gets instead of the call's result (the library's timeout exception)
     */
    public static void timeLimiterTimeout(String provider, String name, long limitNanos, Throwable timeout) {
        EventSlot slot = claimNow(EventKind.TIME_LIMITER_TIMEOUT, provider);
        if (slot == null) {
            return;
        }
        slot.outcome = Outcome.FAILURE;
        fill(slot, name, null, null, PolicyResult.NONE, 0, 0, limitNanos, -1, timeout == null ? null
                : timeout.getClass());
    }

    /**
     * {@code fallback.invoke}: a fallback ran instead of the call that failed.
     *
     * @param trigger the failure that triggered it (null when a result, not an exception, did)
     * @param succeeded whether the fallback itself returned (true) or threw
     */
    public static void fallbackInvoke(String provider, String name, Throwable trigger, boolean succeeded,
            long startNanos, long endNanos) {
        TraceContext trace = Emit.isOpen() ? Trace.current() : null;
        EventSlot slot = Emit.claim(EventKind.FALLBACK_INVOKE, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.durationNanos = endNanos - startNanos;
        slot.outcome = succeeded ? Outcome.SUCCESS : Outcome.FAILURE;
        slot.trace = trace;
        fill(slot, name, null, null, PolicyResult.NONE, 0, 0, -1, -1, trigger == null ? null : trigger.getClass());
    }

    /** {@code bulkhead.rejected}: a call the bulkhead had no room for. */
    public static void bulkheadRejected(String provider, String name) {
        EventSlot slot = claimNow(EventKind.BULKHEAD_REJECTED, provider);
        if (slot == null) {
            return;
        }
        slot.outcome = Outcome.FAILURE;
        fill(slot, name, null, null, PolicyResult.NONE, 0, 0, -1, -1, null);
    }

    /** A slot for an event that happens now, with no duration, in the thread's trace context. */
    private static EventSlot claimNow(EventKind kind, String provider) {
        if (!Emit.isOpen()) {
            return null;
        }
        TraceContext trace = Trace.current();
        EventSlot slot = Emit.claim(kind, provider, System.nanoTime());
        if (slot != null) {
            slot.durationNanos = -1;
            slot.trace = trace;
        }
        return slot;
    }

    /** Writes the whole section and the error, then publishes. */
    private static void fill(EventSlot slot, String name, BreakerState state, BreakerState previousState,
            PolicyResult result, int permits, int attempt, long waitNanos, float failureRate, Class<?> error) {
        slot.error = error;
        PolicyFields policy = slot.policy();
        policy.name = name;
        policy.state = state;
        policy.previousState = previousState;
        policy.result = result;
        policy.permits = permits;
        policy.attempt = attempt;
        policy.waitNanos = waitNanos;
        policy.failureRate = failureRate;
        slot.publish();
    }
}
