package io.eventweave.instrumentation.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.PrintedClientCalls;
import io.eventweave.testing.RecordingHttpServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp 3.12, 4.x and 5.x ({@link OkHttpApp}) against a local recording server, the process in a trace
 * ({@code TRACEPARENT}): one {@code http.client.request} per call, equal to OkHttp's own view (status, resends of a
 * followed redirect, the exception of a timeout, a refused connection and a cancelled call), sync and async, one event
 * for a call an application interceptor retried; every request the server got carries the event's trace and span
 * ids. The app prints the same without the agent.
 */
class OkHttpIT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @ParameterizedTest(name = "okhttp {0}")
    @ValueSource(strings = {"3.12.13", "4.12.0", "5.5.1"})
    void everyCallIsOneEventEqualToOkHttpsOwnView(String version) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = app(version, server).run().assertSucceeded();
            List<PrintedClientCalls.Call> calls = PrintedClientCalls.of(run.stdout);
            assertEquals(10, calls.size(), run.stdout);
            List<JsonNode> events = run.events().assertHealthy().named("http.client.request");
            PrintedClientCalls.assertEventsEqual(calls, events, "okhttp", TRACE, server);
            assertEquals("success", events.get(0).at("/event/outcome").asText());
            assertEquals("failure", events.get(1).at("/event/outcome").asText(), "a client's 404 is a failure");
            ChildJvm.Result without = app(version, server).withoutAgent().run().assertSucceeded();
            assertEquals(without.stdout, run.stdout, "the app's view is the same without the agent");
        }
    }

    private static ChildJvm app(String version, RecordingHttpServer server) {
        return ChildJvm.app(OkHttpApp.class).libs("okhttp-" + version).args(String.valueOf(server.port()))
                .env("TRACEPARENT", "00-" + TRACE + "-00f067aa0ba902b7-01");
    }
}
