package io.eventweave.it.apps;

import io.eventweave.runtime.HttpEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator for the output tests: threads that emit {@code http.client.request} events through the agent's
 * runtime ({@code io.eventweave.runtime.Emit}, on the bootstrap class path when the agent is attached), as fast as
 * they can or at a fixed rate. Every 100 ms it prints {@code emitted <n>}: events handed to the agent so far, the
 * application's own record of its progress. Usage: {@code LoadApp <threads> <events per thread> <events/s per
 * thread, 0 = unpaced>}
 */
public final class LoadApp {
    private LoadApp() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long perThread = Long.parseLong(args[1]);
        long rate = Long.parseLong(args[2]);
        AtomicLongArray done = new AtomicLongArray(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> emit(id, perThread, rate, done), "load-" + t);
            workers.add(worker);
            worker.start();
        }
        boolean running = true;
        while (running) {
            Thread.sleep(100);
            running = workers.stream().anyMatch(Thread::isAlive);
            System.out.println("emitted " + total(done));
        }
        System.out.println("done " + total(done));
    }

    private static void emit(int id, long count, long rate, AtomicLongArray done) {
        String path = "/load/" + id;
        long start = System.nanoTime();
        long interval = rate > 0 ? 1_000_000_000L / rate : 0;
        for (long i = 0; i < count; i++) {
            if (interval > 0) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            long now = System.nanoTime();
            HttpEvents.clientRequest("load", "GET", "http", "127.0.0.1", 8000 + id, path, 200, 0, null, now,
                    now + 1000, null);
            done.lazySet(id, i + 1);
        }
    }

    private static long total(AtomicLongArray done) {
        long sum = 0;
        for (int i = 0; i < done.length(); i++) {
            sum += done.get(i);
        }
        return sum;
    }
}
