package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventweave.it.apps.MetricsApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.NatsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many services, one stream: three applications under the shipped agent ship into one real {@code nats-server -js}
 * at once, and {@code watch --nats} (the command line of the same jar, in its own JVM, started with them, from the
 * stream's start and then live) shows every line of all three files, once each, in each process's order; with
 * {@code --name}, only the breakers' changes of all three.
 */
class WatchNatsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void watchOverNatsShowsEveryLineOfThreeApplicationsShippingAtOnce(@TempDir Path dir) throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            // the stream exists before watch starts (the first agent would make it): one short run, no breaker
            ChildJvm.app(MetricsApp.class).libs("resilience4j-2.4.0").env("EVENTWEAVE_NATS_URL", nats.url())
                    .env("EVENTWEAVE_SERVICE_NAME", "warmup")
                    .env("EVENTWEAVE_OUTPUT_PATH", dir.resolve("first/events.jsonl").toString())
                    .args("1", "0").run().assertSucceeded();
            // from the stream's start, then live: no wait for the watchers to be subscribed before the apps start
            ChildJvm watch = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("watch")
                    .args("watch", "--nats", nats.url(), "--from-start", "--json", "--where",
                            "service.name != 'warmup'");
            ChildJvm breakers = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("breakers")
                    .args("watch", "--nats", nats.url(), "--from-start", "--name", "circuit_breaker.state_change");
            Process watching = watch.start();
            Process watchingBreakers = breakers.start();

            List<String> services = List.of("checkout", "payments", "stock");
            List<Process> apps = new ArrayList<>();
            List<ChildJvm> jvms = new ArrayList<>();
            for (String service : services) {
                ChildJvm app = ChildJvm.app(MetricsApp.class).libs("resilience4j-2.4.0").logName(service)
                        .env("EVENTWEAVE_SERVICE_NAME", service).env("EVENTWEAVE_NATS_URL", nats.url())
                        .env("EVENTWEAVE_OUTPUT_PATH", dir.resolve(service + "/events.jsonl").toString())
                        .args("30", "8");
                jvms.add(app);
                apps.add(app.start());
            }
            Map<String, List<String>> written = new TreeMap<>();
            for (int i = 0; i < services.size(); i++) {
                jvms.get(i).waitFor(apps.get(i)).assertSucceeded();
                written.put(services.get(i), NatsShipperIT.linesOf(dir.resolve(services.get(i) + "/events.jsonl")));
            }
            int total = written.values().stream().mapToInt(List::size).sum();
            Path shownFile = dir.resolve("watch.stdout");
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> Files.readAllLines(shownFile).size() >= total);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // compared below
            }
            Thread.sleep(500); // nothing more may come
            watching.destroy();
            watchingBreakers.destroy();
            watch.waitFor(watching);
            breakers.waitFor(watchingBreakers);

            Map<String, List<String>> shown = new TreeMap<>();
            for (String line : Files.readAllLines(shownFile)) {
                shown.computeIfAbsent(JSON.readTree(line).at("/service/name").asText(), k -> new ArrayList<>())
                        .add(line);
            }
            assertEquals(written, shown, "every line of the three files, once, in each process's order");

            List<String> breakerLines = Files.readAllLines(dir.resolve("breakers.stdout"));
            assertEquals(3, breakerLines.size(), String.join("\n", breakerLines));
            // readable lines: time, service, event name, then the breaker's name and its change
            assertEquals(new TreeSet<>(services), breakerLines.stream().map(l -> l.trim().split("\\s+")[1])
                    .collect(Collectors.toCollection(TreeSet::new)), String.join("\n", breakerLines));
            assertTrue(breakerLines.stream().allMatch(l -> l.contains("circuit_breaker.state_change payments closed")
                    && l.contains("open")), String.join("\n", breakerLines));
        }
    }
}
