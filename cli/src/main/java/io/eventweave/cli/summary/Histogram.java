package io.eventweave.cli.summary;

/**
 * Durations (nanoseconds) in log-linear buckets, for percentiles in bounded memory: 64 buckets per power of two, so a
 * bucket's middle is within 1/128 (0.8 %) of any value in it, and a percentile read from it within 1 % of the exact
 * nearest-rank value (Prometheus' native histograms and HdrHistogram use the same layout). Values below 64 ns are
 * kept exactly. Each power of two's buckets are made when its first value comes: a target whose calls all take
 * 2-300 ms holds 8 of them (4 KB). The first {@value #EXACT} values are also kept as they are, and while there are
 * no more, percentiles are exact (a summary of a short run shows 500 ms, not the bucket's 501.2). Not thread-safe.
 */
public final class Histogram {
    /** Values kept as they are, for exact percentiles of small series (8 KB each at most). */
    static final int EXACT = 1024;

    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    /** Octave 0 holds 0-63 exactly; octave k (k >= 1) holds [2^(k+5), 2^(k+6)). */
    private static final int OCTAVES = 64 - SUB_BITS + 1;

    private final long[][] counts = new long[OCTAVES][];
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private long[] exact = new long[16];

    public void record(long value) {
        long v = Math.max(0, value);
        int octave = octave(v);
        long[] buckets = counts[octave];
        if (buckets == null) {
            buckets = counts[octave] = new long[SUB];
        }
        buckets[sub(v, octave)]++;
        if (count < EXACT) {
            if (count == exact.length) {
                exact = java.util.Arrays.copyOf(exact, exact.length * 2);
            }
            exact[(int) count] = v;
        }
        count++;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    public void add(Histogram other) {
        for (int i = 0; i < Math.min(other.count, EXACT) && count + i < EXACT; i++) {
            if (count + i >= exact.length) {
                exact = java.util.Arrays.copyOf(exact, EXACT);
            }
            exact[(int) (count + i)] = other.exact[i];
        }
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
        if (count <= EXACT) {
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
