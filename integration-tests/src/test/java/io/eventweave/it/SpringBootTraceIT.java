package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.RecordingHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spring Boot 3 services, each run as its executable jar under the agent, whose handler for {@code /orders/{id}} hops
 * through a thread pool and Reactor's {@code publishOn} before calling its downstream twice ({@code /flaky/stock-<id>/0},
 * then {@code /flaky/price-<id>/0}): one request's events, from the inbound request to both downstream calls, carry
 * the trace id the caller sent, and the downstream receives it; a request with no {@code traceparent} gets a trace of
 * its own, shared the same way.
 */
class SpringBootTraceIT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** The services: how each starts, and who records its inbound request and each downstream call. */
    enum Service {
        /** {@code spring-boot3-app}'s {@code OrderController}: Spring MVC on Tomcat, {@code RestClient} then {@code RestTemplate}. */
        MVC("eventweave.spring-boot3.jar", "spring-boot3-app/target/spring-boot3-app-exec.jar",
                "Tomcat started on port (\\d+)", "servlet", "jdk-httpclient", "jdk-urlconnection"),
        /**
         * {@code spring-boot3-webflux-app}: Spring WebFlux on Reactor Netty, {@code WebClient} twice, the second call
         * started on the event loop that delivered the first one's response.
         */
        WEBFLUX("eventweave.spring-boot3-webflux.jar", "spring-boot3-webflux-app/target/spring-boot3-webflux-app-exec.jar",
                "Netty started on port (\\d+)", "reactor-netty", "reactor-netty", "reactor-netty");

        final String jarProperty;
        final String defaultJar;
        final Pattern port;
        final String inboundProvider;
        final String stockProvider;
        final String priceProvider;

        Service(String jarProperty, String defaultJar, String port, String inboundProvider, String stockProvider,
                String priceProvider) {
            this.jarProperty = jarProperty;
            this.defaultJar = defaultJar;
            this.port = Pattern.compile(port);
            this.inboundProvider = inboundProvider;
            this.stockProvider = stockProvider;
            this.priceProvider = priceProvider;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Service.class)
    void oneRequestIsOneTraceFromInboundToBothDownstreamCalls(Service service) throws Exception {
        Path jar = Path.of(System.getProperty(service.jarProperty, service.defaultJar));
        try (RecordingHttpServer downstream = new RecordingHttpServer()) {
            ChildJvm child = ChildJvm.jar(jar).args("--server.port=0", "--server.address=127.0.0.1",
                    "--downstream.url=" + downstream.baseUrl()).workDir(dir).timeoutSeconds(90);
            Process process = child.start();
            int port = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> port(service.port, dir.resolve("child.stdout")), p -> p > 0);
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> traced = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/orders/7"))
                    .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01").build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> untraced = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/orders/8")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, traced.statusCode(), traced.body());
            assertEquals("order 7: stock 200 OK, price 200 OK", traced.body());
            assertEquals(200, untraced.statusCode(), untraced.body());
            process.destroy();
            child.waitFor(process);

            Map<String, String> sentTrace = downstream.requests().stream().collect(Collectors.toMap(r -> r.path,
                    r -> r.traceparent == null ? "" : r.traceparent.split("-")[1]));
            assertEquals(TRACE, sentTrace.get("/flaky/stock-7/0"), "the first call sent the inbound trace");
            assertEquals(TRACE, sentTrace.get("/flaky/price-7/0"), "the second call sent the inbound trace");
            String own = sentTrace.get("/flaky/stock-8/0");
            assertEquals(32, own.length(), "a request without traceparent starts a trace");
            assertNotEquals(TRACE, own);
            assertEquals(own, sentTrace.get("/flaky/price-8/0"));

            EventFile log = EventFile.single(dir).assertHealthy();
            JsonNode inbound = one(log.named("http.server.request"), "/orders/7");
            assertEquals(service.inboundProvider, inbound.at("/event/provider").asText());
            assertEquals(TRACE, inbound.at("/trace/id").asText());
            assertEquals("/orders/{id}", inbound.at("/http/route").asText(), "Spring's route");
            assertEquals(200, inbound.at("/http/response/status_code").asInt());
            JsonNode stock = one(log.named("http.client.request"), "/flaky/stock-7/0");
            JsonNode price = one(log.named("http.client.request"), "/flaky/price-7/0");
            assertEquals(service.stockProvider, stock.at("/event/provider").asText());
            assertEquals(service.priceProvider, price.at("/event/provider").asText());
            for (JsonNode call : List.of(stock, price)) {
                assertEquals(TRACE, call.at("/trace/id").asText(), call.toString());
                assertEquals(200, call.at("/http/response/status_code").asInt(), call.toString());
            }
            assertEquals(own, one(log.named("http.server.request"), "/orders/8").at("/trace/id").asText());
            System.out.println(service + ": one request, inbound to downstream, one trace id:");
            for (JsonNode e : List.of(inbound, stock, price)) {
                System.out.println(e);
            }
            assertTrue(inbound.at("/event/duration").asLong() >= stock.at("/event/duration").asLong()
                    + price.at("/event/duration").asLong(), "both calls happened inside the request");
        }
    }

    private static JsonNode one(List<JsonNode> events, String path) {
        List<JsonNode> matching = events.stream().filter(e -> e.at("/url/path").asText().equals(path)).toList();
        assertEquals(1, matching.size(), path + ": " + events);
        return matching.get(0);
    }

    private static int port(Pattern started, Path stdout) throws Exception {
        if (!Files.exists(stdout)) {
            return 0;
        }
        Matcher m = started.matcher(Files.readString(stdout));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
