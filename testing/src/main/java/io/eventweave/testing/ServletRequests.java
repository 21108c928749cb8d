package io.eventweave.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests every servlet container test sends to its app, and the oracle of their {@code http.server.request}
 * events. The app serves {@code /ok}, {@code /missing} ({@code sendError(404)}), {@code /unavailable}
 * ({@code setStatus(503)}), {@code /throw} (an {@code IllegalStateException}), {@code /async} (completed 50 ms later
 * from another thread), {@code /orders/<id>} (the route attribute Spring MVC sets, {@code /orders/{id}}) and
 * {@code /stop}, and prints {@code listening <port>}. The requests carry a {@code traceparent} each (but {@code /ok}),
 * then 50 of them come from 10 threads at once.
 */
public final class ServletRequests {
    private static final Pattern LISTENING = Pattern.compile("listening (\\d+)");

    private ServletRequests() {
    }

    /** What the client sent and saw. */
    public record Exchange(String path, String trace, int status, String body) {
    }

    /**
     * The oracle: one event per request, with the status the client saw, the trace it sent (or a new one), the
     * escaped exception, the route, an async request's whole duration; and the container's answers the same without
     * the agent.
     */
    public static void assertOneEventPerRequest(List<Exchange> with, List<Exchange> without, EventFile log) {
        assertEquals(without.stream().map(e -> e.path() + " " + e.status() + " " + e.body()).toList(),
                with.stream().map(e -> e.path() + " " + e.status() + " " + e.body()).toList(),
                "the container answers the same without the agent");

        List<JsonNode> events = log.named("http.server.request").stream()
                .filter(e -> !e.at("/url/path").asText().equals("/stop")).toList(); // the test's own last request
        assertEquals(with.size(), events.size(), "one event per request");
        Map<String, JsonNode> byPath = new HashMap<>();
        for (JsonNode event : events) {
            assertEquals(null, byPath.put(event.at("/url/path").asText(), event), "one event per request: " + event);
        }
        for (Exchange sent : with) {
            JsonNode event = byPath.get(sent.path());
            String where = sent + " / " + event;
            assertEquals("servlet", event.at("/event/provider").asText(), where);
            assertEquals("GET", event.at("/http/request/method").asText(), where);
            assertEquals(sent.status(), event.at("/http/response/status_code").asInt(), where);
            assertEquals("127.0.0.1", event.at("/server/address").asText(), where);
            if (sent.trace() != null) {
                assertEquals(sent.trace(), event.at("/trace/id").asText(), where);
            } else {
                assertEquals(32, event.at("/trace/id").asText().length(), "a new trace: " + where);
            }
            switch (sent.path()) {
                case "/throw" -> {
                    assertEquals("java.lang.IllegalStateException", event.at("/error/type").asText(), where);
                    assertEquals("failure", event.at("/event/outcome").asText(), where);
                }
                case "/unavailable" -> assertEquals("503", event.at("/error/type").asText(), where);
                case "/missing" -> assertEquals("success", event.at("/event/outcome").asText(),
                        "a 404 is the caller's error: " + where);
                case "/async" -> assertTrue(event.at("/event/duration").asLong() >= 50_000_000L,
                        "ends when the async request completes: " + where);
                default -> {
                }
            }
            if (sent.path().startsWith("/orders/")) {
                assertEquals("/orders/{id}", event.at("/http/route").asText(), where);
            } else {
                assertTrue(event.at("/http/route").isMissingNode(), where);
            }
        }
        String untraced = byPath.get("/ok").at("/trace/id").asText();
        assertNotEquals(byPath.get("/missing").at("/trace/id").asText(), untraced);
    }


    /** Runs the app, sends the requests, stops it; returns what the client saw. */
    public static List<Exchange> run(ChildJvm app, Path work) throws Exception {
        app.workDir(work);
        Process process = app.start();
        int port = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> port(work), p -> p > 0);
        String base = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newHttpClient();
        List<Exchange> exchanges = new ArrayList<>();
        exchanges.add(send(client, base, "/ok", null));
        for (String path : List.of("/missing", "/unavailable", "/throw", "/async", "/orders/7")) {
            exchanges.add(send(client, base, path, newTrace()));
        }
        // 10 threads at once, each request in a trace of its own
        ExecutorService load = Executors.newFixedThreadPool(10);
        List<Future<Exchange>> concurrent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String path = "/orders/load-" + i;
            concurrent.add(load.submit(() -> send(client, base, path, newTrace())));
        }
        for (Future<Exchange> f : concurrent) {
            exchanges.add(f.get());
        }
        load.shutdown();
        try {
            send(client, base, "/stop", null);
        } catch (java.io.IOException stopping) {
            // a server that stops at once may close the connection first; the client's retry then finds it closed
        }
        app.waitFor(process).assertSucceeded();
        return Collections.unmodifiableList(exchanges);
    }

    private static Exchange send(HttpClient client, String base, String path, String trace) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (trace != null) {
            request.header("traceparent", "00-" + trace + "-b7ad6b7169203331-01");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Exchange(path, trace, response.statusCode(), body.length() > 20 ? body.substring(0, 20) : body);
    }

    private static String newTrace() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong() | 1, random.nextLong());
    }

    private static int port(Path work) throws Exception {
        Path stdout = work.resolve("child.stdout");
        if (!Files.exists(stdout)) {
            return 0;
        }
        Matcher m = LISTENING.matcher(Files.readString(stdout));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
