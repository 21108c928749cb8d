package io.eventweave.agent.rules;

import io.eventweave.format.EventNames;
import io.eventweave.runtime.EventKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event kinds a rule may write, each with the fields it takes: the same names and meanings as the library
 * instrumentations write them (GUIDE §3, {@code docs/schema.md}). A built-in kind also takes any field under
 * {@code labels.}; an {@code app.<name>} kind takes any field that is not the envelope's.
 */
public final class RuleKind {
    /** How a field's value is read and written. */
    public enum FieldType {
        /** A name or any other text: strings as they are, enums by name, other objects by class name. */
        TEXT,
        /** A circuit breaker state, in the schema's words whatever the application's spelling. */
        STATE,
        /** A number of nanoseconds ({@code as ms} etc. convert). */
        DURATION,
        /** A whole number. */
        INTEGER,
        /** A number, whole or not. */
        NUMBER,
        /** One of the kind's result words ({@code acquired}, {@code will_retry} ...), from the value's text. */
        RESULT,
        /** {@code error.type}: a {@code Throwable} or a {@code Class} by class name, any other value as text. */
        ERROR,
        /** A URL: a {@code String}, {@code URI} or {@code URL}, split into scheme, address, port and path. */
        URL,
        /** Whatever the value is ({@code app.*} fields): numbers as numbers, booleans as booleans, else text. */
        ANY
    }

    /** The kind every {@code methods} entry writes. */
    public static final String APP_METHOD = "app.method";

    private static final Map<String, RuleKind> BUILT_IN = new LinkedHashMap<>();

    static {
        kind(EventNames.RATE_LIMITER_ACQUIRE, "rate_limiter.name", FieldType.TEXT, "rate_limiter.result",
                FieldType.RESULT, "rate_limiter.permits", FieldType.INTEGER, "rate_limiter.wait", FieldType.DURATION);
        kind(EventNames.CIRCUIT_BREAKER_STATE_CHANGE, "circuit_breaker.name", FieldType.TEXT,
                "circuit_breaker.previous_state", FieldType.STATE, "circuit_breaker.state", FieldType.STATE,
                "circuit_breaker.failure_rate", FieldType.NUMBER);
        kind(EventNames.CIRCUIT_BREAKER_REJECTED, "circuit_breaker.name", FieldType.TEXT, "circuit_breaker.state",
                FieldType.STATE);
        kind(EventNames.RETRY_ATTEMPT, "retry.name", FieldType.TEXT, "retry.attempt", FieldType.INTEGER, "retry.wait",
                FieldType.DURATION, "retry.result", FieldType.RESULT);
        kind(EventNames.FALLBACK_INVOKE, "fallback.name", FieldType.TEXT);
        kind(EventNames.BULKHEAD_REJECTED, "bulkhead.name", FieldType.TEXT);
        kind(EventNames.TIME_LIMITER_TIMEOUT, "time_limiter.name", FieldType.TEXT, "time_limiter.timeout",
                FieldType.DURATION);
        kind(EventNames.HTTP_CLIENT_REQUEST, "url", FieldType.URL, "http.request.method", FieldType.TEXT,
                "http.response.status_code", FieldType.INTEGER, "url.scheme", FieldType.TEXT, "server.address",
                FieldType.TEXT, "server.port", FieldType.INTEGER, "url.path", FieldType.TEXT);
    }

    private static void kind(String name, Object... fields) {
        Map<String, FieldType> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            map.put((String) fields[i], (FieldType) fields[i + 1]);
        }
        map.put("error.type", FieldType.ERROR);
        BUILT_IN.put(name, new RuleKind(name, map, false));
    }

    /**
     * Top-level names an {@code app.*} event's fields may not use: the envelope's, and the objects of the built-in
     * kinds (a reader that finds {@code rate_limiter} expects a rate limiter's fields there).
     */
    private static final List<String> ENVELOPE = List.of("@timestamp", "event", "trace", "span", "service", "host",
            "process", "schema", "code", "error", "agent", "http", "url", "server", "rate_limiter", "circuit_breaker",
            "retry", "fallback", "bulkhead", "time_limiter");

    public final String eventName;
    /** The kind's own fields and their types; empty for an application kind (any field). */
    public final Map<String, FieldType> fields;
    public final boolean application;

    private RuleKind(String eventName, Map<String, FieldType> fields, boolean application) {
        this.eventName = eventName;
        this.fields = fields;
        this.application = application;
    }

    /**
     * The ring section this kind's events are completed into by the drainer ({@code RuleEvent}), besides the rule
     * section the woven method writes: HTTP for {@code http.client.request}, the policy section for the resilience
     * kinds, none ({@link EventKind.Family#RULE}) for an {@code app.*} kind, written from the rule section alone.
     */
    public EventKind.Family completedInto() {
        if (application) {
            return EventKind.Family.RULE;
        }
        return eventName.equals(EventNames.HTTP_CLIENT_REQUEST) ? EventKind.Family.HTTP : EventKind.Family.POLICY;
    }

    /**
     * The kind named {@code eventName}: a built-in one, or {@code app.<name>}.
     *
     * @throws IllegalArgumentException for any other name, saying which are accepted
     */
    public static RuleKind of(String eventName) {
        RuleKind kind = BUILT_IN.get(eventName);
        if (kind != null) {
            return kind;
        }
        if (eventName.startsWith("app.") && eventName.length() > 4 && isDotted(eventName.substring(4))) {
            return new RuleKind(eventName, Map.of("error.type", FieldType.ERROR), true);
        }
        throw new IllegalArgumentException("unknown event kind '" + eventName + "' (accepted: "
                + String.join(", ", BUILT_IN.keySet()) + ", or app.<name> for the application's own)");
    }

    /**
     * The type of {@code field} in this kind.
     *
     * @throws IllegalArgumentException when this kind has no such field, saying which it has
     */
    public FieldType fieldType(String field) {
        FieldType type = fields.get(field);
        if (type != null) {
            return type;
        }
        if (field.startsWith("labels.") && field.length() > 7 && isDotted(field.substring(7))
                && field.indexOf('.', 7) < 0) {
            return FieldType.TEXT;
        }
        if (application) {
            if (!isDotted(field)) {
                throw new IllegalArgumentException("'" + field + "' is not a field name (names and dots)");
            }
            String top = field.indexOf('.') < 0 ? field : field.substring(0, field.indexOf('.'));
            if (ENVELOPE.contains(top) || field.equals("labels")) {
                throw new IllegalArgumentException("'" + field + "' would replace the envelope's or a built-in kind's "
                        + "field '" + top + "'");
            }
            return FieldType.ANY;
        }
        throw new IllegalArgumentException(eventName + " has no field '" + field + "' (it takes "
                + String.join(", ", fields.keySet()) + " and labels.<name>)");
    }

    /**
     * Names of letters, digits, underscores and hyphens, separated by single dots. ASCII is checked inline (read in
     * {@code premain}, interpreted: see {@link ValueExpression#isIdentifier(String, int, int)}).
     */
    private static boolean isDotted(String name) {
        int n = name.length();
        if (n == 0 || name.charAt(0) == '.' || name.charAt(n - 1) == '.') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (name.charAt(i - 1) == '.') {
                    return false;
                }
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || (c >= 128 && Character.isLetterOrDigit(c)))) {
                return false;
            }
        }
        return true;
    }

    /** The result words of {@code field} (a {@link FieldType#RESULT} field). */
    public static List<String> resultWords(String field) {
        return field.startsWith("rate_limiter.") ? List.of("acquired", "waited", "rejected")
                : List.of("will_retry", "exhausted", "succeeded", "ignored");
    }
}
