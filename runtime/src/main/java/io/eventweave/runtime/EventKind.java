package io.eventweave.runtime;

/**
 * The kinds of event in the ring, and what each {@link EventSlot} payload field means for it. The drainer's encoder
 * switches on these numbers; {@code docs/schema.md} describes the JSON each one becomes.
 */
public final class EventKind {
    private EventKind() {
    }

    /**
     * {@code http.client.request}: s1 method, s2 url.scheme, s3 server.address, s4 url.path, i1 server.port (-1:
     * the scheme's default), i2 http.response.status_code (0: no response), i3 http.request.resend_count, error
     * (exception class, or null).
     */
    public static final int HTTP_CLIENT_REQUEST = 1;
    /**
     * {@code http.server.request}: the same payload as {@link #HTTP_CLIENT_REQUEST} seen from the server (s3/i1 are
     * the local address and port); a status of 500 or more is a failure, and i2 is 0 when the handler sent none.
     */
    public static final int HTTP_SERVER_REQUEST = 3;
    /**
     * {@code circuit_breaker.state_change}: s1 circuit_breaker.name, s2 previous_state, s3 state (wire names of
     * {@link ResilienceNames}), l1 failure rate as {@code Float.floatToRawIntBits} (negative: unknown).
     */
    public static final int CIRCUIT_BREAKER_STATE_CHANGE = 10;
    /** {@code circuit_breaker.rejected}: s1 circuit_breaker.name, s2 circuit_breaker.state. */
    public static final int CIRCUIT_BREAKER_REJECTED = 11;
    /**
     * {@code rate_limiter.acquire}: s1 rate_limiter.name, i1 result ({@link ResilienceNames#ACQUIRED}...), i2
     * permits, l1 rate_limiter.wait in ns (-1: none).
     */
    public static final int RATE_LIMITER_ACQUIRE = 12;
    /**
     * {@code retry.attempt}: s1 retry.name, i1 retry.attempt, i2 result ({@link ResilienceNames#WILL_RETRY}...), l1
     * retry.wait in ns (-1: none), error (the failure's class).
     */
    public static final int RETRY_ATTEMPT = 13;
    /** {@code bulkhead.rejected}: s1 bulkhead.name. */
    public static final int BULKHEAD_REJECTED = 14;
    /** {@code fallback.invoke}: s1 fallback.name, error (the failure that triggered it); outcome and duration of the fallback. */
    public static final int FALLBACK_INVOKE = 15;
    /** {@code agent.start}: no payload; the drainer writes the agent's configuration. */
    public static final int AGENT_START = 2;

    public static final int OUTCOME_NONE = 0;
    public static final int OUTCOME_SUCCESS = 1;
    public static final int OUTCOME_FAILURE = 2;
    public static final int OUTCOME_UNKNOWN = 3;
}
