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
        assertEquals(17, library.size(), with.stdout);
        EventFile log = with.events().assertHealthy();
        List<JsonNode> events = log.all().stream().filter(e -> "failsafe".equals(e.at("/event/provider").asText()))
                .collect(Collectors.toList());
        assertEquals(library, events.stream().map(e -> LibraryView.line(e, false)).collect(Collectors.toList()));
        for (JsonNode event : events) {
            String name = event.at("/circuit_breaker/name").asText(event.at("/retry/name").asText(
                    event.at("/fallback/name").asText(event.at("/rate_limiter/name").asText())));
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
