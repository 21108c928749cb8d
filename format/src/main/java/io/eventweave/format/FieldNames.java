package io.eventweave.format;

/**
 * Field names as readers address them: dotted paths into the nested objects of a line ({@code event.name} is
 * {@code {"event":{"name":...}}}), as {@code docs/schema.md} lists them. {@link #pointer} turns one into a JSON
 * Pointer ({@code /event/name}).
 */
public final class FieldNames {
    // envelope
    public static final String TIMESTAMP = "@timestamp";
    public static final String EVENT_NAME = "event.name";
    public static final String EVENT_SEQUENCE = "event.sequence";
    public static final String EVENT_PROVIDER = "event.provider";
    public static final String EVENT_OUTCOME = "event.outcome";
    public static final String EVENT_DURATION = "event.duration";
    /** {@code true} when text values were cut to keep the line within {@code output.max-line-size}. */
    public static final String EVENT_TRUNCATED = "event.truncated";
    public static final String TRACE_ID = "trace.id";
    public static final String TRACE_FLAGS = "trace.flags";
    public static final String SPAN_ID = "span.id";
    public static final String SERVICE_NAME = "service.name";
    public static final String SERVICE_INSTANCE_ID = "service.instance.id";
    public static final String HOST_NAME = "host.name";
    public static final String PROCESS_PID = "process.pid";
    public static final String PROCESS_RUNTIME_NAME = "process.runtime.name";
    public static final String PROCESS_RUNTIME_VERSION = "process.runtime.version";
    public static final String PROCESS_RUNTIME_VENDOR = "process.runtime.vendor";
    public static final String SCHEMA_VERSION = "schema.version";
    public static final String ERROR_TYPE = "error.type";

    // http.client.request, http.server.request
    public static final String HTTP_REQUEST_METHOD = "http.request.method";
    public static final String HTTP_REQUEST_RESEND_COUNT = "http.request.resend_count";
    public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
    public static final String HTTP_ROUTE = "http.route";
    public static final String URL_SCHEME = "url.scheme";
    public static final String URL_PATH = "url.path";
    public static final String SERVER_ADDRESS = "server.address";
    public static final String SERVER_PORT = "server.port";

    // resilience events
    public static final String CIRCUIT_BREAKER_NAME = "circuit_breaker.name";
    public static final String CIRCUIT_BREAKER_STATE = "circuit_breaker.state";
    public static final String CIRCUIT_BREAKER_PREVIOUS_STATE = "circuit_breaker.previous_state";
    public static final String CIRCUIT_BREAKER_FAILURE_RATE = "circuit_breaker.failure_rate";
    public static final String RATE_LIMITER_NAME = "rate_limiter.name";
    public static final String RATE_LIMITER_RESULT = "rate_limiter.result";
    public static final String RATE_LIMITER_PERMITS = "rate_limiter.permits";
    public static final String RATE_LIMITER_WAIT = "rate_limiter.wait";
    public static final String RETRY_NAME = "retry.name";
    public static final String RETRY_ATTEMPT = "retry.attempt";
    public static final String RETRY_RESULT = "retry.result";
    public static final String RETRY_WAIT = "retry.wait";
    public static final String BULKHEAD_NAME = "bulkhead.name";
    public static final String FALLBACK_NAME = "fallback.name";

    // agent.start, agent.file, agent.output.resumed
    public static final String AGENT_VERSION = "agent.version";
    public static final String AGENT_OUTPUT_PATH = "agent.output.path";
    public static final String AGENT_OUTPUT_FILE_NUMBER = "agent.output.file.number";
    public static final String AGENT_OUTPUT_PREVIOUS_PATH = "agent.output.previous.path";
    public static final String AGENT_OUTPUT_LOST = "agent.output.lost";
    public static final String AGENT_OUTPUT_ERROR = "agent.output.error";
    public static final String AGENT_QUEUE_CAPACITY = "agent.queue.capacity";
    public static final String AGENT_INSTRUMENTATIONS = "agent.instrumentations";
    /** An object keyed by system property name ({@code eventweave.output.path}); its keys are not paths. */
    public static final String AGENT_CONFIG = "agent.config";

    // agent.stats, agent.stop
    public static final String AGENT_UPTIME = "agent.uptime";
    public static final String AGENT_EVENTS_EMITTED = "agent.events.emitted";
    public static final String AGENT_EVENTS_WRITTEN = "agent.events.written";
    public static final String AGENT_EVENTS_DROPPED = "agent.events.dropped";
    public static final String AGENT_EVENTS_QUEUED = "agent.events.queued";
    public static final String AGENT_EVENTS_DROPPED_BY_REASON = "agent.events.dropped_by_reason";
    public static final String AGENT_EVENTS_DROPPED_QUEUE_FULL = "agent.events.dropped_by_reason.queue_full";
    public static final String AGENT_EVENTS_DROPPED_IO_ERROR = "agent.events.dropped_by_reason.io_error";
    public static final String AGENT_EVENTS_DROPPED_SHUTDOWN_TIMEOUT =
            "agent.events.dropped_by_reason.shutdown_timeout";
    public static final String AGENT_EVENTS_DROPPED_INTERNAL_ERROR = "agent.events.dropped_by_reason.internal_error";
    public static final String AGENT_ERRORS = "agent.errors";
    public static final String AGENT_ERRORS_TOTAL = "agent.errors.total";
    public static final String AGENT_ERRORS_ADVICE = "agent.errors.advice";
    public static final String AGENT_ERRORS_INSTRUMENTATION = "agent.errors.instrumentation";
    public static final String AGENT_ERRORS_ENCODER = "agent.errors.encoder";
    public static final String AGENT_ERRORS_TRACE_BRIDGE = "agent.errors.trace_bridge";
    public static final String AGENT_ERRORS_CALLBACK = "agent.errors.callback";
    public static final String AGENT_ERRORS_DRAINER = "agent.errors.drainer";

    private FieldNames() {
    }

    /**
     * The JSON Pointer (RFC 6901) of a field: {@code event.name} → {@code /event/name}, {@code @timestamp} →
     * {@code /@timestamp}. Every segment of our field names is a plain JSON key (no {@code /} or {@code ~}).
     */
    public static String pointer(String fieldName) {
        return "/" + fieldName.replace('.', '/');
    }
}
