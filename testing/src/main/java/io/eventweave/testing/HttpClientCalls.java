package io.eventweave.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.apps.HttpClientApp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls {@link HttpClientApp} makes, as a table of {@link Call}s, and the oracle every HTTP client module's test
 * applies: one event per call, equal to what the application saw (its printed result) and what the server saw (its
 * request log and the {@code traceparent} it received).
 */
public final class HttpClientCalls {
    public static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** The process context the tests give the app ({@code TRACEPARENT}). */
    public static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final Pattern RESULT = Pattern.compile("^(\\d+) (\\S+) -> (\\S+)");

    private HttpClientCalls() {
    }

    /**
     * One call of the app.
     *
     * @param client {@code jdk} (send), {@code jdk-async} (sendAsync) or {@code url} (HttpURLConnection)
     * @param target a path on the test server, or {@code refused} for a closed port
     * @param option {@code ""}, {@code timeout}, {@code own-traceparent}, {@code code} or {@code stream}
     */
    public record Call(String client, String method, String target, String option) {
        public static Call of(String client, String method, String target) {
            return new Call(client, method, target, "");
        }

        public static Call of(String client, String method, String target, String option) {
            return new Call(client, method, target, option);
        }

        /** The app's command-line form, {@code client:method:target[:option]}. */
        public String arg() {
            return client + ":" + method + ":" + target + (option.isEmpty() ? "" : ":" + option);
        }

        boolean refused() {
            return target.equals("refused");
        }

        boolean ownTraceparent() {
            return option.equals("own-traceparent");
        }

        /** The path the event must carry: never the query string. */
        String path() {
            return refused() ? "/refused" : target.replaceAll("\\?.*", "");
        }
    }

    /** The app's arguments: the server's port, then each call. */
    public static String[] args(RecordingHttpServer server, List<Call> calls) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(server.port()));
        calls.forEach(c -> args.add(c.arg()));
        return args.toArray(new String[0]);
    }

    /**
     * Checks the events of a run of the app under {@link #TRACEPARENT} against what the app printed and what
     * {@code server} received, call by call.
     */
    public static void assertEventsEqualWhatTheAppAndTheServerSaw(ChildJvm.Result run, RecordingHttpServer server,
            List<Call> calls, String provider) {
        EventFile file = run.events().assertHealthy();
        // in the order the calls began: an async call's event is numbered by its completion callback, which may run
        // after join() returned and the next call started
        List<JsonNode> events = file.named("http.client.request").stream()
                .sorted(Comparator.comparing(e -> e.path("@timestamp").asText())).toList();
        List<String> results = results(run.stdout);
        assertEquals(calls.size(), results.size(), run.stdout);
        assertEquals(calls.size(), events.size(), "one event per call:\n" + file.all());

        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            String seen = results.get(i);
            JsonNode event = events.get(i);
            String context = call.arg() + " -> " + seen + "\n" + event;
            assertEquals(provider, event.at("/event/provider").asText(), context);
            assertEquals(call.method(), event.at("/http/request/method").asText(), context);
            assertEquals("http", event.at("/url/scheme").asText(), context);
            assertEquals("127.0.0.1", event.at("/server/address").asText(), context);
            assertEquals(call.path(), event.at("/url/path").asText(), "no query string: " + context);
            assertTrue(event.at("/event/duration").asLong() > 0, context);
            if (call.refused()) {
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
            } else if (call.option().equals("cancel")) {
                // the application cancelled the call before its outcome (its own timeout): not the call's failure
                assertEquals("cancelled", event.at("/error/type").asText(), context);
                assertEquals("unknown", event.at("/event/outcome").asText(), context);
                assertTrue(event.at("/http/response").isMissingNode(), context);
            } else {
                assertEquals(seen, event.at("/error/type").asText(), "the exception the app got: " + context);
                assertEquals("failure", event.at("/event/outcome").asText(), context);
                assertTrue(event.at("/http/response").isMissingNode(), context);
            }
            if (call.ownTraceparent()) {
                assertEquals("0af7651916cd43dd8448eb211c80319c", event.at("/trace/id").asText(), context);
                assertEquals("b7ad6b7169203331", event.at("/span/id").asText(), context);
            } else {
                assertEquals(TRACE_ID, event.at("/trace/id").asText(), context);
            }
            assertEquals(call.target().startsWith("/redirect/") ? 1 : 0,
                    event.at("/http/request/resend_count").asInt(0), context);
        }

        if (calls.stream().anyMatch(c -> c.ownTraceparent() && c.client().startsWith("jdk"))) {
            assertTrue(run.stdout.contains("own-header-kept=true"), "the request kept the app's header: " + run.stdout);
        }

        // The server's view: every request that reached it carries exactly one traceparent, whose parent id is the
        // span id of the event for that call; the app's own header arrives unchanged.
        List<String> eventSpans = events.stream().map(e -> e.at("/span/id").asText()).toList();
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
        long ownCalls = calls.stream().filter(Call::ownTraceparent).count();
        long ownHeaders = requests.stream().filter(r -> HttpClientApp.OWN_TRACEPARENT.equals(r.traceparent)).count();
        assertEquals(ownCalls, ownHeaders, "the app's own traceparent is never replaced: " + requests);
        long uniqueSpans = eventSpans.stream().distinct().count();
        assertEquals(calls.size() - Math.max(0, ownCalls - 1), uniqueSpans, "a fresh span id per call: " + eventSpans);
    }

    /** The result the app printed per call, in order. */
    private static List<String> results(String stdout) {
        List<String> results = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            Matcher m = RESULT.matcher(line);
            if (m.find()) {
                results.add(m.group(3));
            }
        }
        return results;
    }
}
