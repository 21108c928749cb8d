package io.eventweave.instrumentation.reactornetty;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * A Reactor Netty {@code HttpServer} on 127.0.0.1 (port 0) whose routes answer 200, 404, 500, fail with an exception,
 * or call a downstream server ({@code args[0]}, its port) with the Reactor Netty client from inside the handler. The
 * app sends each {@link ServerCall} with the JDK {@code HttpClient} and prints, per call, what its handler saw (the
 * library's view: method, path, the {@code traceparent} received) and the status the JDK client got.
 */
public final class ReactorNettyServerApp {
    private ReactorNettyServerApp() {
    }

    public static void main(String[] args) throws Exception {
        String downstream = "http://127.0.0.1:" + args[0] + "/status/200";
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        HttpClient client = HttpClient.create();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
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
                        }))
                .bindNow();
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();
        try {
            for (ServerCall call : ServerCall.values()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + call.path));
                if (call.traceparent != null) {
                    request.header("traceparent", call.traceparent);
                }
                HttpResponse<String> response = jdk.send(request.build(), HttpResponse.BodyHandlers.ofString());
                System.out.println(call + " handler saw: " + String.join(" | ", seen));
                seen.clear();
                System.out.println(call + " -> " + response.statusCode());
            }
        } finally {
            server.disposeNow();
        }
    }
}
