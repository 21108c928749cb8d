package io.eventweave.instrumentation.jdkurlconnection;

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
 * {@code java.net.HttpURLConnection} under this module's agent, against a real
 * server on 127.0.0.1: one event per call, each equal to what the application and the server saw.
 */
class HttpUrlConnectionIT {
    /** {@code code}: the app reads {@code getResponseCode()}; {@code stream}: {@code getInputStream()}. */
    private static final List<Call> CALLS = List.of(
            Call.of("url", "GET", "/status/200", "code"),
            Call.of("url", "GET", "/status/200", "stream"),
            Call.of("url", "GET", "/status/404", "stream"),
            Call.of("url", "GET", "/status/500", "code"),
            Call.of("url", "POST", "/echo", "stream"),
            Call.of("url", "GET", "/status/200", "own-traceparent"),
            Call.of("url", "GET", "refused", "code"),
            Call.of("url", "GET", "/slow/3000", "timeout"));

    @Test
    void everyCallIsOneEventEqualToWhatTheAppAndTheServerSaw() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class).args(HttpClientCalls.args(server, CALLS))
                    .env("TRACEPARENT", HttpClientCalls.TRACEPARENT).run().assertSucceeded();
            HttpClientCalls.assertEventsEqualWhatTheAppAndTheServerSaw(run, server, CALLS, "jdk-urlconnection");
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
        List<Call> calls = List.of(Call.of("url", "GET", "/status/200", "code"),
                Call.of("url", "GET", "/status/200", "stream"));
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
