package io.eventweave.it.apps;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A service with known traffic, for the metrics endpoint's test: its own JDK {@code HttpServer} ({@code /ok} answers
 * 200, {@code /fail} 503) called with the JDK {@code HttpClient}:
 * <ul>
 *   <li>{@code ok} plain calls to {@code /ok};</li>
 *   <li>calls to {@code /fail} through the Resilience4j breaker {@code payments} (window of 4 calls, opens at 50 %
 *       failures, stays open for an hour): the first 4 fail and open it, the rest are rejected without a call;</li>
 *   <li>5 permits asked of the rate limiter {@code api} (3 per hour, no wait): 3 acquired, 2 rejected.</li>
 * </ul>
 * It prints its own count of each ({@code count ok=<n> status=200}, {@code count fail=<n> status=503},
 * {@code breaker name=payments state=<state> rejected=<n>}, {@code limiter name=api acquired=<n> rejected=<n>}), then
 * {@code ready}; with {@code --wait} it then stays up until a line arrives on stdin, so a scraper can read it.
 * Args: {@code <ok calls> <guarded calls> [--wait]}.
 */
public final class MetricsApp {
    private MetricsApp() {
    }

    public static void main(String[] args) throws Exception {
        int okCalls = Integer.parseInt(args[0]);
        int guardedCalls = Integer.parseInt(args[1]);
        boolean wait = args.length > 2 && args[2].equals("--wait");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/fail") ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpClient client = HttpClient.newHttpClient();

        int ok = 0;
        for (int i = 0; i < okCalls; i++) {
            if (send(client, base + "/ok") == 200) {
                ok++;
            }
        }
        System.out.println("count ok=" + ok + " status=200");

        CircuitBreaker breaker = CircuitBreaker.of("payments", CircuitBreakerConfig.custom()
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofHours(1)).build());
        int failed = 0;
        int rejected = 0;
        for (int i = 0; i < guardedCalls; i++) {
            try {
                breaker.executeCallable(() -> {
                    int status = send(client, base + "/fail");
                    if (status >= 500) {
                        throw new IOException("status " + status);
                    }
                    return status;
                });
            } catch (CallNotPermittedException e) {
                rejected++;
            } catch (IOException e) {
                failed++;
            }
        }
        System.out.println("count fail=" + failed + " status=503");
        System.out.println("breaker name=payments state=" + breaker.getState() + " rejected=" + rejected);

        RateLimiter limiter = RateLimiter.of("api", RateLimiterConfig.custom().limitForPeriod(3)
                .limitRefreshPeriod(Duration.ofHours(1)).timeoutDuration(Duration.ZERO).build());
        int acquired = 0;
        int refused = 0;
        for (int i = 0; i < 5; i++) {
            if (limiter.acquirePermission()) {
                acquired++;
            } else {
                refused++;
            }
        }
        System.out.println("limiter name=api acquired=" + acquired + " rejected=" + refused);
        System.out.println("ready");
        System.out.flush();
        if (wait) {
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        server.stop(0);
    }

    private static int send(HttpClient client, String uri) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
