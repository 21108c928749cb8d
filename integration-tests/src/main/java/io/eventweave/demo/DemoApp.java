package io.eventweave.demo;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo: a small "checkout" service that knows nothing about eventweave. It starts a flaky inventory endpoint on
 * 127.0.0.1 (some answers slow, some 503, some 404), then handles 12 orders on a thread pool; each order is an
 * OpenTelemetry span (as in an instrumented service) and calls the endpoint with both JDK HTTP clients. Then it looks
 * up 20 prices from a pricing endpoint that is down for its first 6 requests, through Resilience4j: a circuit breaker
 * (it opens, goes half-open, opens again, then closes), a retry, a rate limiter (a burst at the end waits for
 * permits) and a fallback (a cached price). It prints its own record of what happened ({@code resilience: ...}
 * lines), which the command line's tests compare with the events. Run it under the agent and read the events it
 * wrote: see the README.
 */
public final class DemoApp {
    private DemoApp() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer inventory = flakyInventory();
        String base = "http://127.0.0.1:" + inventory.getAddress().getPort();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService workers = Executors.newFixedThreadPool(3);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> orders = new java.util.ArrayList<>();
        for (int order = 1; order <= 12; order++) {
            int id = order;
            Span span = orderSpan();
            try (Scope ignored = span.makeCurrent()) {
                // the app hands its context to the worker, as OpenTelemetry users do
                orders.add(workers.submit(Context.current().wrap(() -> handleOrder(id, client, base, ok, failed))));
            }
        }
        for (Future<?> f : orders) {
            f.get();
        }
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        System.out.printf("checkout: %d inventory calls succeeded, %d failed%n", ok.get(), failed.get());
        try {
            DemoPrices.lookUp(base, client);
        } finally {
            inventory.stop(0);
        }
        showEvents();
    }

    private static void handleOrder(int id, HttpClient client, String base, AtomicInteger ok, AtomicInteger failed) {
        String item = "/inventory/item-" + id + "?customer=alice";
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + item)).timeout(Duration.ofMillis(400)).build();
            HttpResponse<String> response = id % 2 == 0
                    ? client.send(request, HttpResponse.BodyHandlers.ofString())
                    : client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join();
            (response.statusCode() < 400 ? ok : failed).incrementAndGet();
        } catch (Exception e) {
            failed.incrementAndGet();
        }
        try {
            HttpURLConnection reserve = (HttpURLConnection) new URL(base + "/reserve/item-" + id).openConnection();
            reserve.setRequestMethod("POST");
            reserve.setDoOutput(true);
            reserve.setReadTimeout(400);
            reserve.getOutputStream().write(("{\"order\":" + id + "}").getBytes(StandardCharsets.UTF_8));
            (reserve.getResponseCode() < 400 ? ok : failed).incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
        }
    }

    private static Span orderSpan() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SpanContext context = SpanContext.create(TraceId.fromLongs(random.nextLong(), random.nextLong()),
                SpanId.fromLong(random.nextLong() | 1), TraceFlags.getSampled(), TraceState.getDefault());
        return Span.wrap(context);
    }

    /** 200 most of the time; every 5th request 503, every 7th slow (600 ms: the caller's 400 ms timeout fires). */
    private static HttpServer flakyInventory() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        AtomicInteger count = new AtomicInteger();
        Random jitter = new Random(42);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "inventory");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            int n = count.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/pricing/")) {
                DemoPrices.answer(exchange);
                return;
            }
            int status = path.endsWith("-11") ? 404 : n % 5 == 0 ? 503 : 200;
            try {
                Thread.sleep(n % 7 == 0 ? 600 : 5 + jitter.nextInt(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException clientGone) {
                // the caller timed out
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Shows where the agent writes (its default path) and a few lines, once the drainer has flushed them. */
    private static void showEvents() throws Exception {
        Path file = Paths.get("eventweave-" + ProcessHandle.current().pid() + ".jsonl").toAbsolutePath();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline && (!Files.exists(file) || Files.readAllLines(file).size() < 4)) {
            Thread.sleep(100);
        }
        if (!Files.exists(file)) {
            System.out.println("no event file at " + file + ": was the JVM started with -javaagent:agent/target/eventweave-agent.jar?");
            return;
        }
        System.out.println();
        System.out.println("events: " + file + " (agent.stop is added when the JVM exits)");
        Files.readAllLines(file).stream().filter(l -> l.contains("http.client.request")).limit(3)
                .forEach(System.out::println);
    }
}
