package io.eventweave.instrumentation.springwebflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring WebFlux on Reactor Netty under this module's agent (with the Reactor Netty server's instrumentation), on the
 * oldest and the newest version claimed: each request's {@code http.server.request} has as {@code http.route} the
 * pattern the handler saw Spring match (none when no handler matched), the status the client got and the caller's
 * trace id.
 */
class SpringWebfluxIT {
    @ParameterizedTest
    @ValueSource(strings = {"5.3.39", "7.0.10"})
    void everyRequestCarriesTheRouteSpringMatched(String version) throws Exception {
        ChildJvm.Result run = ChildJvm.app(SpringWebfluxApp.class).libs("spring-webflux-" + version).run()
                .assertSucceeded();
        EventFile file = run.events().assertHealthy();
        List<JsonNode> events = file.named("http.server.request");
        RouteCall[] calls = RouteCall.values();
        assertEquals(calls.length, events.size(), "one event per request:\n" + file.all());
        for (int i = 0; i < calls.length; i++) {
            RouteCall call = calls[i];
            JsonNode event = events.get(i);
            String context = call + "\n" + run.stdout + "\n" + event;
            assertTrue(run.stdout.contains(call + " route " + (call.route == null ? "none" : call.route) + " -> "
                    + call.status + "\n"), "the service answered and matched as written: " + context);
            assertEquals("reactor-netty", event.at("/event/provider").asText(), context);
            assertEquals(call.path, event.at("/url/path").asText(), context);
            assertEquals(call.status, event.at("/http/response/status_code").asInt(), context);
            if (call.route == null) {
                assertTrue(event.at("/http/route").isMissingNode(), "no handler, no route: " + context);
            } else {
                assertEquals(call.route, event.at("/http/route").asText(), context);
            }
            assertEquals(call.status >= 500 ? "failure" : "success", event.at("/event/outcome").asText(), context);
            String traceId = event.at("/trace/id").asText();
            if (call.traceparent == null) {
                assertEquals(32, traceId.length(), "a trace of its own: " + context);
                assertFalse(traceId.startsWith("1111"), context);
            } else {
                assertEquals(call.traceparent.substring(3, 35), traceId, "the caller's trace: " + context);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.3.39", "7.0.10"})
    void theAppPrintsTheSameWithAndWithoutTheAgent(String version) throws Exception {
        ChildJvm.Result with = ChildJvm.app(SpringWebfluxApp.class).libs("spring-webflux-" + version).run()
                .assertSucceeded();
        ChildJvm.Result without = ChildJvm.app(SpringWebfluxApp.class).libs("spring-webflux-" + version)
                .withoutAgent().run().assertSucceeded();
        assertEquals(without.stdout, with.stdout);
        with.events().assertHealthy();
    }
}
