package io.eventweave.cli.input;

import java.time.Instant;
import java.time.Month;
import java.time.Year;

/**
 * RFC 3339 instants ({@code @timestamp}, {@code --since}, the filter's timestamps) read by hand: once per event in
 * every command, and the filter tries every string it compares with a timestamp, so it neither throws nor allocates.
 */
public final class Timestamps {
    /** What {@link #nanos} returns for a value that is not a timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private Timestamps() {
    }

    /** What {@link #epochSecond} returns for a string that is not an RFC 3339 instant. */
    public static final long NOT_AN_INSTANT = Long.MIN_VALUE;

    /** Nanoseconds since the epoch of an RFC 3339 instant, or {@link #INVALID}. */
    public static long nanos(CharSequence text) {
        if (text == null) {
            return INVALID;
        }
        long seconds = epochSecond(text);
        if (seconds == NOT_AN_INSTANT) {
            return INVALID;
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanoOfSecond(text));
        } catch (ArithmeticException e) {
            return INVALID; // beyond 2262: not a time eventweave wrote
        }
    }

    public static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    public static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * The epoch second of an RFC 3339 timestamp ({@code 2026-12-05T23:11:20.124789565Z},
     * {@code 2026-12-02T10:00:00+01:00}), or NOT_AN_INSTANT. By hand rather than with {@code Instant.parse}
     * because it runs for every record, mostly on strings that are not timestamps: it neither throws nor allocates.
     */
    public static long epochSecond(CharSequence s) {
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
            } while (zone < length && Timestamps.isDigit(s.charAt(zone)));
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
    public static int nanoOfSecond(CharSequence s) {
        int nanos = 0;
        int i = 20;
        for (; i < 29 && s.charAt(19) == '.' && Timestamps.isDigit(s.charAt(i)); i++) {
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
    private static int digits(CharSequence s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (!Timestamps.isDigit(s.charAt(i))) {
                return -1;
            }
            value = value * 10 + (s.charAt(i) - '0');
        }
        return value;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
