package io.eventweave.cli.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with a line and where. Only the slow pass builds these, for a line the fast pass already found
 * invalid, so nothing here needs to be cheap; places are plain JSON Pointer strings, "" for the whole line.
 */
final class Problems {
    /** Enough to fix a line; more is a wall of text about one mistake. */
    static final int LIMIT = 5;

    /** {@code value} is the offending value as shown to people, or null when the reason says it all. */
    record Problem(String at, String value, String reason) {
        String says() {
            return value == null ? reason : value + " " + reason;
        }

        int depth() {
            return (int) at.chars().filter(c -> c == '/').count();
        }
    }

    final List<Problem> found = new ArrayList<>();

    boolean full() {
        return found.size() >= LIMIT;
    }

    /** Adds "{@code value} {@code reason}"; returns false so that a failing check can end with it. */
    boolean add(String at, Object value, String reason) {
        return add(new Problem(at, describe(value), reason));
    }

    /** A problem whose reason names what is wrong without showing a value (a missing property, say). */
    boolean note(String at, String reason) {
        return add(new Problem(at, null, reason));
    }

    boolean add(Problem problem) {
        if (!full()) {
            found.add(problem);
        }
        return false;
    }

    /** Each distinct line once: two kinds' rules that both refuse a property say the same thing. */
    List<String> lines() {
        LinkedHashSet<String> lines = new LinkedHashSet<>();
        for (Problem problem : found) {
            lines.add((problem.at().isEmpty() ? "/" : problem.at()) + ": " + problem.says());
        }
        return List.copyOf(lines);
    }

    static String child(String at, Object key) {
        return at + "/" + key.toString().replace("~", "~0").replace("/", "~1");
    }

    /** A value short enough for one line: strings quoted, cut, and with control characters escaped. */
    static String describe(Object value) {
        if (value instanceof String text) {
            StringBuilder shown = new StringBuilder("'");
            for (int i = 0; i < Math.min(text.length(), 40); i++) {
                char c = text.charAt(i);
                shown.append(c == '\n' ? "\\n" : c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            return shown.append(text.length() > 40 ? "...'" : "'").toString();
        }
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            return Long.toString(number.longValue()); // JsonLines hands every whole number over as a Double
        }
        return value instanceof Map ? "{...}" : value instanceof List ? "[...]" : String.valueOf(value);
    }
}
