package io.eventweave.it.springboot3webflux;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An order service on Spring WebFlux (Reactor Netty): {@code GET /orders/{id}} hands the id to a thread pool
 * ({@code CompletableFuture.supplyAsync}), moves on with Reactor's {@code publishOn} to a scheduler's thread, then
 * calls its downstream with {@code WebClient}, twice in sequence: {@code GET <downstream>/flaky/stock-{id}/0}, and,
 * when that answered (on Reactor Netty's event loop), {@code GET <downstream>/flaky/price-{id}/0}. A service as it is
 * written, knowing nothing of eventweave; the downstream's base URL is the property {@code downstream.url}.
 */
@SpringBootApplication
public class OrderApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrderApplication.class, args);
    }

    @RestController
    static class OrderController {
        private final ExecutorService workers = Executors.newFixedThreadPool(2);
        private final WebClient webClient;
        private final String downstream;

        OrderController(WebClient.Builder webClient, @Value("${downstream.url:http://127.0.0.1:9}") String downstream) {
            this.webClient = webClient.build();
            this.downstream = downstream;
        }

        @GetMapping("/orders/{id}")
        Mono<String> order(@PathVariable("id") String id) {
            return Mono.fromFuture(CompletableFuture.supplyAsync(() -> id, workers))
                    .publishOn(Schedulers.boundedElastic())
                    .flatMap(i -> status("/flaky/stock-" + i + "/0")
                            .flatMap(stock -> status("/flaky/price-" + i + "/0")
                                    .map(price -> "order " + i + ": stock " + stock + ", price " + price)));
        }

        private Mono<String> status(String path) {
            return webClient.get().uri(downstream + path).retrieve().toBodilessEntity()
                    .map(response -> response.getStatusCode().toString());
        }
    }
}
