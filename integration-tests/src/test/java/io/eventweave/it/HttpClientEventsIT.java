package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.it.apps.HttpClientApp;
import io.eventweave.it.support.ChildJvm;
import io.eventweave.it.support.EventFile;
import io.eventweave.it.support.RecordingHttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JDK's two HTTP clients under the packaged agent, against a real server on 127.0.0.1: one event per call, each
 * equal to what the application saw (its printed result) and what the server saw (its request log and the
 * traceparent it received).
 */
class HttpClientEventsIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final Pattern RESULT = Pattern.compile("^(\\d+) (\\S+) -> (\\S+)");

    private static final String[] SCENARIOS = {
        "jdk:GET:/status/200",
        "jdk:GET:/status/404",
        "jdk:GET:/status/500",
        "jdk:POST:/echo",
        "jdk:GET:/status/200?user=alice&token=secret",
        "jdk:GET:/redirect/200",
        "jdk:GET:/status/200:own-traceparent",
        "jdk:GET:refused",
        "jdk:GET:/slow/3000:timeout",
        "jdk-async:GET:/status/200",
        "jdk-async:GET:/status/503",
        "jdk-async:POST:/echo",
        "jdk-async:GET:refused",
        "url:GET:/status/200:code",
        "url:GET:/status/200:stream",
        "url:GET:/status/404:stream",
        "url:GET:/status/500:code",
        "url:POST:/echo:stream",
        "url:GET:/status/200:own-traceparent",
        "url:GET:refused:code",
        "url:GET:/slow/3000:timeout",
    };

    @Test
    void everyCallIsOneEventEqualToWhatTheAppAndTheServerSaw() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class)
                    .args(args(server))
                    .env("TRACEPARENT", TRACEPARENT)
                    .run().assertSucceeded();
            EventFile file = run.events().assertHealthy();
            // in the order the calls began: an async call's event is numbered by its completion callback, which
            // may run after join() returned and the next call started
            List<JsonNode> events = file.named("http.client.request").stream()
                    .sorted(java.util.Comparator.comparing(e -> e.path("@timestamp").asText())).toList();
            List<String[]> results = results(run.stdout);
            assertEquals(SCENARIOS.length, results.size(), run.stdout);
            assertEquals(SCENARIOS.length, events.size(), "one event per call:\n" + file.all());

            for (int i = 0; i < SCENARIOS.length; i++) {
                String scenario = SCENARIOS[i];
                String seen = results.get(i)[1];
                JsonNode event = events.get(i);
                String[] parts = scenario.split(":");
                String context = scenario + " -> " + seen + "\n" + event;
                assertEquals(parts[0].equals("url") ? "jdk-urlconnection" : "jdk-httpclient",
                        event.at("/event/provider").asText(), context);
                assertEquals(parts[1], event.at("/http/request/method").asText(), context);
                assertEquals("http", event.at("/url/scheme").asText(), context);
                assertEquals("127.0.0.1", event.at("/server/address").asText(), context);
                String path = parts[2].equals("refused") ? "/refused" : parts[2].replaceAll("\\?.*", "");
                assertEquals(path, event.at("/url/path").asText(), "no query string: " + context);
                assertTrue(event.at("/event/duration").asLong() > 0, context);
                if (parts[2].equals("refused")) {
                    assertFalse(event.at("/server/port").asInt() == server.port(), context);
                } else {
                    assertEquals(server.port(), event.at("/server/port").asInt(), context);
                }

                if (seen.matches("\\d+")) {
                    int status = Integer.parseInt(seen);
                    assertEquals(status, event.at("/http/response/status_code").asInt(), context);
                    assertEquals(status >= 400 ? "failure" : "success", event.at("/event/outcome").asText(), context);
                    if (status >= 400) {
                        assertEquals(seen, event.at("/error/type").asText(), context);
                    } else {
                        assertTrue(event.at("/error").isMissingNode(), context);
                    }
                } else if (seen.equals("java.io.FileNotFoundException")) {
                    // HttpURLConnection.getInputStream throws for a 404: the event still has the status
                    assertEquals(404, event.at("/http/response/status_code").asInt(), context);
                    assertEquals("404", event.at("/error/type").asText(), context);
                    assertEquals("failure", event.at("/event/outcome").asText(), context);
                } else {
                    assertEquals(seen, event.at("/error/type").asText(), "the exception the app got: " + context);
                    assertEquals("failure", event.at("/event/outcome").asText(), context);
                    assertTrue(event.at("/http/response").isMissingNode(), context);
                }
                if (!scenario.contains("own-traceparent")) { // checked below: the app's own ids
                    assertEquals(TRACE_ID, event.at("/trace/id").asText(), context);
                }
                assertEquals(scenario.contains("redirect") ? 1 : 0, event.at("/http/request/resend_count").asInt(0),
                        context);
            }
            assertTrue(run.stdout.contains("own-header-kept=true"), run.stdout);

            // The server's view: every request that reached it carries exactly one traceparent, whose parent id is
            // the span id of the event for that call; the app's own header arrives unchanged.
            List<String> eventSpans = events.stream().map(e -> e.at("/span/id").asText()).collect(Collectors.toList());
            List<RecordingHttpServer.Request> requests = server.requests();
            assertFalse(requests.isEmpty());
            for (RecordingHttpServer.Request request : requests) {
                assertEquals(1, request.traceparentCount, request.toString());
                assertNotNull(request.traceparent, request.toString());
                if (request.traceparent.equals(HttpClientApp.OWN_TRACEPARENT)) {
                    continue;
                }
                String[] tp = request.traceparent.split("-");
                assertEquals(TRACE_ID, tp[1], "same trace as the process context: " + request);
                assertTrue(eventSpans.contains(tp[2]), "parent id is an event's span.id: " + request + " " + eventSpans);
            }
            long ownHeaders = requests.stream().filter(r -> HttpClientApp.OWN_TRACEPARENT.equals(r.traceparent)).count();
            assertEquals(2, ownHeaders, "the app's own traceparent is never replaced: " + requests);
            for (int i = 0; i < SCENARIOS.length; i++) {
                if (SCENARIOS[i].contains("own-traceparent")) {
                    assertEquals("0af7651916cd43dd8448eb211c80319c", events.get(i).at("/trace/id").asText());
                    assertEquals("b7ad6b7169203331", events.get(i).at("/span/id").asText());
                }
            }
            long uniqueSpans = eventSpans.stream().distinct().count();
            assertEquals(SCENARIOS.length - 1, uniqueSpans, "fresh span id per call (own header used twice)");
        }
    }

    @Test
    void theAppPrintsTheSameWithAndWithoutTheAgent() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result with = ChildJvm.app(HttpClientApp.class).args(args(server))
                    .env("TRACEPARENT", TRACEPARENT).run().assertSucceeded();
            ChildJvm.Result without = ChildJvm.app(HttpClientApp.class).args(args(server)).withoutAgent()
                    .env("TRACEPARENT", TRACEPARENT).run().assertSucceeded();
            assertEquals(without.stdout, with.stdout);
            assertEquals(without.stderr, with.stderr, "the agent prints nothing when all is well");
            with.events().assertHealthy();
        }
    }

    @Test
    void withoutTraceContextNoHeaderIsAddedAndEventsHaveNoTrace() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200", "jdk-async:GET:/status/200",
                            "url:GET:/status/200:code")
                    .run().assertSucceeded();
            List<JsonNode> events = run.events().assertHealthy().named("http.client.request");
            assertEquals(3, events.size());
            for (JsonNode event : events) {
                assertTrue(event.path("trace").isMissingNode(), event.toString());
                assertTrue(event.path("span").isMissingNode(), event.toString());
            }
            for (RecordingHttpServer.Request request : server.requests()) {
                assertNull(request.traceparent, request.toString());
            }
        }
    }

    private static String[] args(RecordingHttpServer server) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(server.port()));
        args.addAll(List.of(SCENARIOS));
        return args.toArray(new String[0]);
    }

    /** {index, result} per printed line. */
    private static List<String[]> results(String stdout) {
        List<String[]> results = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            Matcher m = RESULT.matcher(line);
            if (m.find()) {
                results.add(new String[] {m.group(1), m.group(3)});
            }
        }
        return results;
    }
}
