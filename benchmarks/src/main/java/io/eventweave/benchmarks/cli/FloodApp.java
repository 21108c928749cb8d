package io.eventweave.benchmarks.cli;

import io.eventweave.runtime.Emit;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.PolicyResult;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The corpus of the command line's speed run (B10): a flood of mixed event kinds through the agent's own emitters
 * ({@code io.eventweave.runtime}, on the bootstrap class path under {@code -javaagent}), so that the lines are exactly
 * what the agent writes. Per 100 events, about: 45 HTTP calls to 24 hosts x 8 paths (durations spread over four
 * decades, 5 % failing), 25 requests served on 12 routes, 10 rate-limiter acquisitions, 8 retry attempts, 5
 * fallbacks, 3 breaker rejections, 3 bulkhead rejections and one breaker opening or closing. The loop waits for room
 * in the ring (as the B2 runs do), so nothing is dropped. Seeded: the same arguments give the same events.
 *
 * <p>Usage: {@code FloodApp <events> <seed> [<events per second>]}. Prints {@code emitted <n>} at the end, the
 * application's own record. With a rate (B11's live run), the events are paced to it in batches of {@value #BATCH}.
 */
public final class FloodApp {
    private static final int BATCH = 512;
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    /** The failure of every failed retry attempt and fallback (its class is what the events carry). */
    private static final IllegalStateException FAILURE = new IllegalStateException("down");

    private FloodApp() {
    }

    public static void main(String[] args) {
        long events = Long.parseLong(args[0]);
        long seed = Long.parseLong(args[1]);
        double perSecond = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        long begin = System.nanoTime();
        if (Emit.capacity() == 0) {
            throw new IllegalStateException("needs -javaagent:<eventweave-agent.jar>");
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] open = new boolean[4];
        for (long done = 0; done < events; done += BATCH) {
            if (perSecond > 0) {
                long due = begin + (long) (done / perSecond * 1e9);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            while (Emit.queued() + BATCH > Emit.capacity()) {
                LockSupport.parkNanos(20_000L);
            }
            long n = Math.min(BATCH, events - done);
            for (long i = 0; i < n; i++) {
                one(random, open);
            }
        }
        while (Emit.queued() > 0) {
            LockSupport.parkNanos(100_000L);
        }
        System.out.println("emitted " + events);
    }

    private static void one(SplittableRandom random, boolean[] open) {
        int kind = random.nextInt(100);
        long now = System.nanoTime();
        // durations from 100 us to about 1 s, spread evenly over the decades
        long duration = (long) (100_000 * Math.pow(10, random.nextDouble() * 4));
        if (kind < 45) {
            int host = random.nextInt(24);
            boolean fails = random.nextInt(100) < 5;
            HttpEvents.clientRequest("flood", METHODS[random.nextInt(METHODS.length)], "http",
                    "svc-" + host + ".internal", 8000 + host % 3, "/api/v1/items/" + random.nextInt(8),
                    fails ? 503 : 200, 0, null, now - duration, now, null);
        } else if (kind < 70) {
            int route = random.nextInt(12);
            boolean fails = random.nextInt(100) < 2;
            HttpEvents.serverRequest("flood", METHODS[random.nextInt(3)], "http", "127.0.0.1", 8080,
                    "/orders/" + random.nextInt(100_000) + "/step" + route, fails ? 500 : 200, null,
                    "/orders/{id}/step" + route, now - duration, now, null);
        } else if (kind < 80) {
            int r = random.nextInt(10);
            PolicyResult result = r < 6 ? PolicyResult.ACQUIRED : r < 9 ? PolicyResult.WAITED : PolicyResult.REJECTED;
            long wait = result == PolicyResult.WAITED ? duration / 10 : result == PolicyResult.REJECTED ? -1 : 0;
            PolicyEvents.rateLimiterAcquire("flood", "limiter-" + random.nextInt(3), result, 1, wait, now, now);
        } else if (kind < 88) {
            int r = random.nextInt(10);
            PolicyResult result = r < 6 ? PolicyResult.WILL_RETRY : r < 9 ? PolicyResult.SUCCEEDED
                    : PolicyResult.EXHAUSTED;
            PolicyEvents.retryAttempt("flood", "retry-" + random.nextInt(3), 1 + random.nextInt(3), result,
                    result == PolicyResult.WILL_RETRY ? 50_000_000L : -1, FAILURE);
        } else if (kind < 93) {
            PolicyEvents.fallbackInvoke("flood", "fallback-" + random.nextInt(2), FAILURE, random.nextInt(10) > 0,
                    now - duration, now);
        } else if (kind < 96) {
            PolicyEvents.circuitBreakerRejected("flood", "breaker-" + random.nextInt(4), "OPEN");
        } else if (kind < 99) {
            PolicyEvents.bulkheadRejected("flood", "bulkhead-" + random.nextInt(2));
        } else {
            int b = random.nextInt(4);
            open[b] = !open[b];
            PolicyEvents.circuitBreakerStateChange("flood", "breaker-" + b, open[b] ? "CLOSED" : "OPEN",
                    open[b] ? "OPEN" : "CLOSED", 55.0f);
        }
    }
}
