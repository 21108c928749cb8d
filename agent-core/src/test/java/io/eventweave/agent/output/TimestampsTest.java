package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The formatted timestamp is RFC 3339 with nine fractional digits, whatever the step from the one before. */
class TimestampsTest {
    private static final DateTimeFormatter RFC_3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void matchesJavaTimeAcrossSecondsDaysAndStepsBack() {
        Timestamps timestamps = new Timestamps();
        SplittableRandom random = new SplittableRandom(42);
        long nanoTime = System.nanoTime();
        long[] steps = {0, 1, 999_999_999L, 1_000_000_000L, 86_400_000_000_000L, -1, -1_000_000_000L};
        for (int i = 0; i < 200_000; i++) {
            long step = i % 3 == 0 ? steps[random.nextInt(steps.length)]
                    : random.nextLong(-2_000_000_000L, 2_000_000_000L);
            nanoTime += step;
            assertFormats(timestamps, nanoTime);
            if (i % 10_000 == 0) {
                timestamps.calibrate(); // the wall clock may move either way between calibrations
            }
        }
    }

    @Test
    void nanosecondsAroundASecondBoundary() {
        Timestamps timestamps = new Timestamps();
        long base = System.nanoTime();
        long toNextSecond = 1_000_000_000L - Math.floorMod(timestamps.epochNanos(base), 1_000_000_000L);
        for (long d = -3; d <= 3; d++) {
            assertFormats(timestamps, base + toNextSecond + d);
        }
        for (long d = 3; d >= -3; d--) {
            assertFormats(timestamps, base + toNextSecond + d);
        }
    }

    private static void assertFormats(Timestamps timestamps, long nanoTime) {
        long epochNanos = timestamps.epochNanos(nanoTime);
        String expected = RFC_3339_NANOS.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)));
        assertEquals(expected, new String(timestamps.format(nanoTime), 0, Timestamps.LENGTH,
                StandardCharsets.US_ASCII));
    }
}
