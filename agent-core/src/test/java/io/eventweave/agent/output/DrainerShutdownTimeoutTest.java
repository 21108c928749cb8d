package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.Emit;
import io.eventweave.runtime.EventCounters;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.RingBuffer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown drain runs out of time: a slot claimed before the shutdown is never published (its thread is stuck),
 * so it and the events behind it cannot be taken. They are numbered below agent.stop as a gap and counted as
 * {@code shutdown_timeout}; emits after the shutdown are neither written nor counted.
 *
 * <p>One scenario per class and per JVM: {@code Emit} and the counters are process-wide (see agent/pom.xml).
 */
class DrainerShutdownTimeoutTest {
    private static final long MS = 1_000_000L;

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void positionsClaimedBeforeTheCloseAndNotTakenInTimeAreAGapCountedAsShutdownTimeout(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("events.jsonl");
        RingBuffer ring = new RingBuffer(1024);
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        AgentInfo info = new AgentInfo("0.0.0-test", file.toString(), 1024, List.of(), Map.of());
        OutputSettings output = new OutputSettings(file, Long.MAX_VALUE, 0, false, 10, Long.MAX_VALUE, "rw-------",
                16 * 1024, OutputSettings.Fsync.NONE, true);
        ErrorReporter reporter = Drainer.newReporter(err);
        JsonlFileHandler fileHandler = new JsonlFileHandler(output, new Envelope("test", "run", "host", 1L),
                reporter, err, 50 * MS);
        fileHandler.describe(info);
        assertTrue(fileHandler.openOutput());
        Emit.open(ring, false);
        Drainer drainer = new Drainer(ring, List.of(fileHandler), reporter, err, 0, 300 * MS);
        drainer.start();
        Emit.agentStart(); // position 0
        emit(500); // positions 1-500
        EventSlot stuck = ring.claim(); // position 501: its thread never publishes it
        assertNotNull(stuck);
        emit(10); // positions 502-511, behind it

        drainer.stopAndWait();
        emit(5); // after the shutdown: nothing
        assertNull(ring.claim(), "the ring is closed");
        ring.publish(stuck);

        List<Map<String, String>> lines = new ArrayList<>();
        JsonFactory json = new JsonFactory();
        PipelineScenario.forEachLine(file, (bytes, off, len) -> {
            try {
                lines.add(PipelineScenario.flatten(json, bytes, off, len));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        long previous = -1;
        for (Map<String, String> line : lines) {
            long sequence = Long.parseLong(line.get("event.sequence"));
            assertTrue(sequence > previous, "increasing: " + sequence + " after " + previous);
            previous = sequence;
        }
        Map<String, String> stop = lines.get(lines.size() - 1);
        assertEquals("agent.stop", stop.get("event.name"));
        assertEquals("512", stop.get("event.sequence"), "agent.start, 511 events; nothing after the close");
        assertEquals("512", stop.get("agent.events.emitted"));
        assertEquals("501", stop.get("agent.events.written"), "agent.start and the 500 events before the stuck one");
        assertEquals("11", stop.get("agent.events.dropped_by_reason.shutdown_timeout"), "the stuck one and 10 behind");
        assertEquals("11", stop.get("agent.events.dropped"));
        assertEquals("0", stop.get("agent.events.queued"));
        assertEquals(502, lines.size(), "501 lines and agent.stop");
        assertEquals("500", lines.get(lines.size() - 2).get("event.sequence"), "the gap is 501-511");
        assertEquals(0, EventCounters.dropped(DropReason.QUEUE_FULL));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("11 events counted as dropped (shutdown_timeout)"),
                errBytes.toString(StandardCharsets.UTF_8));
    }

    private static void emit(int count) {
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            HttpEvents.clientRequest("test", "GET", "http", "127.0.0.1", 80, "/", 200, 0, null, t, t, null);
        }
    }
}
