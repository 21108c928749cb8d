package io.eventweave.instrumentation.bucket4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.LibraryView;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bucket4j 7.6 (vladimir-bukhtoyarov) and 8.x (com.bucket4j): events equal what the library returned. */
class Bucket4jIT {
    @ParameterizedTest(name = "bucket4j {0}")
    @ValueSource(strings = {"7.6.0", "8.0.1", "8.19.0"})
    void eventsEqualWhatTheLibraryReturned(String version) throws Exception {
        ChildJvm.Result with = app(version).run().assertSucceeded();
        ChildJvm.Result without = app(version).withoutAgent().run().assertSucceeded();
        assertEquals(without.stdout, with.stdout, "the app's output is the same without the agent");
        List<String> library = LibraryView.printed(with.stdout);
        assertEquals(7, library.size(), with.stdout);
        List<JsonNode> events = with.events().assertHealthy().named("rate_limiter.acquire");
        assertEquals(library, events.stream().map(e -> LibraryView.line(e, false)).collect(Collectors.toList()));
        for (JsonNode event : events) {
            assertEquals("bucket4j", event.at("/event/provider").asText());
            if (event.at("/rate_limiter/result").asText().equals("waited")) {
                assertTrue(event.at("/rate_limiter/wait").asLong() > 100_000_000L, "the refill wait: " + event);
            }
        }
    }

    private static ChildJvm app(String version) {
        return ChildJvm.app(Bucket4jApp.class)
                .libs("bucket4j-" + version);
    }
}
