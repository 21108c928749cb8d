package io.eventweave.instrumentation.failsafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.LibraryView;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failsafe 3.3 (3.3.0 and 3.3.2): breaker transitions and rejections, retries, a fallback and both rate limiters;
 * the events equal, in order, what Failsafe's own listeners and return values told the app.
 */
class FailsafeIT {
    @ParameterizedTest(name = "failsafe {0}")
    @ValueSource(strings = {"3.3.0", "3.3.2"})
    void eventsEqualTheLibrarysOwnViewInOrder(String version) throws Exception {
        ChildJvm.Result with = app(version).run().assertSucceeded();
        ChildJvm.Result without = app(version).withoutAgent().run().assertSucceeded();
        assertEquals(without.stdout, with.stdout, "the app's output is the same without the agent");
        List<String> library = LibraryView.printed(with.stdout);
        assertEquals(19, library.size(), with.stdout);
        assertEquals(2, library.stream().filter(l -> l.startsWith("time_limiter.timeout ")
                && l.endsWith(" 50ms dev.failsafe.TimeoutExceededException")).count(), "sync and async timeouts: "
                + with.stdout);
        EventFile log = with.events().assertHealthy();
        List<JsonNode> events = log.all().stream().filter(e -> "failsafe".equals(e.at("/event/provider").asText()))
                .collect(Collectors.toList());
        assertEquals(library, events.stream().map(e -> LibraryView.line(e, false)).collect(Collectors.toList()));
        for (JsonNode event : events) {
            String name = List.of("circuit_breaker", "retry", "fallback", "rate_limiter", "time_limiter").stream()
                    .filter(event::has).map(policy -> event.path(policy).path("name").asText()).findFirst()
                    .orElse("");
            assertTrue(name.matches("FailsafeApp\\.java:\\d+"), "named by the line that built the policy: " + event);
        }
        JsonNode opened = log.named("circuit_breaker.state_change").get(0);
        assertEquals(100, opened.at("/circuit_breaker/failure_rate").asInt(), "two failures of two");
    }

    private static ChildJvm app(String version) {
        return ChildJvm.app(FailsafeApp.class)
                .libs("failsafe-" + version);
    }
}
