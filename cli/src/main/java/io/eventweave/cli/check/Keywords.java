package io.eventweave.cli.check;

import io.eventweave.cli.check.SchemaValidator.Check;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks of single keywords, and JSON's idea of types and equality over what JsonLines parses. Each keyword
 * asserts only about its own type of value and lets the others pass, as JSON Schema says.
 */
final class Keywords {
    static final List<String> TYPE_NAMES = List.of("null", "boolean", "object", "array", "string", "integer",
            "number");
    static final int INTEGER = 5;
    static final int NUMBER = 6;

    static final Check ALWAYS = (value, at, problems) -> true;
    static final Check NEVER = (value, at, problems) -> fail(problems, at, value, "is not allowed here");

    private Keywords() {
    }

    /** The keywords about objects, which every other value passes. */
    interface ObjectCheck {
        boolean test(Map<?, ?> object, String at, Problems problems);
    }

    static Check objects(ObjectCheck check) {
        return (value, at, problems) -> !(value instanceof Map<?, ?> object) || check.test(object, at, problems);
    }

    static boolean fail(Problems problems, String at, Object value, String reason) {
        return problems != null && problems.add(at, value, reason);
    }

    /** After a part failed: whether to look at the rest, which only the slow pass does, while it has room. */
    static boolean goOn(Problems problems) {
        return problems != null && !problems.full();
    }

    /** An index into {@link #TYPE_NAMES}, or -1. As 2020-12 says, 1.0 is an integer: a number without a fraction. */
    static int typeOf(Object value) {
        if (value instanceof Number number) {
            double real = number.doubleValue();
            return value instanceof Long || real == Math.rint(real) && !Double.isInfinite(real) ? INTEGER : NUMBER;
        }
        return value instanceof String ? 4 : value instanceof Map ? 2 : value instanceof List ? 3
                : value instanceof Boolean ? 1 : value == null ? 0 : -1;
    }

    static Check type(int allowed, String expected) {
        return (value, at, problems) -> {
            int type = typeOf(value);
            return type >= 0 && (allowed & 1 << type) != 0 || (type == 0
                    ? problems != null && problems.note(at, "null is not " + expected)
                    : fail(problems, at, value, "is " + (type < 0 ? "not JSON" : article(TYPE_NAMES.get(type)))
                            + ", not " + expected));
        };
    }

    static String article(String type) {
        return type.equals("null") ? type : "aeiou".indexOf(type.charAt(0)) >= 0 ? "an " + type : "a " + type;
    }

    static Check oneOfValues(List<?> values) {
        String shown = values.stream().limit(8).map(value -> value instanceof String text ? text
                : Problems.describe(value)).collect(Collectors.joining(", "));
        String reason = values.size() == 1 ? "should be " + Problems.describe(values.get(0))
                : "is not one of " + shown + (values.size() > 8 ? ", ... (" + values.size() + " values)" : "");
        Set<String> strings = stringsOnly(values);
        if (strings != null) { // the usual enum: one hash look-up
            return (value, at, problems) -> value instanceof String text && strings.contains(text)
                    || fail(problems, at, value, reason);
        }
        return (value, at, problems) -> values.stream().anyMatch(allowed -> jsonEquals(allowed, value))
                || fail(problems, at, value, reason);
    }

    static Check constant(Object expected) {
        String reason = "should be " + Problems.describe(expected);
        if (expected instanceof Number || expected instanceof Map || expected instanceof List) {
            return (value, at, problems) -> jsonEquals(expected, value) || fail(problems, at, value, reason);
        }
        // a string (every is* schema's event name), a boolean or null: Java's equality is JSON's, and much quicker
        return (value, at, problems) -> Objects.equals(expected, value) || fail(problems, at, value, reason);
    }

    /** Counts code points, as JSON Schema does; the UTF-16 length alone decides most strings. */
    static Check minLength(int minimum) {
        String reason = minimum == 1 ? "is empty" : "is shorter than " + minimum + " characters";
        return (value, at, problems) -> !(value instanceof String text) || text.length() >= 2L * minimum
                || text.codePointCount(0, text.length()) >= minimum || fail(problems, at, value, reason);
    }

    /** Unanchored, as in ECMA-262: the schema writes ^ and $ where it wants them. */
    static Check pattern(String source) {
        Pattern pattern = Pattern.compile(ecmaToJava(source));
        String reason = "does not match " + source;
        return (value, at, problems) -> !(value instanceof String text) || pattern.matcher(text).find()
                || fail(problems, at, value, reason);
    }

