package io.eventweave.it.springboot3;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /orders/{id}}: the handler hands the work to a thread pool, which moves it on with Reactor's
 * {@code publishOn} to a scheduler's thread, which calls the downstream twice: {@code GET <downstream>/flaky/stock-{id}/0}
 * with Spring's {@code RestClient} (on the JDK {@code HttpClient} here) and {@code GET <downstream>/flaky/price-{id}/0} with
 * {@code RestTemplate} (on {@code HttpURLConnection}). A service as it is written, knowing nothing of eventweave; the
 * downstream's base URL is the property {@code downstream.url}.
 */
@RestController
class OrderController {
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final RestClient restClient;
    private final RestTemplate restTemplate = new RestTemplate();
    private final String downstream;

    OrderController(RestClient.Builder restClient, @Value("${downstream.url:http://127.0.0.1:9}") String downstream) {
        this.restClient = restClient.build();
        this.downstream = downstream;
    }

    @GetMapping("/orders/{id}")
    String order(@PathVariable("id") String id) throws Exception {
        return workers.submit(() -> Mono.just(id).publishOn(Schedulers.boundedElastic()).map(this::lookUp).block())
                .get();
    }

    private String lookUp(String id) {
        String stock = restClient.get().uri(downstream + "/flaky/stock-" + id + "/0").retrieve().toBodilessEntity()
                .getStatusCode().toString();
        String price = restTemplate.getForEntity(downstream + "/flaky/price-" + id + "/0", String.class).getStatusCode().toString();
        return "order " + id + ": stock " + stock + ", price " + price;
    }
}
