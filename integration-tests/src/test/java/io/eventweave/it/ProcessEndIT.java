package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.it.apps.LoadApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM and kill -9 in the middle of a stream, checked against the progress the application printed. */
class ProcessEndIT {
    @TempDir
    Path dir;

    @Test
    void sigtermWritesEverythingEmittedBeforeTheHookAndThenAgentStop() throws Exception {
        ChildJvm child = load();
        Process process = child.start();
        long printed = awaitProgress(2_000);
        process.destroy(); // SIGTERM: shutdown hooks run
        assertEquals(143, process.waitFor(), "exit by SIGTERM");
        EventFile log = EventFile.single(dir).assertHealthy();
        long onDisk = log.named("http.client.request").size();
        assertTrue(onDisk >= printed, "the app had emitted " + printed + " before the signal, " + onDisk + " on disk");
        assertEquals(0, log.stop().at("/agent/events/dropped").asLong());
    }

    @Test
    void killMinus9LosesAtMostTheLastFlushIntervalAndBreaksNoLine() throws Exception {
        ChildJvm child = load();
        Process process = child.start();
        awaitProgress(2_000);
        List<long[]> progress = progress(); // {time read, count}: read in order, so the time is an upper bound
        process.destroyForcibly(); // SIGKILL: no hook
        long killedAt = System.nanoTime();
        process.waitFor();
        // events the app reported at least 3 flush intervals (3 x 200 ms) before the kill must be on disk
        long safe = 0;
        for (long[] p : progress) {
            if (killedAt - p[0] >= 600_000_000L) {
                safe = Math.max(safe, p[1]);
            }
        }
        Path file = EventFile.files(dir).get(0);
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(content.endsWith("\n"), "no broken last line");
        EventFile log = EventFile.snapshot(file); // every line parses and passes the schema
        assertTrue(log.named("agent.stop").isEmpty(), "kill -9 leaves no agent.stop");
        long onDisk = log.named("http.client.request").size();
        assertTrue(onDisk >= safe, "reported " + safe + " at least 600 ms before the kill, " + onDisk + " on disk");
    }

    private ChildJvm load() {
        return ChildJvm.app(LoadApp.class).args("2", "1000000", "2000")
                .env("EVENTWEAVE_OUTPUT_FLUSH_INTERVAL", "200ms").workDir(dir).timeoutSeconds(60);
    }

    private final List<long[]> seen = new ArrayList<>();

    /** Waits until the app reports at least {@code count} events; returns the latest count it printed. */
    private long awaitProgress(long count) throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> latest(progress()) >= count);
        return latest(progress());
    }

    private List<long[]> progress() throws Exception {
        Path out = dir.resolve("child.stdout");
        List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
        long now = System.nanoTime();
        for (int i = seen.size(); i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("emitted ") && (i < lines.size() - 1 || line.matches("emitted \\d+"))) {
                seen.add(new long[] {now, Long.parseLong(line.substring("emitted ".length()).trim())});
            } else {
                break; // a line still being written: read it next time
            }
        }
        return seen;
    }

    private static long latest(List<long[]> progress) {
        return progress.isEmpty() ? 0 : progress.get(progress.size() - 1)[1];
    }
}
