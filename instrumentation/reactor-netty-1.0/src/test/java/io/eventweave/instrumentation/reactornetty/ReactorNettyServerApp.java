package io.eventweave.instrumentation.reactornetty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * A Reactor Netty {@code HttpServer} on 127.0.0.1 (port 0) whose routes answer 200, 404, 500, fail with an exception
 * (from the publisher, or thrown by the handler itself), answer too late for the client, or call a downstream server
 * ({@code args[0]}, its port) with the Reactor Netty client from inside the handler (once, twice in sequence, after
 * reading the request body). The app sends each {@link ServerCall} with the JDK {@code HttpClient} and prints, per
 * call, what its handler saw (the library's view: method, path, the {@code traceparent} received) and what the JDK
 * client got (the status, or the exception's class).
 */
public final class ReactorNettyServerApp {
    private ReactorNettyServerApp() {
    }

    private static Mono<Integer> status(HttpClient client, String url) {
        return client.get().uri(url).responseSingle((r, body) -> body.asString().defaultIfEmpty("")
                .map(text -> r.status().code()));
    }

    public static void main(String[] args) throws Exception {
        String downstream = "http://127.0.0.1:" + args[0] + "/status/200";
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        HttpClient client = HttpClient.create();
        HttpServerRoutes routes = HttpServerRoutes.newRoutes()
                        .get("/ok", (req, res) -> {
                            seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                            return res.status(200).sendString(Mono.just("ok"));
                        })
                        .get("/fail", (req, res) -> {
                            seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                            return res.status(500).sendString(Mono.just("fail"));
                        })
                        .get("/throw", (req, res) -> {
                            seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                            return Mono.defer(() -> Mono.error(new IllegalStateException("thrown by the handler")));
                        })
                        .get("/downstream", (req, res) -> {
                            seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                            return res.sendString(client.get().uri(downstream)
                                    .responseSingle((r, body) -> body.asString().defaultIfEmpty("")
                                            .map(text -> "downstream " + r.status().code())));
                        })
                        .get("/missing", (req, res) -> {
                            seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                            return res.sendNotFound();
                        })
                        .get("/hang", (req, res) -> {
                            seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                            return res.sendString(Mono.delay(Duration.ofSeconds(3)).map(x -> "late"));
                        })
                        .get("/chained", (req, res) -> {
                            seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                            return res.sendString(status(client, downstream).flatMap(first -> status(client, downstream)
                                    .map(second -> "downstream " + first + " then " + second)));
                        })
                        .post("/body", (req, res) -> {
                            seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                            return res.sendString(req.receive().aggregate().asString()
                                    .flatMap(body -> status(client, downstream).map(s -> body + " " + s)));
                        });
        // the routes catch what a route's handler throws (a 500); a handler given to handle() directly does not
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> {
                    if (req.uri().equals("/throw-sync")) {
                        seen.add(req.method().name() + " " + req.uri() + " " + req.requestHeaders().get("traceparent"));
                        throw new IllegalStateException("thrown before any publisher");
                    }
                    return routes.apply(req, res);
                })
                .bindNow();
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
        try {
            for (ServerCall call : ServerCall.values()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + call.path)).timeout(Duration.ofMillis(
                        call == ServerCall.ABANDONED ? 500 : 30_000));
                if (call.traceparent != null) {
                    request.header("traceparent", call.traceparent);
                }
                if (call.method.equals("POST")) {
                    request.POST(HttpRequest.BodyPublishers.ofString("body"));
                }
                String answer;
                try {
                    answer = String.valueOf(jdk.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                } catch (IOException e) {
                    answer = e.getClass().getName();
                }
                // the server's side of an abandoned or closed exchange ends a moment after the client's
                Thread.sleep(call.answered() ? 0 : 300);
                System.out.println(call + " handler saw: " + String.join(" | ", seen));
                seen.clear();
                System.out.println(call + " -> " + answer);
            }
        } finally {
            server.disposeNow();
        }
    }
}
