package io.eventweave.instrumentation.resilience4j;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.SemaphoreBasedRateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Drives Resilience4j (compiled against 2.x, run against 1.7.x and 2.x) through a scenario per part and prints the
 * library's own view of it — from its event publishers and return values — one line per event, as
 * {@code lib <event.name> <name> <fields...>}. Nothing printed depends on timing or the agent.
 */
public final class Resilience4jApp {
    /** Retries made before the next ignored error, as the scenario knows them (the library's event says 0). */
    private static final AtomicInteger IGNORED_AFTER = new AtomicInteger();

    private Resilience4jApp() {
    }

    public static void main(String[] args) throws Exception {
        circuitBreaker();
        rateLimiters();
        retries();
        bulkheads();
        decoratorFallbacks();
        timeLimiters();
        System.out.println("done");
        System.exit(0); // the semaphore-based limiter keeps a scheduler thread
    }

    /**
     * A time limiter of 50 ms: with futures (the timeout seen by the caller's {@code future.get}) and with completion
     * stages (the limiter's scheduled timeout completes the stage); a call within the limit is no event.
     */
    private static void timeLimiters() throws Exception {
        ExecutorService workers = Executors.newCachedThreadPool();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            TimeLimiter quotes = timed(TimeLimiter.of("quotes-timeout", TimeLimiterConfig.custom()
                    .timeoutDuration(Duration.ofMillis(50)).build()));
            quotes.executeFutureSupplier(() -> workers.submit(() -> "on time"));
            try {
                quotes.executeFutureSupplier(() -> workers.submit(() -> {
                    Thread.sleep(2_000);
                    return "late";
                }));
            } catch (TimeoutException expected) {
                // the limiter's timeout; it cancels the running future
            }
            try {
                quotes.executeCompletionStage(scheduler, () -> CompletableFuture.supplyAsync(() -> {
                    sleep(2_000);
                    return "late";
                }, workers)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // the stage failed with the limiter's TimeoutException
            }
        } finally {
            workers.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    /** Prints the limiter's own timeout events, with the limit it was configured with. */
    private static TimeLimiter timed(TimeLimiter limiter) {
        String name = limiter.getName();
        limiter.getEventPublisher().onTimeout(e -> lib("time_limiter.timeout " + name + " "
                + limiter.getTimeLimiterConfig().getTimeoutDuration().toMillis() + "ms "
                + TimeoutException.class.getName()));
        return limiter;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void lib(String line) {
        System.out.println("lib " + line);
    }

    private static void circuitBreaker() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("payments", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(4)
                .minimumNumberOfCalls(4).failureRateThreshold(50).waitDurationInOpenState(Duration.ofMillis(200))
                .permittedNumberOfCallsInHalfOpenState(2).build());
        breaker.getEventPublisher().onStateTransition(e -> lib("circuit_breaker.state_change payments "
                + state(e.getStateTransition().getFromState()) + " " + state(e.getStateTransition().getToState())
                + rate(breaker.getMetrics().getFailureRate())));
        // Rejections as the caller sees them (the library does not publish its not-permitted event while forced
        // open or disabled, yet the call is rejected all the same).
        Runnable rejected = () -> lib("circuit_breaker.rejected payments " + state(breaker.getState()));
        for (int i = 0; i < 4; i++) { // closed -> open
            try {
                breaker.executeSupplier(() -> {
                    throw new IllegalStateException("payment service down");
                });
            } catch (IllegalStateException expected) {
                // the failure the breaker counts
            }
        }
        for (int i = 0; i < 2; i++) { // rejected through the decorator (acquirePermission)
            try {
                breaker.executeSupplier(() -> "never called");
            } catch (CallNotPermittedException expected) {
                rejected.run();
            }
        }
        if (!breaker.tryAcquirePermission()) { // rejected through the public try method
            rejected.run();
        }
        Thread.sleep(300); // open -> half_open on the next call
        breaker.executeSupplier(() -> "ok");
        breaker.executeSupplier(() -> "ok"); // half_open -> closed
        breaker.transitionToForcedOpenState();
        try {
            breaker.executeRunnable(() -> { });
        } catch (CallNotPermittedException expected) {
            rejected.run(); // while forced open
        }
        breaker.transitionToDisabledState();
        breaker.transitionToMetricsOnlyState();
        breaker.reset(); // metrics_only -> closed, published by reset()
    }

    private static void rateLimiters() throws Exception {
        RateLimiter inventory = RateLimiter.of("inventory", RateLimiterConfig.custom().limitForPeriod(2)
                .limitRefreshPeriod(Duration.ofSeconds(30)).timeoutDuration(Duration.ZERO).build());
        for (int i = 0; i < 3; i++) { // acquired, acquired, rejected
            acquire(inventory, 1);
        }
        RateLimiter search = RateLimiter.of("search", RateLimiterConfig.custom().limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofMillis(400)).timeoutDuration(Duration.ofSeconds(2)).build());
        acquire(search, 1); // acquired
        acquire(search, 1); // waits for the next period
        RateLimiter batch = RateLimiter.of("batch", RateLimiterConfig.custom().limitForPeriod(5)
                .limitRefreshPeriod(Duration.ofSeconds(30)).timeoutDuration(Duration.ZERO).build());
        acquire(batch, 3); // acquired, 3 permits
        acquire(batch, 3); // rejected: 2 left
        RateLimiter orders = new SemaphoreBasedRateLimiter("orders", RateLimiterConfig.custom().limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofSeconds(30)).timeoutDuration(Duration.ofMillis(100)).build());
        acquire(orders, 1); // acquired
        acquire(orders, 1); // rejected after waiting 100 ms
    }

