package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.it.apps.GuardedHttpApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.RecordingHttpServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * HTTP calls made inside Resilience4j and Failsafe guards ({@link GuardedHttpApp}: Resilience4j 2.4.0 and Failsafe
 * 3.3.2, OkHttp 4.12 and the JDK {@code HttpClient}, the shipped agent with every module): each {@code http.client.request} says which breaker (and its state), retry
 * (and attempt), rate limiter (and its wait) and bulkhead it ran inside, as the app itself saw each call; the
 * policies' events, the HTTP events and the fallback of one guarded call share one trace id, which the dependency
 * received; a call outside the guards carries none of it.
 */
class GuardedHttpIT {
    private static final String PROCESS_TRACE = "33333333333333333333333333333333";

    /** One line the app printed about a call it made: its own view. */
    record AppCall(String scenario, String path, int status, int attempt, String breakerState) {
        static AppCall parse(String line) {
            Map<String, String> kv = keyValues(line);
            return new AppCall(kv.get("scenario"), kv.get("path"), Integer.parseInt(kv.get("status")),
                    Integer.parseInt(kv.get("attempt")), kv.get("breaker").toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void eachCallSaysWhichGuardsItRanInsideAndOneGuardedCallIsOneTrace() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = app(server).run().assertSucceeded();
            List<AppCall> calls = appCalls(run.stdout);
            assertEquals(List.of("recovers", "recovers", "recovers", "fails", "fails", "fails", "async", "async",
                    "async", "limited", "limited", "executed", "failsafe", "failsafe", "failsafe", "failsafe-limited",
                    "failsafe-limited", "plain"), calls.stream().map(AppCall::scenario).toList(), run.stdout);
            assertTrue(run.stdout.contains("result scenario=recovers value=ok"), run.stdout);
            assertTrue(run.stdout.contains("result scenario=fails value=fallback"), run.stdout);

            List<JsonNode> all = run.events().assertHealthy().all();
            List<JsonNode> http = named(all, "http.client.request");
            List<RecordingHttpServer.Request> received = server.requests();
            assertEquals(calls.size(), http.size(), http.toString());
            assertEquals(calls.size(), received.size());
            Map<String, String> traceOf = new HashMap<>();
            for (int i = 0; i < calls.size(); i++) {
                AppCall call = calls.get(i);
                JsonNode event = http.get(i);
                String where = call + " / " + event;
                assertEquals(call.path(), event.at("/url/path").asText(), where);
                assertEquals(call.status(), event.at("/http/response/status_code").asInt(), where);
                String trace = event.at("/trace/id").asText();
                String sent = received.get(i).traceparent;
                assertEquals(trace.isEmpty() ? null : trace, sent == null ? null : sent.split("-")[1],
                        "the dependency got the event's trace: " + where);
                // the async retry's later attempts run on its scheduler, in the call's trace all the same
                String earlier = traceOf.putIfAbsent(call.scenario() + (call.scenario().endsWith("limited") ? i : ""),
                        trace);
                assertTrue(earlier == null || earlier.equals(trace), "one trace per guarded call: " + where);
                switch (call.scenario()) {
                    case "recovers", "fails", "async" -> {
                        assertEquals(call.scenario().equals("async") ? "jdk-httpclient" : "okhttp",
                                event.at("/event/provider").asText(), where);
                        if (!call.scenario().equals("async")) { // the async call has a retry only
                            assertEquals("inventory", event.at("/circuit_breaker/name").asText(), where);
                            assertEquals(call.breakerState(), event.at("/circuit_breaker/state").asText(), where);
                        }
                        assertEquals("inventory-retry", event.at("/retry/name").asText(), where);
                        assertEquals(call.attempt(), event.at("/retry/attempt").asInt(), where);
                        assertTrue(event.path("rate_limiter").isMissingNode(), where);
                    }
                    case "limited" -> {
                        assertEquals("inventory-limiter", event.at("/rate_limiter/name").asText(), where);
                        assertEquals("inventory-bulkhead", event.at("/bulkhead/name").asText(), where);
                        assertTrue(event.path("retry").isMissingNode(), where);
                    }
                    case "failsafe" -> { // Failsafe's policies are named by the line that built them
                        assertTrue(event.at("/circuit_breaker/name").asText().matches("GuardedHttpApp\\.java:\\d+"),
                                where);
                        assertEquals("closed", event.at("/circuit_breaker/state").asText(), where);
                        assertEquals(failsafeRetryName(all), event.at("/retry/name").asText(), where);
                        assertEquals(call.attempt(), event.at("/retry/attempt").asInt(), where);
                    }
                    case "failsafe-limited" -> {
                        assertTrue(event.at("/bulkhead/name").asText().matches("GuardedHttpApp\\.java:\\d+"), where);
                        assertTrue(event.path("retry").isMissingNode(), where);
                    }
                    case "executed" -> {
                        assertEquals("inventory", event.at("/circuit_breaker/name").asText(), where);
                        assertEquals("closed", event.at("/circuit_breaker/state").asText(), where);
                    }
                    default -> { // plain: outside every guard, and no trace was left behind on the thread
                        for (String guard : List.of("circuit_breaker", "rate_limiter", "retry", "bulkhead", "trace")) {
                            assertTrue(event.path(guard).isMissingNode(), guard + " on " + where);
                        }
                        assertEquals(null, received.get(i).traceparent);
                    }
                }
            }
            // a guarded call with no context starts its own trace: one per scenario (and per limited call)
            List<String> guarded = traceOf.entrySet().stream().filter(e -> !e.getKey().equals("plain"))
                    .map(Map.Entry::getValue).toList();
            assertEquals(guarded.size(), new HashSet<>(guarded).size(), "a trace per guarded call: " + traceOf);
            guarded.forEach(trace -> assertNotEquals("", trace, traceOf.toString()));

            // the limiter's wait on each HTTP event is the wait of its own rate_limiter.acquire, just before it
            // (Resilience4j's two calls, then Failsafe's two)
            List<JsonNode> acquires = named(all, "rate_limiter.acquire");
            assertEquals(4, acquires.size(), acquires.toString());
            List<JsonNode> limited = http.stream().filter(e -> e.has("rate_limiter")).toList();
            assertEquals(4, limited.size(), limited.toString());
            for (int i = 0; i < 4; i++) {
                JsonNode acquire = acquires.get(i);
                long wait = acquire.at("/rate_limiter/result").asText().equals("waited")
                        ? acquire.at("/rate_limiter/wait").asLong() : 0;
                String where = acquire + " / " + limited.get(i);
                assertEquals(acquire.at("/rate_limiter/name").asText(), limited.get(i).at("/rate_limiter/name").asText(),
                        where);
                assertEquals(wait, limited.get(i).at("/rate_limiter/wait").asLong(), where);
                assertEquals(acquire.at("/trace/id").asText(), limited.get(i).at("/trace/id").asText(), where);
            }
            assertTrue(limited.get(1).at("/rate_limiter/wait").asLong() > 0, "the second call waited for its permit");
            assertTrue(limited.get(3).at("/rate_limiter/wait").asLong() > 0, "the second call waited for its permit");

            // the retry's own events and the fallback are in the trace of the calls they are about
            String recovers = traceOf.get("recovers");
            String fails = traceOf.get("fails");
            List<JsonNode> retries = named(all, "retry.attempt").stream()
                    .filter(e -> e.at("/event/provider").asText().equals("resilience4j")).toList();
            assertEquals(List.of("will_retry:" + recovers, "will_retry:" + recovers, "succeeded:" + recovers,
                    "will_retry:" + fails, "will_retry:" + fails, "exhausted:" + fails),
                    retries.subList(0, 6).stream()
                            .map(e -> e.at("/retry/result").asText() + ":" + e.at("/trace/id").asText()).toList());
            assertEquals(List.of("will_retry", "will_retry", "succeeded"), retries.subList(6, retries.size()).stream()
                    .map(e -> e.at("/retry/result").asText()).toList(), "the async retry's own view");
            List<JsonNode> fallbacks = named(all, "fallback.invoke");
            fallbacks = fallbacks.stream().filter(e -> e.at("/event/provider").asText().equals("resilience4j")).toList();
            assertEquals(1, fallbacks.size(), fallbacks.toString());
            assertEquals(fails, fallbacks.get(0).at("/trace/id").asText(), "the fallback joins the calls that failed");
            String failsafe = traceOf.get("failsafe");
            assertTrue(run.stdout.contains("result scenario=failsafe value=fallback"), run.stdout);
            assertEquals(List.of(failsafe), named(all, "fallback.invoke").stream()
                    .filter(e -> e.at("/event/provider").asText().equals("failsafe"))
                    .map(e -> e.at("/trace/id").asText()).toList(), "Failsafe's fallback joins the calls that failed");
            assertEquals(List.of("will_retry:" + failsafe, "will_retry:" + failsafe, "exhausted:" + failsafe),
                    named(all, "retry.attempt").stream()
                            .filter(e -> e.at("/event/provider").asText().equals("failsafe"))
                            .map(e -> e.at("/retry/result").asText() + ":" + e.at("/trace/id").asText()).toList());
        }
    }

