package io.eventweave.cli.filter;

import io.eventweave.cli.input.Timestamps;

import java.time.Instant;

/**
 * A value written in a filter, converted at parse time into every form a field's value may be compared with, so
 * that {@link #compare} neither parses nor allocates.
 */
@FunctionalInterface
interface Literal {
    // Outcomes of compare(): an order, or only (in)equality when two kinds of value have no common order.
    int LESS = -1;
    int EQUAL = 0;
    int GREATER = 1;
    int SAME = 2;
    int DIFFERENT = 3;

    long NOT_AN_INSTANT = Timestamps.NOT_AN_INSTANT;

    /** The field's value (a String, Long, Double or Boolean) against this literal: one of the outcomes above. */
    int compare(Object value);

    /**
     * Text every line whose field equals this literal holds as it is written in the line, or null when there is
     * none to be sure of ({@link Filter#needle}).
     */
    default String needle() {
        return null;
    }

    /** A quoted string; compared as an instant with strings that read as one when it reads as one too. */
    static Literal text(String text) {
        long epochSecond = Timestamps.epochSecond(text);
        int nano = epochSecond == NOT_AN_INSTANT ? 0 : Timestamps.nanoOfSecond(text);
        Object scalar = jsonScalar(text);
        // An instant equals other spellings of it; a number's or boolean's text equals that JSON number or boolean,
        // written without quotes; any other text is equal only to a string of that text, written in quotes.
        String needle = epochSecond != NOT_AN_INSTANT ? null
                : scalar != null ? Needles.safeRun(text)
                : Needles.isSafe(text) ? '"' + text + '"' : Needles.safeRun(text);
        return new Literal() {
            @Override
            public int compare(Object value) {
                if (value instanceof String string) {
                    int byInstant = epochSecond == NOT_AN_INSTANT ? DIFFERENT
                            : compareInstant(string, epochSecond, nano);
                    return byInstant != DIFFERENT ? byInstant : Integer.signum(string.compareTo(text));
                }
                return sameIf(value.equals(scalar));
            }

            @Override
            public String needle() {
                return needle;
            }
        };
    }

    /** {@code written} is {@code -?digits(.digits)?}; its text is what a string field must equal. */
    static Literal number(String written) {
        if (written.indexOf('.') < 0) {
            try {
                long number = Long.parseLong(written);
                return value -> value instanceof Long field ? order((long) field, number)
                        : value instanceof Double field ? flip(order(number, (double) field))
                        : sameIf(written.equals(value));
            } catch (NumberFormatException beyondLong) {
                // a double then, as JSON readers do with such integers
            }
        }
        double number = Double.parseDouble(written);
        return value -> value instanceof Long field ? order((long) field, number)
                : value instanceof Double field ? order((double) field, number)
                : sameIf(written.equals(value));
    }

    static Literal bool(boolean literal) {
        Boolean bool = literal;
        String text = bool.toString();
        return value -> sameIf(value.equals(bool) || value.equals(text));
    }

    /** {@code now} and {@code now-10m}: ordered against strings that read as instants, unequal to anything else. */
    static Literal instant(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        int nano = instant.getNano();
        return value -> value instanceof String string ? compareInstant(string, epochSecond, nano) : DIFFERENT;
    }

    /** The number or boolean whose JSON text is exactly {@code text} ("503", not "0503"; "0.25"; "true"), or null. */
    private static Object jsonScalar(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        try {
            Long number = Long.valueOf(text);
            return number.toString().equals(text) ? number : null;
        } catch (NumberFormatException notALong) {
            try {
                Double number = Double.valueOf(text);
                return number.toString().equals(text) ? number : null;
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }

    private static int sameIf(boolean equal) {
        return equal ? SAME : DIFFERENT;
    }

    private static int flip(int outcome) {
        return outcome == LESS || outcome == GREATER ? -outcome : outcome;
    }

    private static int order(long a, long b) {
        return a < b ? LESS : a > b ? GREATER : EQUAL;
    }

    private static int order(double a, double b) {
        return a < b ? LESS : a > b ? GREATER : a == b ? EQUAL : DIFFERENT;
    }

    /** Exact, unlike {@code (double) a}, which rounds longs beyond 2^53. */
    private static int order(long a, double b) {
        if (Double.isNaN(b)) {
            return DIFFERENT;
        }
        if (b >= 0x1p63 || b < -0x1p63) {
            return b > 0 ? LESS : GREATER;
        }
        long whole = (long) b;
        // b - whole is exact: below 2^53 whole fits a double's mantissa, above it b has no fraction.
        return a != whole ? order(a, whole) : order(0.0, b - whole);
    }

    /** {@code text} as an instant against the given one, or DIFFERENT when it does not read as one. */
    private static int compareInstant(String text, long epochSecond, int nano) {
        long seconds = Timestamps.epochSecond(text);
        if (seconds == NOT_AN_INSTANT) {
            return DIFFERENT;
        }
        return seconds != epochSecond ? order(seconds, epochSecond) : order(Timestamps.nanoOfSecond(text), nano);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