    /**
     * ECMA's {@code $} (without the m flag) is the end of the text; Java's also matches before a final line break,
     * which would let "id\n" pass {@code ^[0-9a-f]{32}$}. The rest of what the schema's patterns use means the same
     * in both.
     */
    static String ecmaToJava(String source) {
        StringBuilder java = new StringBuilder(source.length() + 4);
        boolean inClass = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                java.append(c).append(source.charAt(++i));
                continue;
            }
            inClass = c == '[' || inClass && c != ']';
            java.append(c == '$' && !inClass ? "\\z" : String.valueOf(c));
        }
        return java.toString();
    }

    static Check bound(boolean minimum, Number limit) {
        String reason = (minimum ? "is below the minimum " : "is above the maximum ") + Problems.describe(limit);
        return (value, at, problems) -> !(value instanceof Number number)
                || (minimum ? compare(number, limit) >= 0 : compare(number, limit) <= 0)
                || fail(problems, at, value, reason);
    }

    /** Exact for two longs; else as doubles, where -0.0 equals 0 (unlike Double.compare). */
    static int compare(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return x < y ? -1 : x > y ? 1 : 0;
    }

    /** {@code required} when {@code trigger} is null, else one entry of {@code dependentRequired}. */
    static Check required(String trigger, List<String> names) {
        return objects((object, at, problems) -> {
            boolean valid = true;
            for (int i = 0; i < names.size() && (trigger == null || object.containsKey(trigger)); i++) {
                if (!object.containsKey(names.get(i))) { // a JSON null is present
                    if (problems == null) {
                        return false;
                    }
                    problems.note(at, trigger == null ? "required property '" + names.get(i) + "' is missing"
                            : "property '" + names.get(i) + "' is required when '" + trigger + "' is present");
                    valid = false;
                }
            }
            return valid;
        });
    }

    /**
     * {@code properties} and {@code additionalProperties} at once, since the latter depends on the former's names;
     * {@code others} null when there is no additionalProperties.
     */
    static Check properties(Map<String, Check> declared, Check others) {
        String[] names = declared.keySet().toArray(String[]::new);
        Check[] checks = declared.values().toArray(Check[]::new);
        return objects((object, at, problems) -> {
            if (problems == null && others == null && names.length < object.size()) {
                // the is* schemas declare one property of lines that have ten: look up the fewer names
                for (int i = 0; i < names.length; i++) {
                    Object value = object.get(names[i]);
                    if ((value != null || object.containsKey(names[i])) && !checks[i].test(value, null, null)) {
                        return false;
                    }
                }
                return true;
            }
            boolean valid = true;
            for (Map.Entry<?, ?> property : object.entrySet()) {
                Check check = declared.getOrDefault(property.getKey(), others);
                if (check != null && !(check == NEVER && problems != null
                        ? problems.note(at, "property " + Problems.describe(property.getKey()) + " is not allowed")
                        : check.test(property.getValue(), at == null ? null : Problems.child(at, property.getKey()),
                                problems))) {
                    if (!goOn(problems)) {
                        return false;
                    }
                    valid = false;
                }
            }
            return valid;
        });
    }

    /** {@code explain}: add why a name is refused; not for a list of names, where "not allowed" says it all. */
    static Check propertyNames(Check names, boolean explain) {
        return objects((object, at, problems) -> {
            boolean valid = true;
            for (Object name : object.keySet()) {
                if (!names.test(name, null, null)) {
                    if (problems == null) {
                        return false;
                    }
                    Problems why = new Problems();
                    names.test(name, "", why);
                    problems.note(at, "property " + Problems.describe(name) + " is not allowed"
                            + (explain && !why.found.isEmpty() ? ": its name " + why.found.get(0).reason() : ""));
                    valid = false;
                }
            }
            return valid;
        });
    }

    static Check items(Check item) {
        return (value, at, problems) -> {
            boolean valid = true;
            for (int i = 0; value instanceof List<?> list && i < list.size(); i++) {
                if (!item.test(list.get(i), at == null ? null : Problems.child(at, i), problems)) {
                    if (!goOn(problems)) {
                        return false;
                    }
                    valid = false;
                }
            }
            return valid;
        };
    }

    static final Check UNIQUE_ITEMS = (value, at, problems) -> {
        if (!(value instanceof List<?> list)) {
            return true;
        }
        Set<String> strings = stringsOnly(list);
        if (strings != null && strings.size() == list.size()) {
            return true; // the usual array, of distinct strings, in linear time
        }
        for (int j = 1; j < list.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (jsonEquals(list.get(i), list.get(j))) {
                    return problems != null && problems.note(at, "items " + i + " and " + j + " are equal");
                }
            }
        }
        return true;
    };

    /** JSON equality: numbers by value (1 equals 1.0), objects whatever their order. */
    static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compare(x, y) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream().allMatch(entry ->
                    y.containsKey(entry.getKey()) && jsonEquals(entry.getValue(), y.get(entry.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < x.size() && x.size() == y.size(); i++) {
                if (!jsonEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return x.size() == y.size();
        }
        return a == null ? b == null : a.equals(b);
    }

    /** The values as a set when all are strings (the usual enum), else null. */
    static Set<String> stringsOnly(List<?> values) {
        Set<String> strings = new HashSet<>();
        for (Object value : values) {
            if (!(value instanceof String text)) {
                return null;
            }
            strings.add(text);
        }
        return strings;
    }
}
