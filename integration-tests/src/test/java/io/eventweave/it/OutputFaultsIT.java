package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventweave.it.apps.LoadApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that is full, or fills up and is freed again while the application runs. */
class OutputFaultsIT {
    private static final Pattern AT_EXIT = Pattern.compile(
            "at exit: (\\d+) events emitted, (\\d+) written to (\\S+), (\\d+) dropped \\(io_error (\\d+)\\)");

    @TempDir
    Path dir;

    @Test
    void devFullLosesEverythingVisiblyAndTheAppFinishesNormally() throws Exception {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "skipped: /dev/full is not writable here");
        ChildJvm.Result run = ChildJvm.app(LoadApp.class).args("2", "5000", "0")
                .env("EVENTWEAVE_OUTPUT_PATH", "/dev/full")
                .workDir(dir).run().assertSucceeded();
        assertTrue(run.stdout.contains("done 10000"), run.stdout);
        List<String> lines = run.stderr.lines().toList();
        assertTrue(lines.get(0).contains("cannot write /dev/full") && lines.get(0).contains("No space left on device"),
                run.stderr);
        Matcher m = AT_EXIT.matcher(run.stderr);
        assertTrue(m.find(), run.stderr);
        long emitted = Long.parseLong(m.group(1));
        assertEquals(0, Long.parseLong(m.group(2)), "nothing written");
        assertEquals(emitted, Long.parseLong(m.group(4)), "every event counted as dropped");
        assertEquals(emitted, Long.parseLong(m.group(5)), "as io_error");
        assertTrue(emitted >= 10_001, "the app's 10,000 events and agent.start: " + emitted);
        assertTrue(lines.size() <= 4, "a few lines, not one per failure: " + run.stderr);
    }

    @Test
    void aFullDiskThatIsFreedWhileTheAppRunsResumesAndCountsWhatWasLost() throws Exception {
        Path mount = dir.resolve("small-disk");
        Files.createDirectories(mount);
        Process mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String why = new String(mounted.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (mounted.waitFor() != 0) {
            System.out.println("OutputFaultsIT: skipped the tmpfs test, mount failed (needs root): " + why);
            Assumptions.abort("mount of a small tmpfs failed (needs root): " + why);
        }
        try {
            Path filler = mount.resolve("filler");
            fill(filler);
            ChildJvm child = ChildJvm.app(LoadApp.class).args("2", "6000", "1000")
                    .env("EVENTWEAVE_OUTPUT_PATH", mount.resolve("events.jsonl").toString())
                    .env("EVENTWEAVE_OUTPUT_FLUSH_INTERVAL", "100ms")
                    .workDir(dir).timeoutSeconds(60);
            Process process = child.start();
            Path stderr = dir.resolve("child.stderr");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(stderr).contains("cannot write"));
            Files.delete(filler); // the disk has room again
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(stderr).contains("writing resumed"));
            assertTrue(process.isAlive(), "resumed while the application was still running");
            ChildJvm.Result run = child.waitFor(process).assertSucceeded();
            assertTrue(run.stdout.contains("done 12000"), run.stdout);

            EventFile log = EventFile.snapshot(mount.resolve("events.jsonl"));
            List<JsonNode> resumed = log.named("agent.output.resumed");
            assertEquals(1, resumed.size(), resumed.toString());
            JsonNode stop = log.stop();
            JsonNode counts = stop.at("/agent/events");
            long ioErrors = counts.at("/dropped_by_reason/io_error").asLong();
            assertTrue(ioErrors > 0, counts.toString());
            assertEquals(ioErrors, resumed.get(0).at("/agent/output/lost").asLong(), "the resumed line counts the loss");
            assertEquals(counts.path("emitted").asLong(), counts.path("written").asLong() + counts.path("dropped").asLong());
            assertEquals(log.all().size() - 1, counts.path("written").asLong(), "lines before agent.stop = written");
            assertEquals(12_000, log.named("http.client.request").size() + counts.path("dropped").asLong()
                    - (log.all().stream().anyMatch(l -> l.at("/event/name").asText().equals("agent.start")) ? 0 : 1),
                    "each of the app's events is in the file or counted (agent.start was lost with the disk full)");
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    @Test
    void anOutputDirectoryRemovedWhileTheAppRunsIsCreatedAgain() throws Exception {
        Path out = dir.resolve("logs");
        ChildJvm child = ChildJvm.app(LoadApp.class).args("1", "4000", "1000") // 4 s of events
                .env("EVENTWEAVE_OUTPUT_PATH", out.resolve("events.jsonl").toString())
                .env("EVENTWEAVE_OUTPUT_FLUSH_INTERVAL", "100ms")
                .workDir(dir);
        Process process = child.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out.resolve("events.jsonl"))
                && Files.readString(out.resolve("events.jsonl")).contains("http.client.request"));
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(out); // a clean-up job removes the directory
        ChildJvm.Result run = child.waitFor(process).assertSucceeded();
        assertTrue(run.stderr.contains("was deleted or replaced") && run.stderr.contains("new file (number 2)"),
                run.stderr);
        EventFile log = EventFile.snapshot(out.resolve("events.jsonl"));
        JsonNode first = log.all().get(0);
        assertEquals("agent.file", first.at("/event/name").asText());
        assertEquals(2, first.at("/agent/output/file/number").asInt());
        assertTrue(log.named("http.client.request").size() > 500, "events written after the directory came back");
        JsonNode counts = log.stop().at("/agent/events");
        assertEquals(counts.path("emitted").asLong(), counts.path("written").asLong() + counts.path("dropped").asLong());
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // the disk is full now
        }
    }
}
