package io.eventweave.cli.filter;

import io.eventweave.cli.input.EventView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --where} expression, parsed once into a tree of small predicates and then tested against every record.
 *
 * <h2>Language</h2>
 * <ul>
 *   <li>Fields are dotted names as the JSON writes them: {@code event.name}, {@code http.response.status_code},
 *       {@code @timestamp}, {@code labels.user-agent} (letters, digits, {@code _ - .}, and {@code @} first).</li>
 *   <li>Tests: {@code field = value}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=};
 *       {@code field [NOT] LIKE 'pattern'} ({@code *} is any run of characters, everything else literal, the whole
 *       value must match, case matters); {@code field [NOT] CONTAINS 'text'};
 *       {@code field [NOT] IN (value, ...)}; {@code EXISTS field}. {@code ==} is an error: write {@code =}.</li>
 *   <li>Combining: {@code NOT}, then {@code AND}, then {@code OR}, from tightest to loosest; parentheses. Keywords
 *       ignore case ({@code and}, {@code Like}, {@code TRUE}, {@code Now}).</li>
 *   <li>Values: strings in single or double quotes (the quote itself written twice: {@code 'it''s'}; no backslash
 *       escapes); numbers ({@code 500}, {@code -1}, {@code 0.25}); {@code true}, {@code false}; durations, which are
 *       numbers of nanoseconds as eventweave writes every duration: {@code 500ns}, {@code 10us}, {@code 250ms},
 *       {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 1d} (units in lower case); timestamps: {@code now},
 *       {@code now-10m}, {@code now+1h} (no spaces inside), or a quoted RFC 3339 instant such as
 *       {@code '2026-12-02T10:00:00Z'} or {@code '2026-12-02T10:00:00.123456789+01:00'}.</li>
 * </ul>
 *
 * <h2>How values compare</h2>
 * <ul>
 *   <li>A record without the field (or with JSON {@code null} there) fails every test but {@code NOT EXISTS}:
 *       {@code =}, {@code !=}, {@code <}..., {@code LIKE}, {@code NOT LIKE}, {@code CONTAINS}, {@code IN} and
 *       {@code NOT IN} are all false, as in SQL. {@code NOT (x = 1)} is therefore true for it, while
 *       {@code x != 1} is not.</li>
 *   <li>A field holding an object or an array passes only {@code EXISTS}.</li>
 *   <li>For any other value {@code !=} is exactly the opposite of {@code =}.</li>
 *   <li>Number against number (or duration): by numeric value, exactly for whole numbers of any size;
 *       {@code event.duration > 250ms} means more than 250,000,000 ns.</li>
 *   <li>Timestamps: a {@code now} form, or a quoted string that reads as an RFC 3339 instant, compares with a field
 *       whose string reads as an instant by instant, to the nanosecond, whatever the offsets
 *       ({@code '2026-12-02T11:00:00+01:00' = '2026-12-02T10:00:00Z'}). A quoted instant against any other
 *       string compares as strings; a {@code now} form against any other value is only unequal.</li>
 *   <li>String against string: {@code =} exactly, {@code <} and the others by {@link String#compareTo} (UTF-16
 *       code units, so case matters).</li>
 *   <li>Across types, values are equal when their JSON text is: {@code labels.tier = 1} matches {@code "1"},
 *       {@code http.response.status_code = '503'} matches {@code 503} (but not {@code '0503'}),
 *       {@code event.sampled = 'true'} matches {@code true}. Such values have no order: {@code <} and the others are
 *       false.</li>
 *   <li>Booleans: {@code = true}, {@code = false}; they have no order either.</li>
 *   <li>{@code LIKE} and {@code CONTAINS} read numbers and booleans as their JSON text
 *       ({@code http.response.status_code LIKE '5*'}). {@code IN} is true when {@code =} is for one of its
 *       values.</li>
 * </ul>
 *
 * <p>A filter holds no mutable state: one instance may test records on several threads.
 */
