package io.eventweave.instrumentation.jdkhttpclient;

import static io.eventweave.testing.HttpClientCalls.Call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.HttpClientCalls;
import io.eventweave.testing.RecordingHttpServer;
import io.eventweave.testing.apps.HttpClientApp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code java.net.http.HttpClient} ({@code send} and {@code sendAsync}) under this module's agent, against a real
 * server on 127.0.0.1: one event per call, each equal to what the application and the server saw.
 */
class JdkHttpClientIT {
    private static final List<Call> CALLS = List.of(
            Call.of("jdk", "GET", "/status/200"),
            Call.of("jdk", "GET", "/status/404"),
            Call.of("jdk", "GET", "/status/500"),
            Call.of("jdk", "POST", "/echo"),
            Call.of("jdk", "GET", "/status/200?user=alice&token=secret"),
            Call.of("jdk", "GET", "/redirect/200"),
            Call.of("jdk", "GET", "/status/200", "own-traceparent"),
            Call.of("jdk", "GET", "refused"),
            Call.of("jdk", "GET", "/slow/3000", "timeout"),
            Call.of("jdk-async", "GET", "/status/200"),
            Call.of("jdk-async", "GET", "/status/503"),
            Call.of("jdk-async", "POST", "/echo"),
            Call.of("jdk-async", "GET", "refused"));

    @Test
    void everyCallIsOneEventEqualToWhatTheAppAndTheServerSaw() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class).args(HttpClientCalls.args(server, CALLS))
                    .env("TRACEPARENT", HttpClientCalls.TRACEPARENT).run().assertSucceeded();
            HttpClientCalls.assertEventsEqualWhatTheAppAndTheServerSaw(run, server, CALLS, "jdk-httpclient");
        }
    }

    @Test
    void theAppPrintsTheSameWithAndWithoutTheAgent() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result with = ChildJvm.app(HttpClientApp.class).args(HttpClientCalls.args(server, CALLS))
                    .env("TRACEPARENT", HttpClientCalls.TRACEPARENT).run().assertSucceeded();
            ChildJvm.Result without = ChildJvm.app(HttpClientApp.class).args(HttpClientCalls.args(server, CALLS))
                    .withoutAgent().env("TRACEPARENT", HttpClientCalls.TRACEPARENT).run().assertSucceeded();
            assertEquals(without.stdout, with.stdout);
            assertEquals(without.stderr, with.stderr, "the agent prints nothing when all is well");
            with.events().assertHealthy();
        }
    }

    @Test
    void withoutTraceContextNoHeaderIsAddedAndEventsHaveNoTrace() throws Exception {
        List<Call> calls = List.of(Call.of("jdk", "GET", "/status/200"), Call.of("jdk-async", "GET", "/status/200"));
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class).args(HttpClientCalls.args(server, calls))
                    .run().assertSucceeded();
            List<JsonNode> events = run.events().assertHealthy().named("http.client.request");
            assertEquals(calls.size(), events.size());
            for (JsonNode event : events) {
                assertTrue(event.path("trace").isMissingNode(), event.toString());
                assertTrue(event.path("span").isMissingNode(), event.toString());
            }
            for (RecordingHttpServer.Request request : server.requests()) {
                assertNull(request.traceparent, request.toString());
            }
        }
    }
}
