package io.eventweave.cli.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {
    private static long nearestRank(long[] sorted, double p) {
        return sorted[(int) Math.max(1, Math.ceil(p / 100 * sorted.length)) - 1];
    }

    @Test
    void percentilesAreWithinOnePercentOfTheExactNearestRankValue() {
        Random random = new Random(7);
        for (double sigma : new double[] {0.2, 1.0, 3.0}) {
            long[] values = new long[500_000];
            Histogram h = new Histogram();
            for (int i = 0; i < values.length; i++) {
                values[i] = (long) Math.exp(Math.log(50_000_000) + sigma * random.nextGaussian()); // ~50 ms
                h.record(values[i]);
            }
            Arrays.sort(values);
            for (double p : new double[] {1, 50, 90, 95, 99, 99.9, 100}) {
                long exact = nearestRank(values, p);
                long got = h.percentile(p);
                assertTrue(Math.abs(got - exact) <= exact / 100.0,
                        "sigma " + sigma + " p" + p + ": " + got + " vs exact " + exact);
            }
            assertEquals(values[values.length - 1], h.max());
        }
    }

    @Test
    void smallSeriesAreExactAndMergingKeepsTheValues() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        for (long v = 1; v <= 10; v++) {
            (v % 2 == 0 ? a : b).record(v * 100_000_000);
        }
        a.add(b);
        assertEquals(500_000_000, a.percentile(50));
        assertEquals(1_000_000_000, a.percentile(99));
        assertEquals(100_000_000, a.percentile(0));
        assertEquals(10, a.count());
        assertEquals(0, new Histogram().percentile(50));
    }

    @Test
    void seriesPastTheExactValuesGiveTheSamePercentilesHoweverTheyWereMerged() {
        Random random = new Random(11);
        long[] values = new long[3000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(Math.log(20_000_000) + random.nextGaussian());
        }
        // one histogram of all; and the same values cut into parts of sizes around EXACT, merged in every way
        Histogram whole = new Histogram();
        for (long v : values) {
            whole.record(v);
        }
        int[][] cuts = {{0, 600, 1000, 3000}, {0, 1024, 1025, 3000}, {0, 2000, 2600, 3000}, {0, 10, 20, 3000}};
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int[] cut : cuts) {
            Histogram merged = new Histogram();
            for (int part = 0; part + 1 < cut.length; part++) {
                Histogram h = new Histogram();
                for (int i = cut[part]; i < cut[part + 1]; i++) {
                    h.record(values[i]);
                }
                merged.add(h);
            }
            assertEquals(values.length, merged.count());
            for (double p : new double[] {1, 50, 95, 99, 100}) {
                long exact = nearestRank(sorted, p);
                assertEquals(whole.percentile(p), merged.percentile(p), "cut " + Arrays.toString(cut) + " p" + p);
                assertTrue(Math.abs(merged.percentile(p) - exact) <= exact / 100.0, "p" + p);
            }
            assertEquals(sorted[0], merged.min());
            assertEquals(sorted[sorted.length - 1], merged.max());
        }
        Histogram atBound = new Histogram();
        for (int i = 0; i < Histogram.EXACT; i++) {
            atBound.record(values[i]);
        }
        long[] first = Arrays.copyOf(values, Histogram.EXACT);
        Arrays.sort(first);
        assertEquals(nearestRank(first, 99), atBound.percentile(99), "exactly EXACT values are still exact");
    }

    @Test
    void valuesBelowSixtyFourAreExactAndNegativeOnesCountAsZero() {
        Histogram h = new Histogram();
        for (int i = 0; i < 2000; i++) {
            h.record(i % 64);
        }
        h.record(-5);
        assertEquals(0, h.percentile(0.01));
        assertEquals(63, h.percentile(100));
    }
}
