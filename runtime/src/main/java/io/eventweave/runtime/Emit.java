package io.eventweave.runtime;

/**
 * The one door from instrumented code into the event pipeline. Each method runs on an application thread: it takes
 * a sequence number, claims a ring slot, copies primitives and references it was given into the slot and publishes
 * it. No allocation, no lock, no system call; when the ring is full the event is counted as dropped and the
 * thread goes on.
 */
public final class Emit {
    /** The ring, or null while the agent is not running (not started, disabled or stopped). */
    private static volatile RingBuffer ring;
    /** Whether instrumentations add a W3C {@code traceparent} to outbound requests. */
    private static volatile boolean propagate = true;
    /** {@code rate_limiter.record-acquired}: false leaves out the acquisitions that did not wait. */
    private static volatile boolean recordAcquired = true;

    private Emit() {
    }

    /** Starts accepting events into {@code buffer}. */
    public static void open(RingBuffer buffer, boolean propagateTraceparent) {
        propagate = propagateTraceparent;
        ring = buffer;
    }

    /** Stops accepting events (shutdown). Emits after this return at once. */
    public static void close() {
        ring = null;
    }

    /**
     * Events claimed but not yet taken by the drainer, 0 when the agent is not running. Approximate while producers
     * run; for tools and benchmarks that want to pace themselves instead of filling the ring.
     */
    public static long queued() {
        RingBuffer r = ring;
        return r == null ? 0 : r.inFlight();
    }

    /** Slots in the ring, 0 when the agent is not running. */
    public static int capacity() {
        RingBuffer r = ring;
        return r == null ? 0 : r.capacity();
    }

    public static boolean propagate() {
        return propagate;
    }

    public static void recordAcquired(boolean record) {
        recordAcquired = record;
    }

    /** {@code agent.start}: the first event of the process, so it takes sequence 0. */
    public static void agentStart() {
        EventSlot slot = claim(EventKind.AGENT_START, null, System.nanoTime());
        if (slot != null) {
            slot.durationNanos = -1;
            slot.outcome = EventKind.OUTCOME_NONE;
            slot.trace = null;
            slot.spanId = 0;
            slot.publish();
        }
    }

