package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.LibraryView;
import io.eventweave.testing.EventFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot 3 service using Resilience4j's {@code @CircuitBreaker(fallbackMethod = ...)}, started as its
 * executable jar on a random port under the agent and called over HTTP: every fallback is a {@code fallback.invoke}
 * with the failure Resilience4j handed the fallback method, next to the breaker opening and the rejection.
 */
class SpringBootFallbackIT {
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    @TempDir
    Path dir;

    @Test
    void fallbackMethodsAreRecordedWithTheirTriggers() throws Exception {
        Path jar = Path.of(System.getProperty("eventweave.spring-boot3.jar",
                "spring-boot3-app/target/spring-boot3-app-exec.jar"));
        ChildJvm service = ChildJvm.jar(jar).args("--server.port=0", "--server.address=127.0.0.1").workDir(dir)
                .timeoutSeconds(60);
        Process process = service.start();
        int port = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> port(dir.resolve("child.stdout")), p -> p > 0);
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/quote/ACME")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("cached ACME", response.body());
        }
        process.destroy(); // SIGTERM: Spring shuts down, the agent writes agent.stop
        ChildJvm.Result run = service.waitFor(process);
        List<String> library = LibraryView.printed(run.stdout);
        assertEquals(List.of(
                "fallback.invoke QuoteService#cachedQuote java.lang.IllegalStateException",
                "fallback.invoke QuoteService#cachedQuote java.lang.IllegalStateException",
                "fallback.invoke QuoteService#cachedQuote io.github.resilience4j.circuitbreaker.CallNotPermittedException"),
                library, run.stdout);

        EventFile log = EventFile.single(dir).assertHealthy();
        List<JsonNode> fallbacks = log.named("fallback.invoke");
        assertEquals(library, fallbacks.stream().map(e -> "fallback.invoke " + e.at("/fallback/name").asText() + " "
                + e.at("/error/type").asText()).collect(Collectors.toList()));
        for (JsonNode fallback : fallbacks) {
            assertEquals("success", fallback.at("/event/outcome").asText());
            assertEquals("resilience4j", fallback.at("/event/provider").asText());
            assertTrue(fallback.at("/event/duration").asLong() >= 0);
        }
        JsonNode opened = log.named("circuit_breaker.state_change").get(0);
        assertEquals("quotes", opened.at("/circuit_breaker/name").asText());
        assertEquals("open", opened.at("/circuit_breaker/state").asText());
        assertEquals(1, log.named("circuit_breaker.rejected").size());
    }

    private static int port(Path stdout) throws Exception {
        if (!Files.exists(stdout)) {
            return 0;
        }
        Matcher m = PORT.matcher(Files.readString(stdout));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
