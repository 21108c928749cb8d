package io.eventweave.it.apps;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.decorators.Decorators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A service that is already busy when the agent is attached to it: every 100 ms, a JDK {@code HttpClient} call to a
 * local endpoint through a Resilience4j circuit breaker ({@code backend}), printing {@code call <n> status <code>};
 * for the seconds given as its argument, then {@code done}. Started without the agent (AttachIT attaches it).
 */
public final class LongRunningApp {
    private LongRunningApp() {
    }

    public static void main(String[] args) throws Exception {
        long until = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        HttpClient client = HttpClient.newHttpClient();
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("backend");
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work");
        for (int n = 1; System.nanoTime() < until; n++) {
            int status = Decorators.ofSupplier(() -> {
                try {
                    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }).withCircuitBreaker(breaker).get();
            System.out.println("call " + n + " status " + status);
            Thread.sleep(100);
        }
        server.stop(0);
        System.out.println("done");
    }
}
