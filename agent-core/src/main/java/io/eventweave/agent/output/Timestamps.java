package io.eventweave.agent.output;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Turns {@link System#nanoTime()} readings into RFC 3339 UTC timestamps with nine fractional digits
 * ({@code 2026-11-22T14:50:34.123456789Z}), written into a reused byte array: no allocation per event, and within
 * one second only the nine fractional digits are written again.
 *
 * <p>Application threads record only {@code nanoTime} (cheap, monotonic); the drainer maps it to wall-clock time
 * from a calibration point it refreshes every second, so NTP adjustments are followed.
 */
final class Timestamps {
    static final int LENGTH = 30;

    /** The tens and the ones digit of 0..99. */
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    private final byte[] out = new byte[LENGTH];
    /** Epoch nanoseconds of the second {@link #out} holds up to its fraction; MIN_VALUE: none yet. */
    private long formattedSecondEpochNanos = Long.MIN_VALUE;
    private long epochNanosAtCalibration;
    private long nanoTimeAtCalibration;
    private long cachedDay = Long.MIN_VALUE;

    Timestamps() {
        calibrate();
    }

    void calibrate() {
        Instant now = Instant.now();
        nanoTimeAtCalibration = System.nanoTime();
        epochNanosAtCalibration = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    long epochNanos(long nanoTime) {
        return epochNanosAtCalibration + (nanoTime - nanoTimeAtCalibration);
    }

    /** Formats {@code nanoTime} and returns the shared buffer holding {@link #LENGTH} ASCII bytes. */
    byte[] format(long nanoTime) {
        long epochNanos = epochNanos(nanoTime);
        long nanosIntoSecond = epochNanos - formattedSecondEpochNanos;
        if (nanosIntoSecond >= 0 && nanosIntoSecond < 1_000_000_000L) {
            // Same second as the line before (nearly always): only the fraction changes.
            nineDigits((int) nanosIntoSecond, 20);
            return out;
        }
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        long day = Math.floorDiv(seconds, 86_400L);
        if (day != cachedDay) {
            LocalDate date = LocalDate.ofEpochDay(day);
            digits(date.getYear(), 0, 4);
            out[4] = '-';
            digits(date.getMonthValue(), 5, 2);
            out[7] = '-';
            digits(date.getDayOfMonth(), 8, 2);
            out[10] = 'T';
            out[13] = ':';
            out[16] = ':';
            out[19] = '.';
            out[29] = 'Z';
            cachedDay = day;
        }
        int secondOfDay = (int) (seconds - day * 86_400L);
        digits(secondOfDay / 3600, 11, 2);
        digits(secondOfDay / 60 % 60, 14, 2);
        digits(secondOfDay % 60, 17, 2);
        nineDigits(nanos, 20);
        formattedSecondEpochNanos = seconds * 1_000_000_000L;
        return out;
    }

    /** {@code value} (below 10^9) as nine digits, two at a time. */
    private void nineDigits(int value, int offset) {
        for (int i = offset + 7; i > offset; i -= 2) {
            int pair = value % 100;
            value /= 100;
            out[i] = TENS[pair];
            out[i + 1] = ONES[pair];
        }
        out[offset] = (byte) ('0' + value);
    }

    private void digits(int value, int offset, int count) {
        for (int i = offset + count - 1; i >= offset; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
