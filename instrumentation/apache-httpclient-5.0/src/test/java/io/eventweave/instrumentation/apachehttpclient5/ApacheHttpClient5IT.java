package io.eventweave.instrumentation.apachehttpclient5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.PrintedClientCalls;
import io.eventweave.testing.RecordingHttpServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache HttpClient ({@link ApacheHttpClient5App}: every {@code execute} overload the app calls, and async calls)
 * against a local recording server, the process in a trace ({@code TRACEPARENT}): one {@code http.client.request} per call, equal to the client's own view
 * (status, redirects followed, the exception of a timeout and a refused connection); every request the server got
 * carries its event's trace and span ids; the app prints the same without the agent.
 */
class ApacheHttpClient5IT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @ParameterizedTest(name = "apache-httpclient {0}")
    @ValueSource(strings = {"5.0.4", "5.6.5"})
    void everyCallIsOneEventEqualToTheClientsOwnView(String version) throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm.Result run = app(version, server).run().assertSucceeded();
            List<PrintedClientCalls.Call> calls = PrintedClientCalls.of(run.stdout);
            assertEquals(11, calls.size(), run.stdout);
            List<JsonNode> events = run.events().assertHealthy().named("http.client.request");
            PrintedClientCalls.assertEventsEqual(calls, events, "apache-httpclient", TRACE, server);
            ChildJvm.Result without = app(version, server).withoutAgent().run().assertSucceeded();
            assertEquals(without.stdout, run.stdout, "the app's view is the same without the agent");
        }
    }

    private static ChildJvm app(String version, RecordingHttpServer server) {
        return ChildJvm.app(ApacheHttpClient5App.class).libs("apache-httpclient-" + version)
                .args(String.valueOf(server.port())).env("TRACEPARENT", "00-" + TRACE + "-00f067aa0ba902b7-01");
    }
}
