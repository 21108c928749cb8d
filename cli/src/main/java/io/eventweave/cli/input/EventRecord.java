package io.eventweave.cli.input;

import java.util.List;
import java.util.Map;

/**
 * One line of an eventweave file, parsed: its JSON object as nested maps ({@link JsonLines#parse}), where it came
 * from, and the dotted look-up every command uses ({@code event.name}, {@code http.response.status_code},
 * {@code @timestamp}: names as the schema writes them).
 */
public final class EventRecord implements EventView {
    private final Map<String, Object> root;
    private final String text;
    private final String source;
    private final long line;

    public EventRecord(Map<String, Object> root, String text, String source, long line) {
        this.root = root;
        this.text = text;
        this.source = source;
        this.line = line;
    }

    /**
     * The value at {@code path}: a {@code String}, {@code Long}, {@code Double}, {@code Boolean}, a {@code Map} (an
     * object), a {@code List} (an array), or null when the line has no such field. Each dot goes one object down
     * ({@code event.name} is {@code {"event":{"name":...}}}); a key that itself holds a dot is found too
     * ({@code {"labels":{"a.b":...}}}), the longest key first.
     */
    @Override
    public Object get(String path) {
        return lookUp(root, path, 0);
    }

    @SuppressWarnings("unchecked")
    private static Object lookUp(Map<String, Object> object, String path, int from) {
        Object whole = object.get(from == 0 ? path : path.substring(from));
        if (whole != null) {
            return whole;
        }
        for (int dot = path.indexOf('.', from); dot >= 0; dot = path.indexOf('.', dot + 1)) {
            Object child = object.get(path.substring(from, dot));
            if (child instanceof Map) {
                Object found = lookUp((Map<String, Object>) child, path, dot + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }



    /** The parsed object (not a copy). */
    public Map<String, Object> root() {
        return root;
    }

    /** The line as it was read (without its newline). */
    public String text() {
        return text;
    }

    /** The file (or {@code -} for standard input) the line came from. */
    public String source() {
        return source;
    }

    /** Its line number in {@link #source()}, from 1. */
    public long line() {
        return line;
    }
}
