package io.eventweave.format;

/**
 * The values of {@code event.name}: every event the agent writes (schema version 1, {@code docs/schema.md} and
 * {@code docs/event-schema.json}).
 */
public final class EventNames {
    /** One outbound HTTP exchange (JDK {@code HttpClient}, {@code HttpURLConnection}). */
    public static final String HTTP_CLIENT_REQUEST = "http.client.request";
    /** One request answered by the JDK's HTTP server. */
    public static final String HTTP_SERVER_REQUEST = "http.server.request";
    public static final String CIRCUIT_BREAKER_STATE_CHANGE = "circuit_breaker.state_change";
    public static final String CIRCUIT_BREAKER_REJECTED = "circuit_breaker.rejected";
    public static final String RATE_LIMITER_ACQUIRE = "rate_limiter.acquire";
    public static final String RETRY_ATTEMPT = "retry.attempt";
    public static final String BULKHEAD_REJECTED = "bulkhead.rejected";
    public static final String FALLBACK_INVOKE = "fallback.invoke";
    public static final String TIME_LIMITER_TIMEOUT = "time_limiter.timeout";
    /** The first line of a run (sequence 0). */
    public static final String AGENT_START = "agent.start";
    /** The agent's counters, every {@code stats.interval}. */
    public static final String AGENT_STATS = "agent.stats";
    /** The agent's counters at shutdown: the last line of a run. */
    public static final String AGENT_STOP = "agent.stop";
    /** The first line of every file after a rotation. */
    public static final String AGENT_FILE = "agent.file";
    /** The output works again after a failure. */
    public static final String AGENT_OUTPUT_RESUMED = "agent.output.resumed";

    private EventNames() {
    }
}
