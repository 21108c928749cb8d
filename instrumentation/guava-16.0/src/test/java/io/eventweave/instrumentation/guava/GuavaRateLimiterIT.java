package io.eventweave.instrumentation.guava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.LibraryView;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Guava's RateLimiter on the oldest and newest versions claimed: events equal what the library returned. */
class GuavaRateLimiterIT {
    @ParameterizedTest(name = "guava {0}")
    @ValueSource(strings = {"16.0", "33.8.0-jre"})
    void eventsEqualWhatTheLibraryReturned(String version) throws Exception {
        ChildJvm.Result with = app(version).run().assertSucceeded();
        ChildJvm.Result without = app(version).withoutAgent().run().assertSucceeded();
        assertEquals(without.stdout, with.stdout, "the app's output is the same without the agent");
        List<String> library = LibraryView.printed(with.stdout);
        assertEquals(6, library.size(), with.stdout);
        List<JsonNode> events = with.events().assertHealthy().named("rate_limiter.acquire");
        assertEquals(library, events.stream().map(e -> LibraryView.line(e, false)).collect(Collectors.toList()));
        List<Long> slept = with.stderr.lines().filter(l -> l.startsWith("lib slept-nanos "))
                .map(l -> Long.parseLong(l.substring("lib slept-nanos ".length()))).collect(Collectors.toList());
        List<Long> waits = new ArrayList<>();
        for (JsonNode event : events) {
            assertEquals("guava", event.at("/event/provider").asText());
            assertTrue(event.at("/rate_limiter/name").asText().matches("GuavaApp\\.java:\\d+"), event.toString());
            if (event.at("/rate_limiter/result").asText().equals("waited")) {
                waits.add(event.at("/rate_limiter/wait").asLong());
            }
        }
        assertEquals(slept, waits, "rate_limiter.wait of each waited event is the time acquire() said it slept");
        assertTrue(slept.size() >= 2, "the app waits at least twice: " + with.stderr);
    }

    private static ChildJvm app(String version) {
        return ChildJvm.app(GuavaApp.class)
                .libs("guava-" + version);
    }
}
