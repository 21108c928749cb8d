package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventweave.format.OutputFiles;
import io.eventweave.it.apps.LongRunningApp;
import io.eventweave.it.apps.MetricsApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NATS JetStream shipper against a real {@code nats-server -js} (Debian's package): the stream must hold every line
 * of the agent's files exactly once, in order per process, on the subject {@code eventweave.<service>.<event.name>}
 * with {@code Nats-Msg-Id = <service.instance.id>:<event.sequence>} — after a plain run, with the server killed and
 * started again mid-run (the application's own output and pace unchanged), and with the application killed
 * ({@code kill -9}) and started again on the same output. The oracle is the files themselves: the agent's output of
 * record, compared line for line with what the stream holds.
 */
class NatsShipperIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "EVENTWEAVE";

    /** One message as the stream holds it. */
    record Shipped(long streamSequence, String subject, String messageId, String line) {
    }

    @Test
    void everyLineOfTheFileIsInTheStreamOnceInOrderOnItsSubject(@TempDir Path dir) throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            Path output = dir.resolve("out/events.jsonl");
            ChildJvm.Result run = app(MetricsApp.class, nats, output).args("20", "10").run().assertSucceeded();
            assertTrue(run.stdout.contains("ready"), run.stdout);
            io.eventweave.testing.EventFile.snapshot(output).assertHealthy(); // agent.nats in agent.stop: the schema
            List<String> lines = linesOf(output);
            List<Shipped> stream = awaitStream(nats, lines.size());
            assertExactlyTheLines(lines, stream);
            for (Shipped s : stream) {
                JsonNode e = JSON.readTree(s.line());
                assertEquals("eventweave.checkout." + e.at("/event/name").asText(), s.subject(), s.line());
            }
            assertTrue(stream.stream().anyMatch(s -> s.subject().equals("eventweave.checkout.circuit_breaker"
                    + ".state_change")), "the breaker's change is on its own subject");
            // agent.stop says what was shipped before it; the checkpoint is past the last line
            JsonNode stop = JSON.readTree(lines.get(lines.size() - 1));
            assertEquals("agent.stop", stop.at("/event/name").asText());
            assertTrue(stop.at("/agent/nats/shipped").asLong() > 0, stop.toString());
            assertEquals(0, stop.at("/agent/nats/unshipped").asLong(), stop.toString());
            String checkpoint = Files.readString(output.resolveSibling("events.nats-offset"));
            assertTrue(checkpoint.contains("offset=" + Files.size(output)), checkpoint);
        }
    }

    @Test
    void theServerKilledMidRunAndStartedAgainStillMeansExactlyOnceAndTheAppDoesNotNotice(@TempDir Path dir)
            throws Exception {
        int seconds = 8;
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            // the same run with the server up throughout: the pace to compare with
            String calm = app(LongRunningApp.class, nats, dir.resolve("calm/events.jsonl"))
                    .env("EVENTWEAVE_NATS_STREAM", "CALM").env("EVENTWEAVE_NATS_SUBJECT_PREFIX", "calm")
                    .args(String.valueOf(seconds)).run().assertSucceeded().stdout;
            long plainCalls = calm.lines().filter(l -> l.startsWith("call ")).count();
            Path output = dir.resolve("out/events.jsonl");
            ChildJvm app = app(LongRunningApp.class, nats, output)
                    .args(String.valueOf(seconds));
            Process process = app.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> streamCount(nats) > 5);
            nats.stop(false); // kill -9
            Thread.sleep(2500);
            nats.restart();
            ChildJvm.Result run = app.waitFor(process).assertSucceeded();
            long calls = run.stdout.lines().filter(l -> l.startsWith("call ")).count();
            // its own output: every call answered 200, numbered from 1 without a gap, then done
            List<String> printed = run.stdout.lines().toList();
            for (int i = 0; i < calls; i++) {
                assertEquals("call " + (i + 1) + " status 200", printed.get(i), run.stdout);
            }
            assertEquals("done", printed.get(printed.size() - 1), run.stdout);
            assertTrue(Math.abs(calls - plainCalls) <= plainCalls / 8, "the app kept its pace: " + calls
                    + " calls with the server killed and started again, " + plainCalls + " with it up throughout");
            assertTrue(run.stderr.contains("NATS shipping paused") && run.stderr.contains("NATS shipping resumed"),
                    run.stderr);
            List<String> lines = linesOf(output);
            assertExactlyTheLines(lines, awaitStream(nats, lines.size()));
        }
    }

    @Test
    void theAppKilledAndStartedAgainOnTheSameOutputResumesWithoutDuplicates(@TempDir Path dir) throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            Path output = dir.resolve("out/events.jsonl");
            ChildJvm first = app(LongRunningApp.class, nats, output).args("60")
                    .logName("first");
            Process process = first.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> streamCount(nats) > 20);
            process.destroyForcibly(); // kill -9: no shutdown hook, no agent.stop, the checkpoint as it was
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
            ChildJvm.Result second = app(LongRunningApp.class, nats, output).args("2")
                    .logName("second").workDir(first.workDir()).run().assertSucceeded();
            List<String> lines = linesOf(output);
            Set<String> instances = new HashSet<>();
            for (String line : lines) {
                instances.add(JSON.readTree(line).at("/service/instance/id").asText());
            }
            assertEquals(2, instances.size(), "both runs are in the file");
            assertExactlyTheLines(lines, awaitStream(nats, lines.size()));
            assertTrue(second.stderr.isEmpty() || !second.stderr.contains("paused"), second.stderr);
        }
    }

    @Test
    void filesDeletedByRetentionBeforeTheyWereShippedAreCounted(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out/events.jsonl");
        // nothing listens there: every line waits, and retention (one rotated file of 64 KB kept) deletes the rest
        ChildJvm.Result run = ChildJvm.app(MetricsApp.class).libs("resilience4j-2.4.0")
                .env("EVENTWEAVE_SERVICE_NAME", "checkout")
                .env("EVENTWEAVE_OUTPUT_PATH", output.toString())
                .env("EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "64KB").env("EVENTWEAVE_OUTPUT_MAX_FILES", "1")
                .env("EVENTWEAVE_OUTPUT_COMPRESS", "none").env("EVENTWEAVE_SHUTDOWN_TIMEOUT", "500ms")
                .env("EVENTWEAVE_NATS_URL", "nats://127.0.0.1:" + io.eventweave.testing.FreePort.find())
                .args("600", "10").run().assertSucceeded();
        List<String> kept = linesOf(output);
        JsonNode stop = JSON.readTree(kept.get(kept.size() - 1));
        assertEquals("agent.stop", stop.at("/event/name").asText());
        long written = stop.at("/agent/events/written").asLong();
        long deleted = written - (kept.size() - 1);
        assertTrue(deleted > 0, "retention deleted files: " + OutputFiles.inOrder(output));
        // one stderr line per file deleted unshipped, with its count: together, every line the files no longer have
        List<Long> perFile = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("before it was shipped: (\\d+) event")
                .matcher(run.stderr);
        while (m.find()) {
            perFile.add(Long.parseLong(m.group(1)));
        }
        assertEquals(deleted, perFile.stream().mapToLong(Long::longValue).sum(), run.stderr);
        // agent.stop counts the files deleted before it was written, whole: the lines of the first k files, with k at
        // least the files it says were deleted (a file is counted just before its deletion, which retention may do
        // while the line is written, or after it, at exit)
        int deletedBeforeStop = stop.at("/agent/output/files/deleted").asInt();
        long unshipped = stop.at("/agent/nats/unshipped").asLong();
        long prefix = 0; // the lines of the first k files, for k from deletedBeforeStop up (0 files: 0 lines)
        List<Long> prefixes = new ArrayList<>();
        for (int k = 0; k <= perFile.size(); k++) {
            if (k >= deletedBeforeStop) {
                prefixes.add(prefix);
            }
            if (k < perFile.size()) {
                prefix += perFile.get(k);
            }
        }
        assertTrue(prefixes.contains(unshipped), unshipped + " is not the lines of the first " + deletedBeforeStop
                + " or more deleted files " + perFile + ": " + stop);
        assertEquals(0, stop.at("/agent/nats/shipped").asLong());
        assertEquals(written, stop.at("/agent/nats/pending").asLong());
        assertTrue(run.stderr.contains("before it was shipped"), run.stderr);
        assertTrue(run.stderr.contains("NATS shipping paused"), run.stderr);
    }

    @Test
    void anOutputThatCannotBeReadBackIsOneStderrLineAndNothingElse() {
        ChildJvm.Result run = ChildJvm.app(io.eventweave.it.apps.PlainApp.class)
                .env("EVENTWEAVE_OUTPUT_PATH", "/dev/stdout")
                .env("EVENTWEAVE_NATS_URL", "nats://127.0.0.1:" + io.eventweave.testing.FreePort.find())
                .run().assertSucceeded();
        List<String> lines = run.stderr.lines().filter(l -> l.contains("NATS")).toList();
        assertEquals(List.of("eventweave: NATS shipping needs a regular output file to read back; /dev/stdout is "
                + "not one, so nothing is shipped"), lines, run.stderr);
        assertTrue(run.stdout.contains("\"agent.stop\""), "the events still go to the output");
    }

    // --- helpers

    private static ChildJvm app(Class<?> main, NatsServer nats, Path output) {
        return ChildJvm.app(main).libs("resilience4j-2.4.0").env("EVENTWEAVE_SERVICE_NAME", "checkout")
                .env("EVENTWEAVE_OUTPUT_PATH", output.toString()).env("EVENTWEAVE_NATS_URL", nats.url());
    }

    /** Every line of the output, rotated files first, in the order written. */
    static List<String> linesOf(Path active) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path file : OutputFiles.inOrder(active)) {
            try (InputStream in = OutputFiles.isCompressed(file) ? new GZIPInputStream(Files.newInputStream(file))
                    : Files.newInputStream(file)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
            }
        }
        return lines;
    }

    /** The stream's messages, once it holds {@code count} (or fails with what it holds after 30 s). */
    static List<Shipped> awaitStream(NatsServer nats, int count) throws Exception {
        List<Shipped> held = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> streamCount(nats) >= count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // compared below: the assertion says what is missing
        }
        try (Connection connection = Nats.connect(nats.url())) {
            JetStreamManagement jsm = connection.jetStreamManagement();
            long last = jsm.getStreamInfo(STREAM).getStreamState().getLastSequence();
            for (long seq = 1; seq <= last; seq++) {
                MessageInfo m = jsm.getMessage(STREAM, seq);
                held.add(new Shipped(seq, m.getSubject(), m.getHeaders().getFirst("Nats-Msg-Id"),
                        new String(m.getData(), StandardCharsets.UTF_8)));
            }
        }
        return held;
    }

    static long streamCount(NatsServer nats) {
        try (Connection connection = Nats.connect(nats.url())) {
            return connection.jetStreamManagement().getStreamInfo(STREAM).getStreamState().getMsgCount();
        } catch (IOException | JetStreamApiException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The stream holds each line once with its id, and each process's lines in the order of the file. Lines of
     * several processes may interleave in the stream; per process they may not.
     */
    static void assertExactlyTheLines(List<String> lines, List<Shipped> stream) throws IOException {
        Map<String, String> byId = new LinkedHashMap<>();
        for (Shipped s : stream) {
            String earlier = byId.put(s.messageId(), s.line());
            assertEquals(null, earlier, "message id " + s.messageId() + " stored twice");
        }
        Map<String, List<String>> filePerProcess = new LinkedHashMap<>();
        for (String line : lines) {
            JsonNode e = JSON.readTree(line);
            String id = e.at("/service/instance/id").asText() + ":" + e.at("/event/sequence").asLong();
            assertEquals(line, byId.get(id), "line " + id + " in the stream as in the file");
            filePerProcess.computeIfAbsent(e.at("/service/instance/id").asText(), k -> new ArrayList<>()).add(line);
        }
        assertEquals(lines.size(), stream.size(), "as many messages as lines");
        Map<String, List<String>> streamPerProcess = new LinkedHashMap<>();
        for (Shipped s : stream) {
            streamPerProcess.computeIfAbsent(s.messageId().substring(0, s.messageId().lastIndexOf(':')),
                    k -> new ArrayList<>()).add(s.line());
        }
        assertEquals(filePerProcess, streamPerProcess, "in order per process");
    }
}
