package io.eventweave.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The values one figure took over a benchmark's forks or runs: median and spread, the way every table reports them. */
final class Samples {
    private final List<Double> values = new ArrayList<>();

    Samples add(double value) {
        values.add(value);
        return this;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    int count() {
        return values.size();
    }

    double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The value at {@code fraction} (0.9: the 90th percentile) of the sorted values, nearest rank. */
    double percentile(double fraction) {
        List<Double> sorted = sorted();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double min() {
        return values.isEmpty() ? Double.NaN : Collections.min(values);
    }

    double max() {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
