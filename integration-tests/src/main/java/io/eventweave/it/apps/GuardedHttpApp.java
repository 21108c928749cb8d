package io.eventweave.it.apps;

import dev.failsafe.Failsafe;
import dev.failsafe.Fallback;
import dev.failsafe.RetryPolicy;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.decorators.Decorators;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service that calls a flaky HTTP dependency through Resilience4j 2.x guards, as services do, knowing nothing of
 * eventweave. It prints its own view of every HTTP call it makes —
 * {@code call scenario=<s> path=<p> status=<code> attempt=<n> breaker=<state>} — and how each scenario ended —
 * {@code result scenario=<s> value=<v>} — for the test to compare with the events. Scenarios:
 * <ul>
 *   <li>{@code recovers}: breaker + retry (3 attempts) + fallback around an OkHttp call, the dependency fails twice
 *       then answers;</li>
 *   <li>{@code fails}: the same, the dependency always fails: the retry gives up and the fallback answers;</li>
 *   <li>{@code async}: an async retry ({@code withRetry(retry, scheduler)}) around {@code sendAsync}, failing twice:
 *       the later attempts run on the retry's scheduler;</li>
 *   <li>{@code limited}: rate limiter (1 permit per 2 seconds) + bulkhead around a checked supplier, called twice, so
 *       the second call waits for its permit;</li>
 *   <li>{@code executed}: {@code breaker.executeCheckedSupplier} (as the Spring aspects call it), no builder;</li>
 *   <li>{@code failsafe}: Failsafe 3.3 fallback + retry policy (3 attempts) + circuit breaker, always failing: the
 *       fallback answers;</li>
 *   <li>{@code failsafe-limited}: a Failsafe rate limiter (1 permit per second) + bulkhead, called twice;</li>
 *   <li>{@code plain}: a call outside any guard, after all the others.</li>
 * </ul>
 * Args: the dependency's base URL.
 */
public final class GuardedHttpApp {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final okhttp3.OkHttpClient OK_HTTP = new okhttp3.OkHttpClient();
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    private static String base;
    private static CircuitBreaker breaker;

    private GuardedHttpApp() {
    }

    public static void main(String[] args) throws Throwable {
        base = args[0];
        breaker = CircuitBreaker.of("inventory", CircuitBreakerConfig.custom()
                .slidingWindowSize(20).minimumNumberOfCalls(20).build()); // stays closed in this run
        Retry retry = Retry.of("inventory-retry", RetryConfig.custom().maxAttempts(3)
                .waitDuration(Duration.ofMillis(20)).build());
        Bulkhead bulkhead = Bulkhead.of("inventory-bulkhead", BulkheadConfig.ofDefaults());

        for (String scenario : new String[] {"recovers", "fails"}) {
            String path = "/flaky/" + scenario + "/" + (scenario.equals("recovers") ? 2 : 99);
            String value = Decorators.ofSupplier(() -> callOkHttp(scenario, path))
                    .withCircuitBreaker(breaker).withRetry(retry)
                    .withFallback(failure -> "fallback").get();
            result(scenario, value);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        result("async", Decorators.ofCompletionStage(() -> callAsync("async", "/flaky/async/2"))
                .withRetry(retry, scheduler).get().toCompletableFuture().join());
        scheduler.shutdown();
        OK_HTTP.dispatcher().executorService().shutdown();
        // made now, so that its first period starts with the first call: the second, right after, waits for the next
        RateLimiter limiter = RateLimiter.of("inventory-limiter", RateLimiterConfig.custom().limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofSeconds(2)).timeoutDuration(Duration.ofSeconds(5)).build());
        for (int i = 0; i < 2; i++) {
            result("limited", Decorators.ofCheckedSupplier(() -> call("limited", "/status/200"))
                    .withRateLimiter(limiter).withBulkhead(bulkhead).get());
        }
        result("executed", breaker.executeCheckedSupplier(() -> call("executed", "/status/200")));

        dev.failsafe.CircuitBreaker<Object> failsafeBreaker = dev.failsafe.CircuitBreaker.builder()
                .withFailureThreshold(20).build();
        RetryPolicy<Object> failsafeRetry = RetryPolicy.builder().withMaxAttempts(3)
                .withDelay(Duration.ofMillis(20)).build();
        Fallback<Object> failsafeFallback = Fallback.of("fallback");
        result("failsafe", String.valueOf(Failsafe.with(failsafeFallback, failsafeRetry, failsafeBreaker)
                .get(() -> call("failsafe", "/flaky/failsafe/99"))));
        dev.failsafe.RateLimiter<Object> failsafeLimiter = dev.failsafe.RateLimiter.smoothBuilder(1,
                Duration.ofSeconds(1)).withMaxWaitTime(Duration.ofSeconds(5)).build();
        dev.failsafe.Bulkhead<Object> failsafeBulkhead = dev.failsafe.Bulkhead.builder(10).build();
        for (int i = 0; i < 2; i++) {
            result("failsafe-limited", String.valueOf(Failsafe.with(failsafeLimiter, failsafeBulkhead)
                    .get(() -> call("failsafe-limited", "/status/200"))));
        }
        result("plain", call("plain", "/status/200"));
    }

    /** One HTTP call; a 5xx is a failure the guards see (an exception), as a service's client would make it. */
    private static String call(String scenario, String path) {
        int attempt = ATTEMPTS.computeIfAbsent(scenario, s -> new AtomicInteger()).incrementAndGet();
        String state = breaker.getState().name();
        int status;
        try {
            status = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.println("call scenario=" + scenario + " path=" + path + " status=" + status + " attempt=" + attempt
                + " breaker=" + state);
        if (status >= 500) {
            throw new IllegalStateException("status " + status);
        }
        return "ok";
    }

    /** The same call with OkHttp. */
    private static String callOkHttp(String scenario, String path) {
        int attempt = ATTEMPTS.computeIfAbsent(scenario, s -> new AtomicInteger()).incrementAndGet();
        String state = breaker.getState().name();
        int status;
        try (okhttp3.Response response = OK_HTTP.newCall(new okhttp3.Request.Builder().url(base + path).build())
                .execute()) {
            status = response.code();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("call scenario=" + scenario + " path=" + path + " status=" + status + " attempt=" + attempt
                + " breaker=" + state);
        if (status >= 500) {
            throw new IllegalStateException("status " + status);
        }
        return "ok";
    }

    /** The same call with {@code sendAsync}: the request starts in the supplier, its answer comes later. */
    private static CompletionStage<String> callAsync(String scenario, String path) {
        int attempt = ATTEMPTS.computeIfAbsent(scenario, s -> new AtomicInteger()).incrementAndGet();
        String state = breaker.getState().name();
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
                    int status = response.statusCode();
                    System.out.println("call scenario=" + scenario + " path=" + path + " status=" + status
                            + " attempt=" + attempt + " breaker=" + state);
                    if (status >= 500) {
                        throw new IllegalStateException("status " + status);
                    }
                    return "ok";
                });
    }

    private static void result(String scenario, String value) {
        System.out.println("result scenario=" + scenario + " value=" + value);
    }
}
