package io.eventweave.benchmarks.pipeline;

import io.eventweave.runtime.Emit;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * B2 per policy event kind: one application thread calls a real Resilience4j object in a loop, under the agent
 * this JVM was started with, so that each call makes a known number of events of one kind through the advice, the
 * emitter, the ring, the drainer and the JSONL file; prints the events per second that reached the drainer. The
 * loop waits for room in the ring before each batch (as {@link ThroughputRun} does), so nothing is dropped and the
 * figure is the pipeline's sustained rate for that kind, the library's own cost included.
 *
 * <p>It uses only the libraries and {@link Emit#queued()} / {@link Emit#capacity()}, so the same class runs under
 * an agent of another version for a before/after comparison. Usage: {@code PolicyKindThroughputRun <kind>
 * <warm-up calls> <calls>}, kind one of {@code rate_limiter.acquire}, {@code circuit_breaker.rejected},
 * {@code circuit_breaker.state_change}, {@code retry.attempt}, {@code fallback.invoke}, {@code bulkhead.rejected},
 * {@code time_limiter.timeout}.
 */
public final class PolicyKindThroughputRun {
    private static final int BATCH = 1024;
    private static volatile Object sink;

    private PolicyKindThroughputRun() {
    }

    /** One call of the library, and the events it makes. */
    private interface Call {
        void run();
    }

    public static void main(String[] args) {
        String kind = args[0];
        long warmup = Long.parseLong(args[1]);
        long calls = Long.parseLong(args[2]);
        if (Emit.capacity() == 0) {
            throw new IllegalStateException("needs -javaagent:<eventweave-agent.jar>");
        }
        int eventsPerCall = kind.equals("retry.attempt") || kind.equals("circuit_breaker.state_change") ? 2 : 1;
        Call call = call(kind);
        loop(call, warmup, eventsPerCall);
        awaitIdle();
        RunStats before = RunStats.now();
        long start = System.nanoTime();
        loop(call, calls, eventsPerCall);
        awaitIdle();
        long nanos = System.nanoTime() - start;
        RunStats after = RunStats.now();
        double seconds = nanos / 1e9;
        long events = calls * eventsPerCall;
        System.out.printf("kind=%s calls=%d events=%d seconds=%.3f events_per_s=%.0f%n", kind, calls, events, seconds,
                events / seconds);
        // for PerformanceReport's B8 (policy-kind-throughput.sh reads the line above)
        System.out.println("RESULT events=" + events + " warmup=" + warmup * eventsPerCall + " nanos=" + nanos
                + " cpuNanos=" + (after.cpuNanos - before.cpuNanos));
    }

    private static Call call(String kind) {
        switch (kind) {
            case "rate_limiter.acquire": {
                // one permit an hour, no wait: every call after the first is rejected (always recorded)
                RateLimiter limiter = RateLimiter.of("bench", RateLimiterConfig.custom().limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofHours(1)).timeoutDuration(Duration.ZERO).build());
                return () -> sink = limiter.acquirePermission();
            }
            case "circuit_breaker.rejected": {
                CircuitBreaker breaker = CircuitBreaker.ofDefaults("bench");
                breaker.transitionToForcedOpenState();
                return () -> sink = breaker.tryAcquirePermission();
            }
            case "circuit_breaker.state_change": {
                CircuitBreaker breaker = CircuitBreaker.ofDefaults("bench");
                return () -> {
                    breaker.transitionToOpenState();
                    breaker.transitionToClosedState();
                };
            }
            case "retry.attempt": {
                // two attempts, no wait between them: will_retry, then exhausted
                Retry retry = Retry.of("bench", RetryConfig.custom().maxAttempts(2).intervalFunction(attempt -> 0L)
                        .build());
                Supplier<String> failing = Retry.decorateSupplier(retry, () -> {
                    throw new IllegalStateException("down");
                });
                return () -> {
                    try {
                        sink = failing.get();
                    } catch (IllegalStateException expected) {
                        sink = expected;
                    }
                };
            }
            case "fallback.invoke": {
                Supplier<String> guarded = Decorators.ofSupplier((Supplier<String>) () -> {
                    throw new IllegalStateException("down");
                }).withFallback(failure -> "fallback").decorate();
                return () -> sink = guarded.get();
            }
            case "bulkhead.rejected": {
                // the one permit is held for the whole run: every call is rejected
                Bulkhead bulkhead = Bulkhead.of("bench", BulkheadConfig.custom().maxConcurrentCalls(1)
                        .maxWaitDuration(Duration.ZERO).build());
                bulkhead.tryAcquirePermission();
                return () -> sink = bulkhead.tryAcquirePermission();
            }
            case "time_limiter.timeout": {
                // TimeLimiterImpl.onError(TimeoutException), where each of its APIs reports a timeout (a real one
                // would wait for the limit first: the figure here is the pipeline's, with the library's own cost)
                TimeLimiter limiter = TimeLimiter.of("bench", TimeLimiterConfig.custom()
                        .timeoutDuration(Duration.ofSeconds(2)).build());
                TimeoutException timeout = new TimeoutException("TimeLimiter 'bench' recorded a timeout exception.");
                return () -> limiter.onError(timeout);
            }
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    private static void loop(Call call, long calls, int eventsPerCall) {
        for (long done = 0; done < calls; done += BATCH) {
            while (Emit.queued() + (long) BATCH * eventsPerCall > Emit.capacity()) {
                LockSupport.parkNanos(20_000L);
            }
            long n = Math.min(BATCH, calls - done);
            for (long i = 0; i < n; i++) {
                call.run();
            }
        }
    }

    private static void awaitIdle() {
        while (Emit.queued() > 0) {
            LockSupport.parkNanos(100_000L);
        }
    }
}