    @Test
    void insideAProcessTraceTheGuardedCallsJoinItAndTheAppBehavesAsWithoutTheAgent() throws Exception {
        String withAgent;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = app(server).env("EVENTWEAVE_TRACE_ID", PROCESS_TRACE).run().assertSucceeded();
            withAgent = run.stdout;
            Set<String> traces = named(run.events().assertHealthy().all(), "http.client.request").stream()
                    .map(e -> e.at("/trace/id").asText()).collect(Collectors.toSet());
            assertEquals(Set.of(PROCESS_TRACE), traces, "no guarded call starts a trace of its own inside one");
        }
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = app(server).withoutAgent().run().assertSucceeded();
            assertEquals(withAgent, run.stdout, "the app's own view is the same without the agent");
            assertFalse(server.requests().stream().anyMatch(r -> r.traceparent != null));
        }
    }

    /** The name Failsafe's retry policy has in its own {@code retry.attempt} events. */
    private static String failsafeRetryName(List<JsonNode> all) {
        return named(all, "retry.attempt").stream().filter(e -> e.at("/event/provider").asText().equals("failsafe"))
                .map(e -> e.at("/retry/name").asText()).findFirst().orElseThrow();
    }

    private static ChildJvm app(RecordingHttpServer server) {
        return ChildJvm.app(GuardedHttpApp.class).libs("resilience4j-2.4.0").args(server.baseUrl());
    }

    private static List<AppCall> appCalls(String stdout) {
        return stdout.lines().filter(l -> l.startsWith("call ")).map(AppCall::parse).toList();
    }

    private static List<JsonNode> named(List<JsonNode> events, String name) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (name.equals(e.at("/event/name").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Map<String, String> keyValues(String line) {
        Map<String, String> kv = new HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return kv;
    }
}