    private static void acquire(RateLimiter limiter, int permits) {
        long start = System.nanoTime();
        boolean acquired = limiter.acquirePermission(permits);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        String result = !acquired ? "rejected" : waitedMs >= 100 ? "waited" : "acquired";
        lib("rate_limiter.acquire " + limiter.getName() + " " + result + " " + permits);
    }

    private static void retries() throws Exception {
        Retry quotes = observed(Retry.of("quotes", RetryConfig.custom().maxAttempts(3)
                .waitDuration(Duration.ofMillis(50)).build()));
        AtomicInteger calls = new AtomicInteger();
        quotes.executeSupplier(() -> { // fails twice, then recovers
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("quote service busy");
            }
            return "quote";
        });
        try {
            quotes.executeSupplier(() -> { // never recovers
                throw new UnsupportedOperationException("no quotes today");
            });
        } catch (UnsupportedOperationException expected) {
            // exhausted
        }
        quotes.executeSupplier(() -> "first time right"); // no retry event at all

        checkedRetries();
        resultRetries();
        negativeIntervals();
        asyncRetries();
    }

    /** Checked exceptions go through the context's {@code onError}, unchecked ones through {@code onRuntimeError}. */
    private static void checkedRetries() throws Exception {
        Retry files = observed(Retry.of("files", RetryConfig.custom().maxAttempts(3)
                .waitDuration(Duration.ofMillis(20)).ignoreExceptions(IllegalArgumentException.class).build()));
        AtomicInteger reads = new AtomicInteger();
        files.executeCallable(() -> { // fails once, then recovers
            if (reads.incrementAndGet() < 2) {
                throw new IOException("disk busy");
            }
            return "read";
        });
        try {
            files.executeCallable(() -> { // never recovers
                throw new FileNotFoundException("no such file");
            });
        } catch (FileNotFoundException expected) {
            // exhausted
        }
        try {
            files.executeCallable(() -> { // ignored: not retried; the library reports an ignored error
                throw new IllegalArgumentException("bad path");
            });
        } catch (IllegalArgumentException expected) {
            // not retried
        }
        AtomicInteger opens = new AtomicInteger();
        IGNORED_AFTER.set(1); // the app's own count: one retried failure comes before the ignored one
        try {
            files.executeCallable(() -> { // retried once, then a failure the retry ignores ends the call
                if (opens.incrementAndGet() < 2) {
                    throw new IOException("disk busy");
                }
                throw new IllegalArgumentException("bad path");
            });
        } catch (IllegalArgumentException expected) {
            // not retried
        }
        try {
            files.executeRunnable(() -> { // unchecked: through onRuntimeError
                throw new IllegalArgumentException("bad mode");
            });
        } catch (IllegalArgumentException expected) {
            // not retried
        }
    }

    /** {@code retryOnResult}: the retried attempts have no failure; exhausting them fails with the last exception. */
    private static void resultRetries() {
        Retry stock = observed(Retry.of("stock", RetryConfig.<String>custom().maxAttempts(3)
                .waitDuration(Duration.ofMillis(20)).retryOnResult("pending"::equals).build()));
        AtomicInteger polls = new AtomicInteger();
        stock.executeSupplier(() -> polls.incrementAndGet() < 3 ? "pending" : "ready"); // succeeds on the third
        stock.executeSupplier(() -> "pending"); // exhausted: MaxRetriesExceeded, no exception thrown
        AtomicInteger mixed = new AtomicInteger();
        stock.executeSupplier(() -> { // a failure, then results: exhausted with the failure
            if (mixed.incrementAndGet() == 1) {
                throw new IllegalStateException("stock service busy");
            }
            return "pending";
        });
        Retry strict = observed(Retry.of("strict", RetryConfig.<String>custom().maxAttempts(2)
                .waitDuration(Duration.ofMillis(20)).retryOnResult("pending"::equals).failAfterMaxAttempts(true)
                .build()));
        AtomicInteger strictCalls = new AtomicInteger();
        try {
            strict.executeSupplier(() -> { // a failure, then a result: exhausted with MaxRetriesExceeded, thrown
                if (strictCalls.incrementAndGet() == 1) {
                    throw new IllegalStateException("strict service busy");
                }
                return "pending";
            });
        } catch (RuntimeException expected) {
            System.out.println("thrown " + expected.getClass().getName());
        }
    }

    /**
     * An interval function that answers a negative wait: 1.x and 2.0-2.1 report a retry with that wait, 2.2 and later
     * report the retries exhausted (except for a result of the async context); either way the call fails.
     */
    private static void negativeIntervals() throws Exception {
        Retry never = observed(Retry.of("never", RetryConfig.<String>custom().maxAttempts(3)
                .intervalFunction(attempt -> -1L).retryOnResult("pending"::equals).build()));
        try {
            never.executeSupplier(() -> {
                throw new IllegalStateException("never service busy");
            });
        } catch (RuntimeException expected) {
            // the sleep refused the wait
        }
        try {
            never.executeSupplier(() -> "pending");
        } catch (RuntimeException expected) {
            // the sleep refused the wait
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            await(never.executeCompletionStage(scheduler, () -> failed(new IllegalStateException("never async"))));
            await(never.executeCompletionStage(scheduler, () -> CompletableFuture.completedFuture("pending")));
        } finally {
            scheduler.shutdown();
        }
    }

    /** {@code executeCompletionStage}: the async context, its first attempt on this thread, the others on the scheduler's. */
    private static void asyncRetries() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            Retry rates = observed(Retry.of("rates", RetryConfig.<String>custom().maxAttempts(3)
                    .waitDuration(Duration.ofMillis(20)).retryOnResult("pending"::equals).build()));
            AtomicInteger calls = new AtomicInteger();
            await(rates.executeCompletionStage(scheduler, () -> calls.incrementAndGet() < 3 // fails twice, then recovers
                    ? failed(new IllegalStateException("rate service busy"))
                    : CompletableFuture.completedFuture("rate")));
            await(rates.executeCompletionStage(scheduler, () -> failed(new UnsupportedOperationException("no rates"))));
            AtomicInteger polls = new AtomicInteger();
            await(rates.executeCompletionStage(scheduler, () -> CompletableFuture.completedFuture(
                    polls.incrementAndGet() < 3 ? "pending" : "ready"))); // succeeds on the third
            await(rates.executeCompletionStage(scheduler, () -> CompletableFuture.completedFuture("pending")));
            AtomicInteger mixed = new AtomicInteger();
            await(rates.executeCompletionStage(scheduler, () -> mixed.incrementAndGet() == 1 // a failure, then results
                    ? failed(new IllegalStateException("rate service busy"))
                    : CompletableFuture.completedFuture("pending")));
            Retry strict = observed(Retry.of("rates-strict", RetryConfig.custom().maxAttempts(3)
                    .waitDuration(Duration.ofMillis(20)).ignoreExceptions(IllegalArgumentException.class).build()));
            await(strict.executeCompletionStage(scheduler, () -> failed(new IllegalArgumentException("bad currency"))));
        } finally {
            scheduler.shutdown();
        }
    }

    private static CompletionStage<String> failed(Throwable failure) {
        CompletableFuture<String> future = new CompletableFuture<>();
        future.completeExceptionally(failure);
        return future;
    }

    /** Waits for the async call to finish, whatever its outcome: the next call's events must come after its own. */
    private static void await(CompletionStage<?> stage) throws InterruptedException {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException expected) {
            // failed after its retries
        } catch (TimeoutException e) {
            throw new IllegalStateException("async retry did not finish", e);
        }
    }

    /**
     * Prints the retry's own events in the format of {@code LibraryView.line}: its retries (with the wait and the
     * failure, none for a result), its exhaustion, its success after retries and its ignored errors.
     */
    private static Retry observed(Retry retry) {
        String name = retry.getName();
        // a negative wait (1.x; 2.x for an async result) is no time to wait: the event has no retry.wait, which
        // LibraryView.line shows as 0ms
        retry.getEventPublisher().onRetry(e -> lib("retry.attempt " + name + " will_retry "
                + e.getNumberOfRetryAttempts() + " " + Math.max(0, e.getWaitInterval().toMillis()) + "ms "
                + type(e.getLastThrowable())));
        retry.getEventPublisher().onError(e -> lib("retry.attempt " + name + " exhausted "
                + e.getNumberOfRetryAttempts() + " " + type(e.getLastThrowable())));
        retry.getEventPublisher().onSuccess(e -> lib("retry.attempt " + name + " succeeded "
                + e.getNumberOfRetryAttempts()));
        // the library's ignored-error event always says 0 attempts; ours says how many retries came before, which
        // the scenarios print themselves where it is not 0 (see checkedRetries)
        retry.getEventPublisher().onIgnoredError(e -> lib("retry.attempt " + name + " ignored "
                + IGNORED_AFTER.getAndSet(0) + " " + type(e.getLastThrowable())));
        return retry;
    }

    private static String type(Throwable failure) {
        return failure == null ? "" : failure.getClass().getName();
    }

    private static void bulkheads() throws Exception {
        Bulkhead reports = Bulkhead.of("reports", BulkheadConfig.custom().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ZERO).build());
        reports.getEventPublisher().onCallRejected(e -> lib("bulkhead.rejected reports"));
        reports.tryAcquirePermission();
        reports.tryAcquirePermission(); // rejected
        try {
            reports.acquirePermission(); // rejected, throws
        } catch (BulkheadFullException expected) {
            // full
        }
        reports.onComplete();

        ThreadPoolBulkhead exports = ThreadPoolBulkhead.of("exports", ThreadPoolBulkheadConfig.custom()
                .maxThreadPoolSize(1).coreThreadPoolSize(1).queueCapacity(1).build());
        exports.getEventPublisher().onCallRejected(e -> lib("bulkhead.rejected exports"));
        CountDownLatch release = new CountDownLatch(1);
        exports.submit(() -> {
            release.await();
            return "running";
        });
        exports.submit(() -> "queued");
        try {
            exports.submit(() -> "no room"); // rejected
        } catch (BulkheadFullException expected) {
            // full
        }
        release.countDown();
        exports.close();
    }

    /**
     * Fallbacks of {@code Decorators}: the app's own handlers print what they were given. A fallback is named by the
     * line that called {@code withFallback}, which {@link #site()} gives from the same line.
     */
    private static void decoratorFallbacks() {
        CircuitBreaker guarded = CircuitBreaker.ofDefaults("guarded");
        String[] name = new String[1];
        Supplier<String> cached = Decorators.ofSupplier(Resilience4jApp::failingLookup).withCircuitBreaker(guarded)
                .withFallback(t -> fallback(name[0], t, "cached")).decorate(); name[0] = site(0);
        cached.get();
        cached.get();
        String[] typed = new String[1];
        Supplier<String> onlyState = Decorators.ofSupplier(Resilience4jApp::failingLookup)
                .withFallback(List.of(IllegalStateException.class), t -> fallback(typed[0], t, "typed")).decorate(); typed[0] = site(0);
        onlyState.get();
        String[] both = new String[1];
        AtomicInteger call = new AtomicInteger();
        Supplier<String> sometimes = Decorators.ofSupplier(() -> call.incrementAndGet() == 1 ? "fine" : failingLookup())
                .withFallback((result, t) -> t == null ? result : fallback(both[0], t, "both")).decorate(); both[0] = site(0);
        sometimes.get(); // no fallback: the call succeeded
        sometimes.get();
        String[] failingName = new String[1];
        Supplier<String> failing = Decorators.ofSupplier(Resilience4jApp::failingLookup)
                .withFallback((Function<Throwable, String>) t -> {
                    lib("fallback.invoke " + failingName[0] + " " + t.getClass().getName() + " failure");
                    throw new IllegalArgumentException("no fallback value");
                }).decorate(); failingName[0] = site(-3);
        try {
            failing.get();
        } catch (IllegalArgumentException expected) {
            // the fallback itself failed
        }
    }

    private static String failingLookup() {
        throw new IllegalStateException("lookup failed");
    }

    private static String fallback(String name, Throwable trigger, String value) {
        lib("fallback.invoke " + name + " " + trigger.getClass().getName() + " success");
        return value;
    }

    /** {@code File.java:line} of the caller's line plus {@code offset}. */
    private static String site(int offset) {
        StackTraceElement caller = new Throwable().getStackTrace()[1];
        return caller.getFileName() + ":" + (caller.getLineNumber() + offset);
    }

    private static String state(Object state) {
        return state.toString().toLowerCase(Locale.ROOT);
    }

    private static String rate(float failureRate) {
        return failureRate >= 0 ? " " + failureRate : "";
    }
}
