package io.eventweave.cli.summary;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code event.sequence} numbers one process's lines carry, as runs of consecutive numbers: one agent writes
 * them in order, so a whole file is one run and the memory is one entry per gap, not one bit per event (a summary
 * over any input size fits a small heap). Counts the numbers seen twice. Runs from several readers, each of other
 * lines, are merged.
 */
final class SequenceSet {
    /** First number of each run, to one past its last; runs neither overlap nor touch. Holds no open run. */
    private final TreeMap<Long, Long> runs = new TreeMap<>();
    /**
     * The open run {@code [openFrom, openTo)}, kept out of {@link #runs} because the next number usually extends it
     * (-1 when none), and where the next run in {@link #runs} begins: extending must stop there.
     */
    private long openFrom = -1;
    private long openTo = -1;
    private long nextRun = Long.MAX_VALUE;
    private long duplicates;

    void add(long n) {
        if (n == openTo && n < nextRun) {
            openTo = n + 1;
            return;
        }
        addRun(n, n + 1);
    }

    /** Adds {@code [from, to)}, counting the numbers already there as duplicates; it becomes the open run. */
    private void addRun(long from, long to) {
        close();
        long start = from;
        long end = to;
        Map.Entry<Long, Long> before = runs.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            duplicates += Math.min(before.getValue(), to) - from;
            start = before.getKey();
            end = Math.max(end, before.getValue());
            runs.remove(before.getKey());
        }
        for (Map.Entry<Long, Long> after = runs.ceilingEntry(from); after != null && after.getKey() <= end;
                after = runs.ceilingEntry(from)) {
            duplicates += Math.max(0, Math.min(after.getValue(), to) - after.getKey());
            end = Math.max(end, after.getValue());
            runs.remove(after.getKey());
        }
        openFrom = start;
        openTo = end;
        Long next = runs.higherKey(end);
        nextRun = next == null ? Long.MAX_VALUE : next;
    }

    /** Puts the open run into {@link #runs}, joined with a run it touches. */
    private void close() {
        if (openFrom < 0) {
            return;
        }
        long from = openFrom;
        long to = openTo;
        openFrom = -1;
        openTo = -1;
        Long next = runs.get(to);
        if (next != null) {
            runs.remove(to);
            to = next;
        }
        runs.put(from, to);
    }

    void addAll(SequenceSet other) {
        other.close();
        for (Map.Entry<Long, Long> run : other.runs.entrySet()) {
            addRun(run.getKey(), run.getValue());
        }
        duplicates += other.duplicates;
    }

    /** Numbers below the highest seen that no line has. */
    long gaps() {
        close();
        if (runs.isEmpty()) {
            return 0;
        }
        long covered = 0;
        for (Map.Entry<Long, Long> run : runs.entrySet()) {
            covered += run.getValue() - run.getKey();
        }
        return runs.lastEntry().getValue() - covered;
    }

    long duplicates() {
        return duplicates;
    }
}
