package io.eventweave.it.apps;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * An application that uses none of the instrumented libraries (collections, an executor, a little arithmetic) and
 * prints what it computed: under the agent it must pay for no instrumentation at all.
 */
public final class PlainApp {
    private PlainApp() {
    }

    public static void main(String[] args) throws Exception {
        ConcurrentHashMap<Integer, Long> squares = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> fill(squares, 0, 500));
            Future<?> b = pool.submit(() -> fill(squares, 500, 1000));
            a.get();
            b.get();
        } finally {
            pool.shutdown();
        }
        long sum = squares.values().stream().mapToLong(Long::longValue).sum();
        System.out.println("sum of squares below 1000: " + sum);
    }

    private static void fill(ConcurrentHashMap<Integer, Long> squares, int from, int to) {
        for (int i = from; i < to; i++) {
            squares.put(i, (long) i * i);
        }
    }
}