    /**
     * {@code http.client.request}.
     *
     * @param port the URI's port, -1 for the scheme's default
     * @param status the response status, 0 when there is no response
     * @param error the exception class when the call failed without a response, else null
     * @param spanId the span id sent in {@code traceparent} (0 when none was sent)
     */
    public static void httpClientRequest(String provider, String method, String scheme, String host, int port,
            String path, int status, int resendCount, Object error, long startNanos, long endNanos,
            TraceContext trace, long spanId) {
        EventSlot slot = claim(EventKind.HTTP_CLIENT_REQUEST, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.durationNanos = endNanos - startNanos;
        slot.outcome = error != null || status >= 400 ? EventKind.OUTCOME_FAILURE : EventKind.OUTCOME_SUCCESS;
        slot.trace = trace;
        slot.spanId = spanId;
        slot.s1 = method;
        slot.s2 = scheme;
        slot.s3 = host;
        slot.s4 = path;
        slot.i1 = port;
        slot.i2 = status;
        slot.i3 = resendCount;
        slot.error = error;
        slot.publish();
    }

    /**
     * {@code http.server.request}: a request this process answered. A status of 500 or more, or an exception out of
     * the handler, is a failure; no status at all (the handler kept the exchange) is {@code unknown}.
     *
     * @param status the status the handler sent, 0 when it sent none
     * @param trace the context the request was handled in (its span id is this request's)
     */
    public static void httpServerRequest(String provider, String method, String scheme, String localAddress,
            int localPort, String path, int status, Object error, long startNanos, long endNanos,
            TraceContext trace) {
        EventSlot slot = claim(EventKind.HTTP_SERVER_REQUEST, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.durationNanos = endNanos - startNanos;
        slot.outcome = error != null || status >= 500 ? EventKind.OUTCOME_FAILURE
                : status == 0 ? EventKind.OUTCOME_UNKNOWN : EventKind.OUTCOME_SUCCESS;
        slot.trace = trace;
        slot.spanId = 0;
        slot.s1 = method;
        slot.s2 = scheme;
        slot.s3 = localAddress;
        slot.s4 = path;
        slot.i1 = localPort;
        slot.i2 = status;
        slot.i3 = 0;
        slot.error = error;
        slot.publish();
    }

    /**
     * {@code circuit_breaker.state_change}, automatic or forced.
     *
     * @param previous a state name as the library has it ({@link ResilienceNames#circuitBreakerState})
     * @param failureRate percent, or negative when not known
     */
    public static void circuitBreakerStateChange(String provider, String name, String previous, String state,
            float failureRate) {
        EventSlot slot = claimNow(EventKind.CIRCUIT_BREAKER_STATE_CHANGE, provider);
        if (slot == null) {
            return;
        }
        slot.outcome = EventKind.OUTCOME_NONE;
        slot.s1 = name;
        slot.s2 = ResilienceNames.circuitBreakerState(previous);
        slot.s3 = ResilienceNames.circuitBreakerState(state);
        slot.l1 = Float.floatToRawIntBits(failureRate);
        slot.publish();
    }

    /** {@code circuit_breaker.rejected}: a call the breaker did not permit. */
    public static void circuitBreakerRejected(String provider, String name, String state) {
        EventSlot slot = claimNow(EventKind.CIRCUIT_BREAKER_REJECTED, provider);
        if (slot == null) {
            return;
        }
        slot.outcome = EventKind.OUTCOME_FAILURE;
        slot.s1 = name;
        slot.s2 = ResilienceNames.circuitBreakerState(state);
        slot.publish();
    }

    /**
     * {@code rate_limiter.acquire}. {@code acquired} events are left out when {@code rate_limiter.record-acquired}
     * is false; waits and rejections are always recorded.
     *
     * @param result {@link ResilienceNames#ACQUIRED}, {@link ResilienceNames#WAITED} or {@link ResilienceNames#REJECTED}
     * @param waitNanos time waited (or to wait, for a reservation), -1 when none
     */
    public static void rateLimiterAcquire(String provider, String name, int result, int permits, long waitNanos,
            long startNanos, long endNanos) {
        if (result == ResilienceNames.ACQUIRED && !recordAcquired) {
            return;
        }
        TraceContext trace = ring == null ? null : Trace.current();
        EventSlot slot = claim(EventKind.RATE_LIMITER_ACQUIRE, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.durationNanos = endNanos - startNanos;
        slot.outcome = result == ResilienceNames.REJECTED ? EventKind.OUTCOME_FAILURE : EventKind.OUTCOME_SUCCESS;
        slot.trace = trace;
        slot.spanId = 0;
        slot.s1 = name;
        slot.i1 = result;
        slot.i2 = permits;
        slot.l1 = waitNanos;
        slot.publish();
    }

    /**
     * {@code retry.attempt}: an attempt failed and will be retried, the retries are exhausted, or a call succeeded
     * after at least one retry.
     *
     * @param waitNanos wait before the next attempt, -1 when none
     * @param error the failure's class (null for a success)
     */
    public static void retryAttempt(String provider, String name, int attempt, int result, long waitNanos,
            Object error) {
        EventSlot slot = claimNow(EventKind.RETRY_ATTEMPT, provider);
        if (slot == null) {
            return;
        }
        slot.outcome = result == ResilienceNames.SUCCEEDED ? EventKind.OUTCOME_SUCCESS : EventKind.OUTCOME_FAILURE;
        slot.s1 = name;
        slot.i1 = attempt;
        slot.i2 = result;
        slot.l1 = waitNanos;
        slot.error = error;
        slot.publish();
    }

    /**
     * {@code fallback.invoke}: a fallback ran instead of the call that failed.
     *
     * @param trigger the class of the failure that triggered it (null when a result, not an exception, did)
     * @param succeeded whether the fallback itself returned (true) or threw
     */
    public static void fallbackInvoke(String provider, String name, Object trigger, boolean succeeded,
            long startNanos, long endNanos) {
        TraceContext trace = ring == null ? null : Trace.current();
        EventSlot slot = claim(EventKind.FALLBACK_INVOKE, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.durationNanos = endNanos - startNanos;
        slot.outcome = succeeded ? EventKind.OUTCOME_SUCCESS : EventKind.OUTCOME_FAILURE;
        slot.trace = trace;
        slot.spanId = 0;
        slot.s1 = name;
        slot.error = trigger;
        slot.publish();
    }

    /** {@code bulkhead.rejected}: a call the bulkhead had no room for. */
    public static void bulkheadRejected(String provider, String name) {
        EventSlot slot = claimNow(EventKind.BULKHEAD_REJECTED, provider);
        if (slot == null) {
            return;
        }
        slot.outcome = EventKind.OUTCOME_FAILURE;
        slot.s1 = name;
        slot.publish();
    }

    /**
     * A slot for an event that happens now, with no duration, in the thread's trace context (looked up before the
     * slot is claimed: a claimed slot holds up the drainer until it is published).
     */
    private static EventSlot claimNow(int kind, String provider) {
        if (ring == null) {
            return null;
        }
        TraceContext trace = Trace.current();
        EventSlot slot = claim(kind, provider, System.nanoTime());
        if (slot != null) {
            slot.durationNanos = -1;
            slot.trace = trace;
            slot.spanId = 0;
        }
        return slot;
    }

    /** Takes a sequence number and a slot with the envelope filled in, or null (not running, or dropped: full). */
    private static EventSlot claim(int kind, String provider, long startNanos) {
        RingBuffer r = ring;
        if (r == null) {
            return null;
        }
        long sequence = EventCounters.nextSequence();
        EventSlot slot = r.claim();
        if (slot == null) {
            EventCounters.dropped(sequence, DropReason.QUEUE_FULL);
            return null;
        }
        slot.sequence = sequence;
        slot.kind = kind;
        slot.provider = provider;
        slot.startNanos = startNanos;
        return slot;
    }
}
