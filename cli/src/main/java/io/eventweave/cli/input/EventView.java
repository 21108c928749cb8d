package io.eventweave.cli.input;

/**
 * An event's fields by the dotted names the schema writes ({@code event.name}, {@code http.response.status_code},
 * {@code @timestamp}), whatever was parsed to answer them: the whole line ({@link EventRecord}) or only the fields a
 * command reads ({@link FieldsEvent}, the fast path of {@code summary}). The filter language and the summary read
 * events through this alone.
 */
public interface EventView {
    /**
     * The value at {@code path}: a {@code String}, {@code Long}, {@code Double}, {@code Boolean}, an object or an
     * array (not scalars: only {@code EXISTS} holds for them), or null when the line has no such field.
     */
    Object get(String path);

    /** The value at {@code path} as text, or null: numbers and booleans as JSON writes them. */
    default String text(String path) {
        return textOf(get(path));
    }

    /** A value as JSON writes it (a string without its quotes), or null when it is no scalar (absent, object, array). */
    static String textOf(Object value) {
        return value instanceof String ? (String) value
                : value instanceof Long || value instanceof Double || value instanceof Boolean ? value.toString()
                : null;
    }

    /** Nanoseconds since the epoch of its {@code @timestamp}, or {@link Timestamps#INVALID}. */
    default long timestampNanos() {
        return Timestamps.nanos(text("@timestamp"));
    }

    /** The value at {@code path} as a long, or {@code absent} when it is missing or not a whole number. */
    default long number(String path, long absent) {
        Object value = get(path);
        return value instanceof Long ? (Long) value : absent;
    }
}
