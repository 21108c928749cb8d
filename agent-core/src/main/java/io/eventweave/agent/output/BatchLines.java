package io.eventweave.agent.output;

import java.util.Arrays;

/**
 * The lines of the batch in the {@link LineBuffer}: where each starts in the buffer, its length, event name and time,
 * for the {@link LineIndexFile} (drainer thread only). Kept in step with the buffer: a line is added once it is
 * encoded whole, and the two are cleared together.
 */
final class BatchLines {
    private int[] starts = new int[1024];
    private int[] lengths = new int[1024];
    private String[] names = new String[1024];
    private long[] epochMillis = new long[1024];
    private int count;

    void add(int start, int length, String name, long millis) {
        if (count == starts.length) {
            int n = count * 2;
            starts = Arrays.copyOf(starts, n);
            lengths = Arrays.copyOf(lengths, n);
            names = Arrays.copyOf(names, n);
            epochMillis = Arrays.copyOf(epochMillis, n);
        }
        starts[count] = start;
        lengths[count] = length;
        names[count] = name;
        epochMillis[count] = millis;
        count++;
    }

    /** Where the next line starts in the buffer: the end of the last one. */
    int end() {
        return count == 0 ? 0 : starts[count - 1] + lengths[count - 1];
    }

    int count() {
        return count;
    }

    int start(int i) {
        return starts[i];
    }

    int length(int i) {
        return lengths[i];
    }

    String name(int i) {
        return names[i];
    }

    long epochMillis(int i) {
        return epochMillis[i];
    }

    void clear() {
        count = 0;
    }

    /** A copy (a batch kept aside while a rotation writes the new file's first line). */
    BatchLines copy() {
        BatchLines c = new BatchLines();
        c.starts = Arrays.copyOf(starts, Math.max(1, count));
        c.lengths = Arrays.copyOf(lengths, Math.max(1, count));
        c.names = Arrays.copyOf(names, Math.max(1, count));
        c.epochMillis = Arrays.copyOf(epochMillis, Math.max(1, count));
        c.count = count;
        return c;
    }

    /** Takes {@code other}'s lines in place of these. */
    void replaceWith(BatchLines other) {
        starts = other.starts;
        lengths = other.lengths;
        names = other.names;
        epochMillis = other.epochMillis;
        count = other.count;
    }
}
