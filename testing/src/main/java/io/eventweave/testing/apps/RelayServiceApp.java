package io.eventweave.testing.apps;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A service in the middle: answers {@code /relay/<code>} by calling the downstream service's {@code /status/<code>}
 * and passing its status on; {@code /fail} throws from the handler; {@code /stop} ends the process. Prints
 * {@code listening <port>} once it accepts requests. Usage: {@code RelayServiceApp <downstream port>}
 */
public final class RelayServiceApp {
    private RelayServiceApp() {
    }

    public static void main(String[] args) throws Exception {
        String downstream = "http://127.0.0.1:" + args[0];
        HttpClient client = HttpClient.newHttpClient();
        CountDownLatch stop = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService handlers = Executors.newFixedThreadPool(2);
        server.setExecutor(handlers);
        server.createContext("/relay/", exchange -> {
            String code = exchange.getRequestURI().getPath().substring("/relay/".length());
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(downstream + "/status/" + code)).build(),
                        HttpResponse.BodyHandlers.ofString());
                byte[] body = ("relayed " + response.statusCode() + "\n").getBytes();
                exchange.sendResponseHeaders(response.statusCode(), body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                exchange.close();
            }
        });
        server.createContext("/fail", exchange -> {
            throw new IllegalStateException("handler failed on purpose");
        });
        server.createContext("/stop", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            stop.countDown();
        });
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        stop.await();
        server.stop(0);
        // the /stop exchange is answered, but its handler thread may still be on its way out of the filter chain
        // (where the agent emits the request's event): let the handler threads finish before the process ends
        handlers.shutdown();
        handlers.awaitTermination(10, TimeUnit.SECONDS);
        System.exit(0);
    }
}
