package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.it.apps.MetricsApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.FreePort;
import io.eventweave.testing.PrometheusServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint scraped by a real Prometheus server (Debian's {@code prometheus}): {@link MetricsApp} runs under
 * the shipped agent with {@code eventweave.metrics.port}, prints its own count of every kind of call, and stays up
 * while Prometheus scrapes it every second; Prometheus's own query API must then return those counts and the breaker's
 * state. The app's output is the same without the agent, and a port already taken costs one stderr line and nothing
 * else.
 */
class MetricsEndpointIT {
    private static final int OK_CALLS = 20;
    private static final int GUARDED_CALLS = 10;

    /** What the app printed about its own calls: {@code key=value} pairs of each line, by the line's first word. */
    record AppView(int ok, int failed, String breakerState, int rejected, int acquired, int refused) {
        static AppView parse(String stdout) {
            Map<String, String> kv = new LinkedHashMap<>();
            Matcher m = Pattern.compile("(\\w+)=(\\w+)").matcher(stdout);
            while (m.find()) {
                kv.merge(m.group(1), m.group(2), (a, b) -> a + "," + b);
            }
            return new AppView(Integer.parseInt(kv.get("ok")), Integer.parseInt(kv.get("fail")),
                    kv.get("state").toLowerCase(), Integer.parseInt(kv.get("rejected").split(",")[0]),
                    Integer.parseInt(kv.get("acquired")), Integer.parseInt(kv.get("rejected").split(",")[1]));
        }
    }

    @Test
    void prometheusScrapesTheCountsAndTheBreakerStateTheAppItselfSaw(@TempDir Path dir) throws Exception {
        String plain = ChildJvm.app(MetricsApp.class).libs("resilience4j-2.4.0").withoutAgent()
                .args(String.valueOf(OK_CALLS), String.valueOf(GUARDED_CALLS)).run().assertSucceeded().stdout;
        AppView expected = AppView.parse(plain);
        assertEquals(new AppView(OK_CALLS, 4, "open", GUARDED_CALLS - 4, 3, 2), expected, plain);

        int port = FreePort.find();
        ChildJvm app = ChildJvm.app(MetricsApp.class).libs("resilience4j-2.4.0").env("EVENTWEAVE_SERVICE_NAME", "checkout")
                .env("EVENTWEAVE_METRICS_PORT", String.valueOf(port))
                .args(String.valueOf(OK_CALLS), String.valueOf(GUARDED_CALLS), "--wait");
        Process process = app.start();
        try (PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"),
                List.of("127.0.0.1:" + port))) {
            Path stdout = app.workDir().resolve("child.stdout");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(stdout)
                    && Files.readString(stdout).contains("ready"));
            AppView seen = AppView.parse(Files.readString(stdout));
            assertEquals(expected, seen, "the app's own view is the same under the agent");

            String service = "{job=\"eventweave\",service=\"checkout\"";
            String client = "eventweave_http_client_request_duration_seconds_count" + service;
            String server = "eventweave_http_server_request_duration_seconds_count" + service;
            Map<String, Double> queries = new LinkedHashMap<>();
            queries.put("sum(" + client + ",status_class=\"2xx\",outcome=\"success\",method=\"GET\"})", (double) seen.ok());
            queries.put("sum(" + client + ",status_class=\"5xx\",outcome=\"failure\"})", (double) seen.failed());
            // the app's own server saw every call; the scrapes of the agent's endpoint are not among them
            queries.put("sum(" + server + "})", (double) seen.ok() + seen.failed());
            queries.put("eventweave_circuit_breaker_state" + service + ",name=\"payments\",state=\""
                    + seen.breakerState() + "\"}", 1.0);
            queries.put("sum(eventweave_circuit_breaker_state" + service + ",name=\"payments\"})", 1.0);
            queries.put("eventweave_circuit_breaker_rejected_total" + service + ",name=\"payments\"}",
                    (double) seen.rejected());
            queries.put("eventweave_circuit_breaker_transitions_total" + service
                    + ",name=\"payments\",from_state=\"closed\",to_state=\"open\"}", 1.0);
            queries.put("eventweave_rate_limiter_acquire_total" + service + ",name=\"api\",result=\"acquired\"}",
                    (double) seen.acquired());
            queries.put("eventweave_rate_limiter_acquire_total" + service + ",name=\"api\",result=\"rejected\"}",
                    (double) seen.refused());
            queries.put("sum(eventweave_events_dropped_total" + service + "})", 0.0);
            queries.put("up{job=\"eventweave\"}", 1.0);
            Map<String, Double> answered = new LinkedHashMap<>();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (Map.Entry<String, Double> q : queries.entrySet()) {
                        answered.put(q.getKey(), prometheus.value(q.getKey()));
                    }
                    return answered.equals(queries);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("Prometheus answered " + answered + "\nexpected " + queries
                        + "\ntargets " + prometheus.targets() + "\nlog:\n" + prometheus.log(), e);
            }
            JsonNode target = prometheus.targets().get(0);
            assertEquals("up", target.path("health").asText(), target.toString());
        } finally {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write("exit\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // already gone
            }
        }
        ChildJvm.Result run = app.waitFor(process).assertSucceeded();
        assertTrue(run.stderr.contains("eventweave: metrics at http://127.0.0.1:" + port + "/metrics"), run.stderr);
        List<JsonNode> events = run.events().assertHealthy().all();
        long clientEvents = events.stream().filter(e -> e.at("/event/name").asText().equals("http.client.request"))
                .count();
        assertEquals(OK_CALLS + 4, clientEvents, "the file has what the metrics counted");
    }

    @Test
    void aPortInUseIsOneStderrLineAndTheAppAndTheFileGoOn() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ChildJvm.Result run = ChildJvm.app(MetricsApp.class).libs("resilience4j-2.4.0")
                    .env("EVENTWEAVE_METRICS_PORT", String.valueOf(taken.getLocalPort()))
                    .args("3", "4").run().assertSucceeded();
            assertEquals(new AppView(3, 4, "open", 0, 3, 2), AppView.parse(run.stdout));
            List<String> lines = run.stderr.lines().filter(l -> l.contains("metrics")).toList();
            assertEquals(1, lines.size(), run.stderr);
            assertTrue(lines.get(0).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    && lines.get(0).contains("goes on without it"), lines.get(0));
            assertEquals(7, run.events().assertHealthy().all().stream()
                    .filter(e -> e.at("/event/name").asText().equals("http.client.request")).count());
        }
    }
}
