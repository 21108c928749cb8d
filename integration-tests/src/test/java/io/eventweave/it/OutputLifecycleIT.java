package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.testing.apps.HttpClientApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import io.eventweave.testing.RecordingHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file while the application runs (flush interval, agent.stats) and when it cannot be written at all. */
class OutputLifecycleIT {
    @TempDir
    Path dir;

    @Test
    void eventsReachTheFileWithinTheFlushIntervalAndStatsAreWrittenWhileTheAppRuns() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            ChildJvm child = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200", "sleep:4000")
                    .env("EVENTWEAVE_OUTPUT_FLUSH_INTERVAL", "200ms")
                    .env("EVENTWEAVE_STATS_INTERVAL", "500ms")
                    .workDir(dir);
            Process process = child.start();
            // while the app sleeps (it is still alive): the call's event and agent.stats lines are on disk (the wait is
            // from the start of the process, which on a loaded machine can take seconds before the call)
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(50)).until(() -> {
                List<Path> files = EventFile.files(dir);
                if (files.isEmpty()) {
                    return false;
                }
                String content = Files.readString(files.get(0));
                return content.contains("http.client.request") && content.contains("agent.stats");
            });
            assertTrue(process.isAlive(), "the events were flushed before the application ended");
            child.waitFor(process).assertSucceeded();
            EventFile events = EventFile.single(dir).assertHealthy();
            List<JsonNode> stats = events.named("agent.stats");
            assertTrue(stats.size() >= 3, "about one agent.stats per 500 ms over 4 s: " + stats.size());
            for (JsonNode line : stats) {
                JsonNode counts = line.at("/agent/events");
                assertEquals(line.at("/event/sequence").asLong(), counts.path("emitted").asLong());
                assertEquals(counts.path("emitted").asLong(), counts.path("written").asLong()
                        + counts.path("dropped").asLong() + counts.path("queued").asLong(), line.toString());
                long linesBefore = events.all().stream()
                        .filter(l -> l.at("/event/sequence").asLong() < line.at("/event/sequence").asLong()).count();
                assertTrue(counts.path("written").asLong() <= linesBefore, line.toString());
            }
        }
    }

    @Test
    void anOutputThatCannotBeOpenedIsReportedOnceAndTheAppIsUnaffected() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Path blocker = dir.resolve("not-a-directory");
            Files.writeString(blocker, "a file where the agent wants a directory\n");
            ChildJvm.Result run = ChildJvm.app(HttpClientApp.class)
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200", "url:GET:/status/200:code")
                    .env("EVENTWEAVE_OUTPUT_PATH", blocker.resolve("events.jsonl").toString())
                    .workDir(dir).run().assertSucceeded();
            ChildJvm.Result without = ChildJvm.app(HttpClientApp.class).withoutAgent()
                    .args(String.valueOf(server.port()), "jdk:GET:/status/200", "url:GET:/status/200:code")
                    .run().assertSucceeded();
            assertEquals(without.stdout, run.stdout, "the application's own output is unchanged");
            List<String> lines = run.stderr.lines().filter(l -> l.startsWith("eventweave:")).toList();
            assertTrue(lines.get(0).contains("cannot open the output file") && lines.get(0).contains(blocker.toString()),
                    run.stderr);
            assertTrue(lines.size() <= 3, "a few lines, not one per event: " + run.stderr);
            assertEquals(4, server.requests().size(), "two calls in each of the two runs");
        }
    }
}
