package io.eventweave.instrumentation.springwebflux;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A Spring WebFlux service on Reactor Netty (127.0.0.1, port 0), without Spring Boot: an annotated controller
 * ({@code /orders/{id}}, {@code /orders/{id}/fail}, which throws) and a router function ({@code /items/{name}}). It
 * sends each {@link RouteCall} with the JDK {@code HttpClient} and prints, per call, the route Spring matched as the
 * handler saw it (the exchange's best matching pattern: the library's own view) and the status the client got.
 */
public final class SpringWebfluxApp {
    /** The route each handler saw, by request path. */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    private SpringWebfluxApp() {
    }

    public static void main(String[] args) throws Exception {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Service.class)) {
            DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                    .handle(new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.applicationContext(context).build()))
                    .bindNow();
            HttpClient client = HttpClient.newHttpClient();
            try {
                for (RouteCall call : RouteCall.values()) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + call.path));
                    if (call.traceparent != null) {
                        request.header("traceparent", call.traceparent);
                    }
                    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    System.out.println(call + " route " + SEEN.getOrDefault(call.path, "none") + " -> "
                            + response.statusCode());
                }
            } finally {
                server.disposeNow();
            }
        }
    }

    private static void saw(ServerWebExchange exchange) {
        Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        SEEN.put(exchange.getRequest().getPath().value(), String.valueOf(pattern));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    static class Service {
        @Bean
        Orders orders() {
            return new Orders();
        }

        @Bean
        RouterFunction<ServerResponse> items() {
            return RouterFunctions.route(GET("/items/{name}"), request -> {
                saw(request.exchange());
                return ServerResponse.ok().bodyValue("item " + request.pathVariable("name"));
            });
        }
    }

    @RestController
    static class Orders {
        @GetMapping("/orders/{id}")
        Mono<String> order(@PathVariable("id") String id, ServerWebExchange exchange) {
            saw(exchange);
            return Mono.just("order " + id);
        }

        @GetMapping("/orders/{id}/fail")
        Mono<String> fail(@PathVariable("id") String id, ServerWebExchange exchange) {
            saw(exchange);
            throw new IllegalStateException("order " + id + " failed");
        }
    }
}
