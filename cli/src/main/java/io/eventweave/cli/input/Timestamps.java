package io.eventweave.cli.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code @timestamp} values as nanoseconds since the epoch. The agent writes {@code 2026-12-05T23:11:20.124789565Z}
 * (UTC, nine digits); that form is read by hand, without a formatter (once per event in every command), any other
 * RFC 3339 form through {@link OffsetDateTime}.
 */
public final class Timestamps {
    /** What {@link #nanos} returns for a value that is not a timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private Timestamps() {
    }

    /** Nanoseconds since the epoch of an RFC 3339 instant, or {@link #INVALID}. */
    public static long nanos(String text) {
        if (text == null) {
            return INVALID;
        }
        long fast = utc(text);
        if (fast != INVALID) {
            return fast;
        }
        try {
            return toNanos(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException | ArithmeticException e) {
            return INVALID;
        }
    }

    public static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    public static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, else {@link #INVALID}. */
    private static long utc(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return INVALID;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return INVALID;
        }
        long fraction = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 < 1 || n - 21 > 9) {
                return INVALID;
            }
            int f = digits(s, 20, n - 1);
            if (f < 0) {
                return INVALID;
            }
            fraction = f;
            for (int i = n - 21; i < 9; i++) {
                fraction *= 10;
            }
        } else if (n != 20) {
            return INVALID;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return INVALID;
        }
        return ((days * 24 + hour) * 60 + minute) * 60_000_000_000L + second * 1_000_000_000L + fraction;
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
