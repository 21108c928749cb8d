package io.eventweave.agent.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The series of one labelled metric the handler has made, by label values, with a cap: once {@code maxSeries} exist,
 * a new combination of values is counted in the one overflow series (every label {@value #OVERFLOW}), so a service
 * that calls a million hosts keeps the endpoint at the cap. Drainer thread only.
 *
 * <p>Why a table of our own beside the client's: the Prometheus client keeps no cap, and its
 * {@code labelValues(String...)} builds a key list on every call. Here a hit costs one lookup with a reused probe
 * key and no allocation; the client's data point is looked up once per series, when it is made.
 *
 * @param <P> the client's data point ({@code CounterDataPoint}, {@code DistributionDataPoint}, ...)
 */
final class SeriesTable<P> {
    /** The value of every label of the overflow series. */
    static final String OVERFLOW = "_overflow";

    private final int maxSeries;
    private final Function<String[], P> dataPoint;
    private final Map<Key, P> series = new HashMap<>();
    private final Key probe;
    private final String[] overflowValues;
    private P overflow;

    /**
     * @param labels    how many label values a series has
     * @param dataPoint the client's data point for a copy of the values (called once per series)
     */
    SeriesTable(int labels, int maxSeries, Function<String[], P> dataPoint) {
        this.maxSeries = maxSeries;
        this.dataPoint = dataPoint;
        this.probe = new Key(new String[labels]);
        this.overflowValues = new String[labels];
        Arrays.fill(overflowValues, OVERFLOW);
    }

    /** The series of these values (nulls are written as empty values). */
    P get(String a) {
        probe.values[0] = a;
        return lookUp();
    }

    P get(String a, String b) {
        probe.values[0] = a;
        probe.values[1] = b;
        return lookUp();
    }

    P get(String a, String b, String c) {
        probe.values[0] = a;
        probe.values[1] = b;
        probe.values[2] = c;
        return lookUp();
    }

    P get(String a, String b, String c, String d, String e) {
        probe.values[0] = a;
        probe.values[1] = b;
        probe.values[2] = c;
        probe.values[3] = d;
        probe.values[4] = e;
        return lookUp();
    }

    /** Series made, the overflow series included. */
    int size() {
        return series.size() + (overflow == null ? 0 : 1);
    }

    private P lookUp() {
        String[] values = probe.values;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                values[i] = "";
            }
        }
        probe.rehash();
        P found = series.get(probe);
        if (found != null) {
            return found;
        }
        if (series.size() >= maxSeries - 1) { // the overflow series counts toward the cap
            if (overflow == null) {
                overflow = dataPoint.apply(overflowValues.clone());
            }
            return overflow;
        }
        String[] copy = values.clone();
        P made = dataPoint.apply(copy);
        series.put(new Key(copy), made);
        return made;
    }

    /** Label values compared by content; the probe's hash is recomputed before each lookup. */
    private static final class Key {
        final String[] values;
        int hash;

        Key(String[] values) {
            this.values = values;
            rehash();
        }

        void rehash() {
            hash = Arrays.hashCode(values);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).hash == hash && Arrays.equals(((Key) o).values, values);
        }
    }
}
