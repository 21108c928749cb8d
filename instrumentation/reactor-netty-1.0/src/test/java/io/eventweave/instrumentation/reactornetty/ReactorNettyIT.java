package io.eventweave.instrumentation.reactornetty;

import static io.eventweave.testing.HttpClientCalls.Call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.HttpClientCalls;
import io.eventweave.testing.RecordingHttpServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reactor Netty's {@code HttpClient} under this module's agent, on the oldest and the newest version claimed, against
 * a real server on 127.0.0.1: one event per call, equal to what the application saw (its printed status or
 * exception) and what the server received (method, path, the {@code traceparent} whose trace id is the process
 * context's and whose parent id is the event's span id).
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
            Call.of("reactor", "GET", "/slow/2000", "timeout"));

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
