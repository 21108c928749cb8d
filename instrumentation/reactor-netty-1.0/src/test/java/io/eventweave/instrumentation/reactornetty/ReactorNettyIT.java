package io.eventweave.instrumentation.reactornetty;

import static io.eventweave.testing.HttpClientCalls.Call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.HttpClientCalls;
import io.eventweave.testing.RecordingHttpServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reactor Netty's {@code HttpClient} under this module's agent, on the oldest and the newest version claimed, against
 * a real server on 127.0.0.1: one event per call, equal to what the application saw (its printed status or
 * exception; a call the application cancelled: {@code cancelled}, outcome unknown) and what the server received
 * (method, path, the {@code traceparent} whose trace id is the process context's and whose parent id is the event's
 * span id); without any trace context, no header and no trace.
 */
class ReactorNettyIT {
    private static final List<Call> CALLS = List.of(
            Call.of("reactor", "GET", "/status/200"),
            Call.of("reactor", "GET", "/status/404"),
            Call.of("reactor", "GET", "/status/500"),
            Call.of("reactor", "POST", "/echo"),
            Call.of("reactor", "GET", "/status/200?user=alice&token=secret"),
            Call.of("reactor", "GET", "/redirect/200"),
            Call.of("reactor", "GET", "/status/200", "own-traceparent"),
            Call.of("reactor", "GET", "refused"),
            Call.of("reactor", "GET", "/slow/2000", "timeout"),
            Call.of("reactor", "GET", "/slow/2000", "cancel"));

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.4.0"})
    void everyCallIsOneEventEqualToWhatTheAppAndTheServerSaw(String version) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(ReactorNettyClientApp.class).libs("reactor-netty-" + version)
                    .args(HttpClientCalls.args(server, CALLS)).env("TRACEPARENT", HttpClientCalls.TRACEPARENT)
                    .run().assertSucceeded();
            HttpClientCalls.assertEventsEqualWhatTheAppAndTheServerSaw(run, server, CALLS, "reactor-netty");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.4.0"})
    void withoutATraceContextTheEventsHaveNoTraceAndNoHeaderIsSent(String version) throws Exception {
        List<Call> calls = List.of(Call.of("reactor", "GET", "/status/200"), Call.of("reactor", "GET", "/status/500"));
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = ChildJvm.app(ReactorNettyClientApp.class).libs("reactor-netty-" + version)
                    .args(HttpClientCalls.args(server, calls)).run().assertSucceeded();
            List<JsonNode> events = run.events().assertHealthy().named("http.client.request");
            assertEquals(List.of(200, 500), events.stream().map(e -> e.at("/http/response/status_code").asInt())
                    .toList(), run.stdout);
            assertTrue(run.stdout.contains("1 reactor:GET:/status/200 -> 200") && run.stdout.contains(
                    "2 reactor:GET:/status/500 -> 500"), run.stdout);
            for (JsonNode event : events) {
                assertTrue(event.at("/trace").isMissingNode() && event.at("/span").isMissingNode(), event.toString());
            }
            assertEquals(2, server.requests().size());
            for (RecordingHttpServer.Request request : server.requests()) {
                assertNull(request.traceparent, "no context, no traceparent: " + request);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.4.0"})
    void theAppPrintsTheSameWithAndWithoutTheAgent(String version) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result with = ChildJvm.app(ReactorNettyClientApp.class).libs("reactor-netty-" + version)
                    .args(HttpClientCalls.args(server, CALLS)).env("TRACEPARENT", HttpClientCalls.TRACEPARENT)
                    .run().assertSucceeded();
            ChildJvm.Result without = ChildJvm.app(ReactorNettyClientApp.class).libs("reactor-netty-" + version)
                    .args(HttpClientCalls.args(server, CALLS)).env("TRACEPARENT", HttpClientCalls.TRACEPARENT)
                    .withoutAgent().run().assertSucceeded();
            assertEquals(without.stdout, with.stdout);
            with.events().assertHealthy();
        }
    }
}
