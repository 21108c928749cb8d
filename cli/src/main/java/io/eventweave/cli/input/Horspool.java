package io.eventweave.cli.input;

/**
 * Boyer-Moore-Horspool over bytes: for a needle of m bytes, about one look per m bytes of text. The search of a
 * selective {@code query} ({@link MatchScan}); public for the benchmark that measures the floor under it
 * ({@code benchmarks/.../cli/ScanFloor}), which must search the same way.
 */
public final class Horspool {
    private final byte[] needle;
    private final int[] shift = new int[256];

    public Horspool(byte[] needle) {
        this.needle = needle;
        int m = needle.length;
        java.util.Arrays.fill(shift, m);
        for (int i = 0; i < m - 1; i++) {
            shift[needle[i] & 0xFF] = m - 1 - i;
        }
    }

    /** The first offset in {@code [from, to)} where the needle starts, or -1. */
    public int indexOf(byte[] text, int from, int to) {
        int m = needle.length;
        byte last = needle[m - 1];
        int i = from + m - 1;
        while (i < to) {
            byte c = text[i];
            if (c == last) {
                int j = m - 2;
                int k = i - 1;
                while (j >= 0 && text[k] == needle[j]) {
                    j--;
                    k--;
                }
                if (j < 0) {
                    return i - m + 1;
                }
            }
            i += shift[c & 0xFF];
        }
        return -1;
    }
}
