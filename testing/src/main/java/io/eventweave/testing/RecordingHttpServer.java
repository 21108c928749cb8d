package io.eventweave.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (random port) that records every request it receives, with the
 * {@code traceparent} header: the ground truth the events are compared with.
 *
 * <ul>
 *   <li>{@code /status/<code>}: answers with that status and a short body</li>
 *   <li>{@code /slow/<ms>}: waits, then answers 200</li>
 *   <li>{@code /echo}: answers 200 with the request body</li>
 *   <li>{@code /redirect/<code>}: answers 302 with Location {@code /status/<code>}</li>
 *   <li>{@code /flaky/<key>/<n>}: 503 to the first {@code n} requests for {@code key}, 200 after</li>
 * </ul>
 */
public final class RecordingHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();

    public RecordingHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recording-http-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("traceparent"),
                exchange.getRequestHeaders().get("traceparent") == null ? 0
                        : exchange.getRequestHeaders().get("traceparent").size()));
        try {
            if (path.startsWith("/status/")) {
                respond(exchange, Integer.parseInt(path.substring("/status/".length())), "status\n".getBytes());
            } else if (path.startsWith("/slow/")) {
                Thread.sleep(Long.parseLong(path.substring("/slow/".length())));
                respond(exchange, 200, "slow\n".getBytes());
            } else if (path.startsWith("/flaky/")) {
                String[] parts = path.split("/");
                int seen = flaky.computeIfAbsent(parts[2], k -> new AtomicInteger()).getAndIncrement();
                boolean fail = seen < Integer.parseInt(parts[3]);
                respond(exchange, fail ? 503 : 200, (fail ? "unavailable\n" : "ok\n").getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/echo")) {
                respond(exchange, 200, body);
            } else if (path.startsWith("/redirect/")) {
                exchange.getResponseHeaders().add("Location", "/status/" + path.substring("/redirect/".length()));
                respond(exchange, 302, new byte[0]);
            } else {
                respond(exchange, 404, "no such path\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the client timed out and closed the connection
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One request as the server saw it. */
    public static final class Request {
        public final String method;
        public final String path;
        public final String query;
        public final String traceparent;
        public final int traceparentCount;

        Request(String method, String path, String query, String traceparent, int traceparentCount) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.traceparent = traceparent;
            this.traceparentCount = traceparentCount;
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query) + " traceparent=" + traceparent;
        }
    }
}
