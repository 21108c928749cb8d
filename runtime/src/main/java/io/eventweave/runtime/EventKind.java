package io.eventweave.runtime;

/**
 * The kinds of event in the ring. Each belongs to a family whose typed section of {@link EventSlot} carries its
 * fields ({@link EventSlot#http}, {@link EventSlot#policy}, {@link EventSlot#rule}); the drainer's encoder has one
 * writer per family and picks it by kind. The wire names ({@code http.client.request} ...) belong to the format module,
 * not to the runtime.
 */
public enum EventKind {
    /** {@code agent.start}: no section; the drainer writes the agent's configuration. */
    AGENT_START(Family.AGENT),
    /** {@code http.client.request}: {@link HttpFields}. */
    HTTP_CLIENT_REQUEST(Family.HTTP),
    /** {@code http.server.request}: {@link HttpFields}, seen from the server (address and port are the local ones). */
    HTTP_SERVER_REQUEST(Family.HTTP),
    /** {@code circuit_breaker.state_change}: name, state, previous state, failure rate. */
    CIRCUIT_BREAKER_STATE_CHANGE(Family.POLICY),
    /** {@code circuit_breaker.rejected}: name, state. */
    CIRCUIT_BREAKER_REJECTED(Family.POLICY),
    /** {@code rate_limiter.acquire}: name, result, permits, wait. */
    RATE_LIMITER_ACQUIRE(Family.POLICY),
    /** {@code retry.attempt}: name, attempt, result, wait; the failure as error. */
    RETRY_ATTEMPT(Family.POLICY),
    /** {@code bulkhead.rejected}: name. */
    BULKHEAD_REJECTED(Family.POLICY),
    /** {@code fallback.invoke}: name; the failure that triggered it as error. */
    FALLBACK_INVOKE(Family.POLICY),
    /** {@code time_limiter.timeout}: name, the configured limit (in {@link PolicyFields#waitNanos}); the timeout as error. */
    TIME_LIMITER_TIMEOUT(Family.POLICY),
    /**
     * An event of a configuration rule as the application thread left it: the rule site and the method's values, raw,
     * in {@link RuleFields}. The drainer completes it before any handler sees it: to the rule's built-in kind (its
     * family's section filled, the rule section kept for {@code code.*} and {@code labels.*}) or to {@link #APP_EVENT}.
     */
    RULE_EVENT(Family.RULE),
    /** {@code app.<name>} and {@code app.method}: an application's own kind, its fields in {@link RuleFields}. */
    APP_EVENT(Family.RULE);

    /** Which typed section of the slot an event of this kind fills. */
    public enum Family {
        AGENT, HTTP, POLICY, RULE
    }

    private final Family family;

    EventKind(Family family) {
        this.family = family;
    }

    public Family family() {
        return family;
    }
}