public final class Filter {
    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h|d)");

    private final String expression;
    private final Condition condition;
    private final List<String> fields;

    private Filter(String expression, Condition condition, List<String> fields) {
        this.expression = expression;
        this.condition = condition;
        this.fields = fields;
    }

    /**
     * Parses {@code expr}; {@code now} is the instant {@code now} means (for {@code now-10m}), fixed for the life
     * of the filter.
     *
     * @throws FilterSyntaxException when {@code expr} is empty (or null) or not a valid filter
     */
    public static Filter parse(String expr, Instant now) throws FilterSyntaxException {
        Objects.requireNonNull(now, "now");
        String expression = expr == null ? "" : expr;
        FilterParser parser = new FilterParser(expression, now);
        Condition condition = parser.parse();
        return new Filter(expression, condition, parser.fields());
    }

    public boolean test(EventView record) {
        return condition.test(record);
    }

    /**
     * A text every line this filter matches holds, as the line is written (the longest such text), or null when the
     * filter names none: {@code event.name = 'retry.attempt'} gives {@code "retry.attempt"} with its quotes. A line
     * without it cannot match, and need not be parsed.
     */
    public String needle() {
        List<String> needles = Needles.of(condition);
        return needles.isEmpty() ? null : needles.get(0);
    }

    /**
     * Whether an event whose {@code field} is {@code value} (a string) can match, whatever its other fields hold:
     * false only when the filter is false for every such event. The expression is evaluated with three values:
     * a test of {@code field} is true or false, a test of any other field unknown; {@code AND}, {@code OR} and
     * {@code NOT} combine them as SQL does. So {@code event.name = 'a' OR x > 1} admits every name, and
     * {@code NOT (event.name LIKE 'agent.*') AND x > 1} admits all but the agent's. A reader uses it to skip the
     * lines of names it knows cannot match (the line index).
     */
    public boolean admits(String field, String value) {
        return truth(field, value) != FALSE;
    }

    /**
     * Whether every event whose {@code field} is {@code value} matches, whatever its other fields hold: the same
     * evaluation as {@link #admits}, true only when it is true. {@code event.name = 'a' OR x > 1} decides name
     * {@code a}; {@code event.name = 'a' AND x > 1} decides none.
     */
    public boolean decides(String field, String value) {
        return truth(field, value) == TRUE;
    }

    /** The expression's value for an event of which only {@code field} is known, holding {@code value}. */
    private int truth(String field, String value) {
        EventView only = path -> path.equals(field) ? value : null;
        return truth(condition, field, only);
    }

    private static final int FALSE = 0;
    private static final int TRUE = 1;
    private static final int UNKNOWN = 2;

    private static int truth(Condition c, String field, EventView only) {
        if (c instanceof Condition.And and) {
            int left = truth(and.left(), field, only);
            if (left == FALSE) {
                return FALSE;
            }
            int right = truth(and.right(), field, only);
            return right == FALSE ? FALSE : left == TRUE && right == TRUE ? TRUE : UNKNOWN;
        }
        if (c instanceof Condition.Or or) {
            int left = truth(or.left(), field, only);
            if (left == TRUE) {
                return TRUE;
            }
            int right = truth(or.right(), field, only);
            return right == TRUE ? TRUE : left == FALSE && right == FALSE ? FALSE : UNKNOWN;
        }
        if (c instanceof Condition.Not not) {
            int inner = truth(not.inner(), field, only);
            return inner == UNKNOWN ? UNKNOWN : TRUE - inner;
        }
        String tested = c instanceof Condition.Exists e ? e.field()
                : c instanceof Condition.Compare cmp ? cmp.field()
                : c instanceof Condition.In in ? in.field()
                : c instanceof Condition.Like like ? like.field()
                : c instanceof Condition.Contains contains ? contains.field()
                : null;
        if (!field.equals(tested)) {
            return UNKNOWN;
        }
        return c.test(only) ? TRUE : FALSE;
    }

    /** Field paths the expression reads, in order of first appearance (unmodifiable). */
    public List<String> fields() {
        return fields;
    }

    /**
     * A duration literal in nanoseconds: digits, optionally a fraction, and a unit among {@code ns}, {@code us},
     * {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} ({@code 250ms}, {@code 1.5s}, {@code 10us}).
     *
     * @throws IllegalArgumentException for anything else, including a sign, a fraction of a nanosecond
     *     ({@code 1.5ns}) and more than a {@code long} holds
     */
    public static long parseDurationNanos(String text) {
        Matcher duration = DURATION.matcher(text == null ? "" : text);
        if (!duration.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 250ms, 1.5s, 2m)");
        }
        long unitNanos = switch (duration.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        try {
            // BigDecimal because 1.1s must be 1,100,000,000 exactly, which a double does not promise.
            return new BigDecimal(duration.group(1)).multiply(BigDecimal.valueOf(unitNanos)).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a whole number of nanoseconds that fits a long: '" + text + "'");
        }
    }

    /** The expression as written. */
    @Override
    public String toString() {
        return expression;
    }
}
