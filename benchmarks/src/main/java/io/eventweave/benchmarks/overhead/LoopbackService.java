package io.eventweave.benchmarks.overhead;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * B5's application: a JDK HTTP server on 127.0.0.1 answering {@code 200 ok}, a JDK {@link HttpClient} calling it, and a
 * Resilience4j circuit breaker around the call: what a small service does when it talks to another one. The same
 * code runs with no agent, with ours and with the OpenTelemetry Java agent.
 */
public final class LoopbackService implements AutoCloseable {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    static {
        // Without TCP_NODELAY on the server's sockets, its response (headers, then body: two small writes) meets the
        // client's delayed ACK on loopback and every exchange takes ~40 ms instead of ~50 µs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    final HttpClient client;
    final HttpRequest request;
    final CircuitBreaker breaker = CircuitBreaker.ofDefaults("downstream");

    public LoopbackService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, OK.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(OK);
            }
        });
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ok"))
                .build();
    }

    /** The URL of its {@code /ok}, for other clients (B9's). */
    public String url() {
        return request.uri().toString();
    }

    /** One request; the status code. */
    int call() {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One request through the circuit breaker; the status code. */
    int callThroughBreaker() {
        return breaker.executeSupplier(this::call);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
