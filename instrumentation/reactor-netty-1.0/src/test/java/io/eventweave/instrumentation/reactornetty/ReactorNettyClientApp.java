package io.eventweave.instrumentation.reactornetty;

import io.eventweave.testing.apps.HttpClientApp;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Makes the calls named on its command line with Reactor Netty's {@code HttpClient}, one after the other, blocking
 * on each from the main thread (the subscribing thread), and prints what the library itself gave the application:
 * the response status, or the class of the exception the {@code Mono} failed with.
 *
 * <p>Usage as {@link HttpClientApp}: {@code <port> reactor:<method>:<path>[:<option>] ...}; path {@code refused}
 * targets a closed port; options {@code timeout} ({@code responseTimeout} of 300 ms), {@code cancel} (the
 * application's own {@code timeout(300 ms)} on the response {@code Mono}, which cancels the call) and
 * {@code own-traceparent}.
 */
public final class ReactorNettyClientApp {
    private ReactorNettyClientApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpClient client = HttpClient.create().followRedirect(true);
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split(":");
            String method = parts[1];
            String path = parts[2];
            String option = parts.length > 3 ? parts[3] : "";
            String url = path.equals("refused") ? "http://127.0.0.1:" + closedPort + "/refused"
                    : "http://127.0.0.1:" + port + path;
            HttpClient call = client;
            if (option.equals("timeout")) {
                call = call.responseTimeout(Duration.ofMillis(300));
            }
            if (option.equals("own-traceparent")) {
                call = call.headers(h -> h.set("traceparent", HttpClientApp.OWN_TRACEPARENT));
            }
            String result;
            try {
                HttpClient.RequestSender sender = call.request(HttpMethod.valueOf(method)).uri(url);
                HttpClient.ResponseReceiver<?> receiver = method.equals("POST")
                        ? sender.send(ByteBufFlux.fromString(Mono.just("hello"))) : sender;
                Mono<Integer> response = receiver.responseSingle((r, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> r.status().code()));
                if (option.equals("cancel")) {
                    // the application gives up before the response: Reactor's timeout cancels the subscription
                    response = response.timeout(Duration.ofMillis(300));
                }
                Integer status = response.block();
                result = String.valueOf(status);
            } catch (Throwable e) {
                result = Exceptions.unwrap(e).getClass().getName();
            }
            System.out.println(i + " " + args[i] + " -> " + result);
        }
    }
}
