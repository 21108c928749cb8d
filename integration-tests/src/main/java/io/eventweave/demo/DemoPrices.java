package io.eventweave.demo;

import com.sun.net.httpserver.HttpExchange;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's price look-ups: a pricing endpoint down for its first 6 requests, called through a Resilience4j circuit
 * breaker ({@code pricing}: a window of 4 calls, open at 50 % failures, half-open after 300 ms with 2 trial calls), a
 * retry ({@code pricing-retry}: 2 attempts), a rate limiter ({@code pricing-limiter}: 5 permits per 200 ms) and a
 * fallback (a cached price). After the breaker opens, one look-up meets it open (refused, the fallback answers), then
 * the demo waits for it to go half-open. What it did, from the libraries' own event publishers, is printed as
 * {@code resilience: key=value} lines.
 */
final class DemoPrices {
    private static final int DOWN_FOR = 6;
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    private DemoPrices() {
    }

    /** The endpoint: 503 for its first {@link #DOWN_FOR} requests, then a price. */
    static void answer(HttpExchange exchange) throws IOException {
        int n = REQUESTS.incrementAndGet();
        int status = n <= DOWN_FOR ? 503 : 200;
        byte[] body = (status == 200 ? "{\"price\":42}" : "{\"error\":\"down\"}").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    static void lookUp(String base, HttpClient client) throws InterruptedException {
        CircuitBreaker breaker = CircuitBreaker.of("pricing", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(4)
                .minimumNumberOfCalls(4).failureRateThreshold(50).waitDurationInOpenState(Duration.ofMillis(300))
                .permittedNumberOfCallsInHalfOpenState(2).automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        Retry retry = Retry.of("pricing-retry", RetryConfig.custom().maxAttempts(2)
                .waitDuration(Duration.ofMillis(10)).build());
        RateLimiter limiter = RateLimiter.of("pricing-limiter", RateLimiterConfig.custom().limitForPeriod(5)
                .limitRefreshPeriod(Duration.ofMillis(200)).timeoutDuration(Duration.ofSeconds(2)).build());
        List<String> transitions = new ArrayList<>();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger fallbacks = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        breaker.getEventPublisher().onStateTransition(e -> transitions.add(e.getStateTransition().getFromState()
                + "->" + e.getStateTransition().getToState()));
        breaker.getEventPublisher().onCallNotPermitted(e -> rejected.incrementAndGet());
        int lookups = 20;
        for (int i = 1; i <= lookups; i++) {
            int item = i;
            int rejectedBefore = rejected.get();
            Decorators.ofSupplier(() -> {
                calls.incrementAndGet();
                return price(client, base + "/pricing/item-" + item);
            }).withCircuitBreaker(breaker).withRetry(retry).withRateLimiter(limiter)
                    .withFallback(List.of(IOException.class, UncheckedIOException.class,
                            CallNotPermittedException.class), e -> {
                                fallbacks.incrementAndGet();
                                return "cached";
                            })
                    .get();
            if (breaker.getState() == CircuitBreaker.State.OPEN && rejected.get() > rejectedBefore) {
                // one look-up has met the open breaker (its calls refused, the fallback answered); wait past the
                // breaker's wait in the open state: the next call finds it half-open
                Thread.sleep(350);
            }
        }
        System.out.println("resilience: lookups=" + lookups + " calls=" + calls.get() + " fallbacks="
                + fallbacks.get() + " rejected=" + rejected.get());
        System.out.println("resilience: breaker=pricing transitions=" + String.join(",", transitions)
                + " state=" + breaker.getState());
        System.out.println("resilience: retry=pricing-retry exhausted="
                + retry.getMetrics().getNumberOfFailedCallsWithRetryAttempt() + " succeeded_after_retry="
                + retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt());
    }

    private static String price(HttpClient client, String url) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw new UncheckedIOException(new IOException("pricing answered " + response.statusCode()));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
