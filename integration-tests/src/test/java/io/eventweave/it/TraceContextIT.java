package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.apps.HttpClientApp;
import io.eventweave.it.apps.OpenTelemetryApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.RecordingHttpServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where trace ids come from: the app's OpenTelemetry span, then the environment; invalid ids are ignored. */
class TraceContextIT {
    private static final String ENV_TRACE = "11111111111111111111111111111111";

    @Test
    void theAppsActiveOpenTelemetrySpanWinsOverTheEnvironment() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(OpenTelemetryApp.class)
                    .classPath(ChildJvm.appLib("opentelemetry-api-"))
                    .classPath(ChildJvm.appLib("opentelemetry-context-"))
                    .classPath(ChildJvm.appLib("opentelemetry-common-"))
                    .args(String.valueOf(server.port()))
                    .env("EVENTWEAVE_TRACE_ID", ENV_TRACE)
                    .run().assertSucceeded();
            List<JsonNode> events = run.events().assertHealthy().named("http.client.request");
            assertEquals(3, events.size(), events.toString());
            List<RecordingHttpServer.Request> requests = server.requests();
            assertEquals(3, requests.size());
            for (int i = 0; i < 3; i++) {
                JsonNode event = events.get(i);
                String[] header = requests.get(i).traceparent.split("-");
                String expectedTrace = i < 2 ? OpenTelemetryApp.TRACE_ID : ENV_TRACE;
                assertEquals(expectedTrace, event.at("/trace/id").asText(), event.toString());
                assertEquals(expectedTrace, header[1], requests.get(i).toString());
                assertEquals(event.at("/span/id").asText(), header[2], "the sent span id is the event's");
                assertTrue(!header[2].equals(OpenTelemetryApp.SPAN_ID), "a child span id, not the parent's own");
                assertEquals("01", header[3]);
            }
        }
    }

    @Test
    void invalidEnvironmentIdsAreIgnoredWithOneLine() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200")
                    .env("TRACEPARENT", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")
                    .env("EVENTWEAVE_TRACE_ID", "4BF92F3577B34DA6A3CE929D0E0E4736")
                    .run().assertSucceeded();
            assertEquals(2, run.stderr.lines().count(), run.stderr);
            assertTrue(run.stderr.contains("ignoring TRACEPARENT"), run.stderr);
            assertTrue(run.stderr.contains("ignoring EVENTWEAVE_TRACE_ID"), run.stderr);
            JsonNode event = run.events().assertHealthy().named("http.client.request").get(0);
            assertTrue(event.path("trace").isMissingNode(), event.toString());
            assertNull(server.requests().get(0).traceparent);
        }
    }
}
