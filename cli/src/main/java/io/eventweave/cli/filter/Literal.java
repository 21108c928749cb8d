package io.eventweave.cli.filter;

import java.time.Instant;
import java.time.Month;
import java.time.Year;

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

    long NOT_AN_INSTANT = Long.MIN_VALUE;

    /** The field's value (a String, Long, Double or Boolean) against this literal: one of the outcomes above. */
    int compare(Object value);

    /** A quoted string; compared as an instant with strings that read as one when it reads as one too. */
    static Literal text(String text) {
        long epochSecond = epochSecond(text);
        int nano = epochSecond == NOT_AN_INSTANT ? 0 : nanoOfSecond(text);
        Object scalar = jsonScalar(text);
        return value -> {
            if (value instanceof String string) {
                int byInstant = epochSecond == NOT_AN_INSTANT ? DIFFERENT : compareInstant(string, epochSecond, nano);
                return byInstant != DIFFERENT ? byInstant : Integer.signum(string.compareTo(text));
            }
            return sameIf(value.equals(scalar));
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
        long seconds = epochSecond(text);
        if (seconds == NOT_AN_INSTANT) {
            return DIFFERENT;
        }
        return seconds != epochSecond ? order(seconds, epochSecond) : order(nanoOfSecond(text), nano);
    }

    /**
     * The epoch second of an RFC 3339 timestamp ({@code 2026-12-05T23:11:20.124789565Z},
     * {@code 2026-12-02T10:00:00+01:00}), or NOT_AN_INSTANT. By hand rather than with {@code Instant.parse}
     * because it runs for every record, mostly on strings that are not timestamps: it neither throws nor allocates.
     */
    private static long epochSecond(String s) {
        int length = s.length();
        if (length < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || "Tt ".indexOf(s.charAt(10)) < 0
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return NOT_AN_INSTANT;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_AN_INSTANT;
        }
        int zone = 19;
        if (s.charAt(zone) == '.') {
            do {
                zone++;
            } while (zone < length && isDigit(s.charAt(zone)));
            if (zone == 20 || zone == length) {
                return NOT_AN_INSTANT;
            }
        }
        char sign = s.charAt(zone);
        int offsetSeconds = 0;
        if (sign == '+' || sign == '-') {
            int offsetHours = zone + 6 == length && s.charAt(zone + 3) == ':' ? digits(s, zone + 1, 2) : -1;
            int offsetMinutes = offsetHours < 0 ? -1 : digits(s, zone + 4, 2);
            if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
                return NOT_AN_INSTANT;
            }
            offsetSeconds = (sign == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else if (sign != 'Z' && sign != 'z' || zone + 1 != length) {
            return NOT_AN_INSTANT;
        }
        return epochDay(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    }

    /** The fraction of a string {@link #epochSecond} accepted, in nanoseconds; digits after the ninth are ignored. */
    private static int nanoOfSecond(String s) {
        int nanos = 0;
        int i = 20;
        for (; i < 29 && s.charAt(19) == '.' && isDigit(s.charAt(i)); i++) {
            nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        for (; i < 29; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    /** Days since 1970-01-01 of a Gregorian date, years 0 to 9999 (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        return era * 146_097L + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468;
    }

    /** The decimal number in {@code s[from, from + count)}, or -1 if any of it is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (!isDigit(s.charAt(i))) {
                return -1;
            }
            value = value * 10 + (s.charAt(i) - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
