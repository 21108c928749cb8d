package io.eventweave.cli.summary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many times each word came (a rate limiter's results, a fallback's error types), counted in place: a
 * {@code Map<String, Long>} merged per event boxed a new {@code Long} for every count past 127, 16 MB of the
 * 1 GB {@code summary}'s allocation. Not thread-safe.
 */
final class Counts {
    private final Map<String, long[]> counts;

    /** @param sorted listed by word (else in the order the words first came) */
    Counts(boolean sorted) {
        counts = sorted ? new TreeMap<>() : new LinkedHashMap<>();
    }

    void add(String word, long n) {
        long[] count = counts.get(word);
        if (count == null) {
            count = new long[1];
            counts.put(word, count);
        }
        count[0] += n;
    }

    void addAll(Counts other) {
        other.counts.forEach((word, n) -> add(word, n[0]));
    }

    long get(String word) {
        long[] count = counts.get(word);
        return count == null ? 0 : count[0];
    }

    long total() {
        long total = 0;
        for (long[] n : counts.values()) {
            total += n[0];
        }
        return total;
    }

    /** The counts as a map in the same order, for the JSON output. */
    Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        counts.forEach((word, n) -> map.put(word, n[0]));
        return map;
    }
}
