package io.eventweave.instrumentation.failsafe;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.Fallback;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failsafe 3.3 (compiled against 3.3.2, run against 3.3.0 and 3.3.2): prints the library's own view — its policy
 * listeners and return values — as {@code lib <event.name> <policy> <fields...>}. Policies have no name; the agent
 * names them by the line that built them, which this app computes on the same line as {@code build()}.
 */
public final class FailsafeApp {
    private FailsafeApp() {
    }

    public static void main(String[] args) throws Exception {
        circuitBreaker();
        retries();
        fallback();
        rateLimiters();
        timeouts();
        System.out.println("done");
    }

    /** A 50 ms {@code Timeout}: a call within it is no event, a slower one (sync and async) times out. */
    private static void timeouts() throws Exception {
        String[] name = new String[1];
        Timeout<Object> timeout = Timeout.builder(Duration.ofMillis(50))
                .onFailure(e -> lib("time_limiter.timeout " + name[0] + " 50ms "
                        + e.getException().getClass().getName()))
                .build(); name[0] = site();
        Failsafe.with(timeout).get(() -> "on time");
        try {
            Failsafe.with(timeout).get(() -> {
                Thread.sleep(300);
                return "late";
            });
        } catch (TimeoutExceededException expected) {
            // the timeout
        }
        try {
            Failsafe.with(timeout).getAsync(() -> {
                Thread.sleep(300);
                return "late";
            }).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            // the timeout, async
        }
    }

    private static void lib(String line) {
        System.out.println("lib " + line);
    }

    private static void circuitBreaker() throws Exception {
        String[] name = new String[1];
        CircuitBreaker<Object> breaker = CircuitBreaker.builder().handle(IllegalStateException.class)
                .withFailureThreshold(2).withDelay(Duration.ofMillis(200)).withSuccessThreshold(1)
                .onOpen(e -> lib("circuit_breaker.state_change " + name[0] + " " + state(e.getPreviousState()) + " open"))
                .onHalfOpen(e -> lib("circuit_breaker.state_change " + name[0] + " " + state(e.getPreviousState()) + " half_open"))
                .onClose(e -> lib("circuit_breaker.state_change " + name[0] + " " + state(e.getPreviousState()) + " closed"))
                .build(); name[0] = site();
        for (int i = 0; i < 3; i++) { // two failures open it, the third call is rejected
            try {
                Failsafe.with(breaker).run(() -> {
                    throw new IllegalStateException("backend down");
                });
            } catch (CircuitBreakerOpenException e) {
                lib("circuit_breaker.rejected " + name[0] + " open");
            } catch (IllegalStateException expected) {
                // counted by the breaker
            }
        }
        Thread.sleep(300);
        Failsafe.with(breaker).run(() -> { }); // half_open, then closed
        breaker.open(); // forced
        breaker.close();
    }

    private static void retries() {
        String[] name = new String[1];
        RetryPolicy<Object> policy = RetryPolicy.builder().handle(IllegalStateException.class).withMaxAttempts(3)
                .withDelay(Duration.ofMillis(50))
                .onRetry(e -> lib("retry.attempt " + name[0] + " will_retry " + e.getAttemptCount() + " 50ms "
                        + e.getLastException().getClass().getName()))
                .onRetriesExceeded(e -> lib("retry.attempt " + name[0] + " exhausted " + e.getAttemptCount() + " "
                        + e.getException().getClass().getName()))
                .build(); name[0] = site();
        AtomicInteger calls = new AtomicInteger();
        Failsafe.with(policy).get(() -> { // fails twice, then recovers
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("busy");
            }
            return "ok";
        });
        try {
            Failsafe.with(policy).run(() -> {
                throw new IllegalStateException("never");
            });
        } catch (IllegalStateException expected) {
            // retries exhausted
        }
    }

    private static void fallback() {
        String[] name = new String[1];
        Fallback<Object> fallback = Fallback.of(e -> {
            lib("fallback.invoke " + name[0] + " " + e.getLastException().getClass().getName() + " success");
            return "cached";
        }); name[0] = site(-3);
        Failsafe.with(fallback).get(() -> {
            throw new IllegalStateException("down");
        });
    }

    private static void rateLimiters() throws Exception {
        RateLimiter<Object> bursty = RateLimiter.burstyBuilder(2, Duration.ofSeconds(30)).build(); String burstyName = site();
        for (int i = 0; i < 3; i++) {
            lib("rate_limiter.acquire " + burstyName + " " + (bursty.tryAcquirePermit() ? "acquired" : "rejected") + " 1");
        }
        RateLimiter<Object> smooth = RateLimiter.smoothBuilder(Duration.ofMillis(300)).withMaxWaitTime(Duration.ofSeconds(2)).build(); String smoothName = site();
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            smooth.acquirePermit();
            lib("rate_limiter.acquire " + smoothName + " "
                    + ((System.nanoTime() - start) / 1_000_000 >= 100 ? "waited" : "acquired") + " 1");
        }
    }

    private static String site() {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        return caller.getFileName() + ":" + caller.getLineNumber();
    }

    private static String site(int offset) {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        return caller.getFileName() + ":" + (caller.getLineNumber() + offset);
    }

    private static String state(Object state) {
        return state.toString().toLowerCase(Locale.ROOT);
    }
}
