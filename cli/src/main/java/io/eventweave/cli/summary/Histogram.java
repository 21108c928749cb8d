package io.eventweave.cli.summary;

/**
 * Durations (nanoseconds) for percentiles in bounded memory. A series of up to {@value #EXACT} values keeps them as
 * they are, and its percentiles are exact (a summary of a short run shows 500 ms, not the bucket's 501.2). Past
 * that, the values go into log-linear buckets: 64 per power of two, so a bucket's middle is within 1/128 (0.8 %) of
 * any value in it, and a percentile read from it within 1 % of the exact nearest-rank value (Prometheus' native
 * histograms and HdrHistogram use the same layout). Values below 64 ns are kept exactly. Each power of two's buckets
 * are made when its first value comes: a target whose calls all take 2-300 ms holds 8 of them (4 KB).
 *
 * <p>Why the buckets only past {@value #EXACT} values: a summary holds one histogram per downstream target and
 * parsing thread, and most hold a few hundred calls (the B10 flood: 1,536 targets of 378-1,454 calls each). Making
 * their buckets too doubled the bytes each held, and recording into both was 6 % of a 1 GB {@code summary}'s CPU,
 * most of it cache misses over those buckets. Not thread-safe.
 */
public final class Histogram {
    /** Values kept as they are, for exact percentiles of small series (8 KB each at most). */
    static final int EXACT = 1024;

    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    /** Octave 0 holds 0-63 exactly; octave k (k >= 1) holds [2^(k+5), 2^(k+6)). */
    private static final int OCTAVES = 64 - SUB_BITS + 1;

    /**
     * Invariant: while {@code count <= EXACT}, {@code exact[0, count)} holds every value and {@code counts} is null;
     * past it, {@code counts} holds every value and {@code exact} is null.
     */
    private long[][] counts;
    private long[] exact = new long[16];
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    public void record(long value) {
        long v = Math.max(0, value);
        if (count < EXACT) {
            if (count == exact.length) {
                exact = java.util.Arrays.copyOf(exact, Math.min(EXACT, exact.length * 2));
            }
            exact[(int) count] = v;
        } else {
            if (counts == null) {
                toBuckets();
            }
            bucket(v);
        }
        count++;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    /** Moves the values kept as they are into buckets: the series is past {@value #EXACT} values. */
    private void toBuckets() {
        counts = new long[OCTAVES][];
        for (int i = 0; i < count; i++) {
            bucket(exact[i]);
        }
        exact = null;
    }

    private void bucket(long v) {
        int octave = octave(v);
        long[] buckets = counts[octave];
        if (buckets == null) {
            buckets = counts[octave] = new long[SUB];
        }
        buckets[sub(v, octave)]++;
    }

    public void add(Histogram other) {
        if (other.count == 0) {
            return;
        }
        if (counts == null && count + other.count <= EXACT) {
            if (count + other.count > exact.length) {
                exact = java.util.Arrays.copyOf(exact, EXACT);
            }
            System.arraycopy(other.exact, 0, exact, (int) count, (int) other.count);
        } else {
            if (counts == null) {
                toBuckets();
            }
            if (other.counts == null) {
                for (int i = 0; i < other.count; i++) {
                    bucket(other.exact[i]);
                }
            } else {
                for (int o = 0; o < OCTAVES; o++) {
                    if (other.counts[o] == null) {
                        continue;
                    }
                    if (counts[o] == null) {
                        counts[o] = new long[SUB];
                    }
                    for (int i = 0; i < SUB; i++) {
                        counts[o][i] += other.counts[o][i];
                    }
                }
            }
        }
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    public long min() {
        return count == 0 ? 0 : min;
    }

    public long max() {
        return count == 0 ? 0 : max;
    }

    /**
     * The nearest-rank percentile: the value at rank ⌈p/100 × count⌉ in sorted order, as the middle of its bucket,
     * within the smallest and largest value recorded. 0 when empty.
     */
    public long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * count));
        if (counts == null) {
            long[] sorted = java.util.Arrays.copyOf(exact, (int) count);
            java.util.Arrays.sort(sorted);
            return sorted[(int) rank - 1];
        }
        long seen = 0;
        for (int o = 0; o < OCTAVES; o++) {
            long[] buckets = counts[o];
            if (buckets == null) {
                continue;
            }
            for (int i = 0; i < SUB; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    return Math.max(min, Math.min(max, middle(o, i)));
                }
            }
        }
        return max;
    }

    static int octave(long v) {
        if (v < SUB) {
            return 0;
        }
        return 64 - Long.numberOfLeadingZeros(v) - SUB_BITS;
    }

    static int sub(long v, int octave) {
        return octave == 0 ? (int) v : (int) ((v >>> (octave - 1)) & (SUB - 1));
    }

    /** The middle of bucket {@code i} of {@code octave}. */
    static long middle(int octave, int i) {
        if (octave == 0) {
            return i;
        }
        long width = 1L << (octave - 1);
        long low = ((long) SUB + i) << (octave - 1);
        return low + width / 2;
    }
}
