package io.eventweave.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventweave.format.OutputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JSONL file a child JVM wrote, read once it is complete (ends with {@code agent.stop}). Every line is checked
 * against {@code docs/event-schema.json} as it is read.
 */
public final class EventFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final List<JsonNode> lines = new ArrayList<>();
    /** For a rotated set: each file, and the index of its first line in {@link #lines}. */
    private final List<Path> files = new ArrayList<>();
    private final List<Integer> firstLines = new ArrayList<>();

    private EventFile(Path path) {
        this(List.of(path));
    }

    private EventFile(List<Path> paths) {
        this.path = paths.get(paths.size() - 1);
        for (Path file : paths) {
            files.add(file);
            firstLines.add(lines.size());
            String content = read(file);
            assertTrue(content.isEmpty() || content.endsWith("\n"), "file must end with a whole line: " + file);
            for (String line : content.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                EventSchema.assertValid(line);
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
    }

    /**
     * The whole log of one process after rotation: {@code <stem>.<number>.jsonl[.gz]} in number order, then the
     * active {@code <stem>.jsonl}, read as one.
     */
    public static EventFile rotatedSet(Path active) {
        List<Path> paths;
        try {
            paths = new ArrayList<>(OutputFiles.rotatedInOrder(active));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        paths.add(active);
        return new EventFile(paths);
    }

    /** The files read, oldest first (one for a single file). */
    public List<Path> files() {
        return files;
    }

    /** The first line of the i-th file. */
    public JsonNode firstLineOf(int fileIndex) {
        return lines.get(firstLines.get(fileIndex));
    }

    /** Waits (Awaitility) for exactly one {@code eventweave-*.jsonl} in {@code dir} ending with agent.stop. */
    public static EventFile single(Path dir) {
        Path file = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> onlyFile(dir), p -> p != null && read(p).contains("\"name\":\"agent.stop\""));
        return new EventFile(file);
    }

    /** Reads a file that may still be growing (for tests that watch a running child). */
    public static EventFile snapshot(Path file) {
        return new EventFile(file);
    }

    public static List<Path> files(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path onlyFile(Path dir) {
        List<Path> files = files(dir);
        if (files.size() > 1) {
            throw new AssertionError("expected one event file in " + dir + ", found " + files);
        }
        return files.isEmpty() ? null : files.get(0);
    }

    private static String read(Path p) {
        try {
            if (p.getFileName().toString().endsWith(".gz")) {
                try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    public List<JsonNode> all() {
        return lines;
    }

    public List<JsonNode> named(String eventName) {
        return lines.stream().filter(n -> eventName.equals(n.path("event").path("name").asText()))
                .collect(Collectors.toList());
    }

    public JsonNode start() {
        List<JsonNode> starts = named("agent.start");
        assertEquals(1, starts.size(), "one agent.start");
        return starts.get(0);
    }

    public JsonNode stop() {
        List<JsonNode> stops = named("agent.stop");
        assertEquals(1, stops.size(), "one agent.stop");
        return stops.get(0);
    }

    /**
     * What every test checks: agent.start first with sequence 0, agent.stop last; sequence numbers unique;
     * emitted = written + dropped; the lines before agent.stop are exactly the written ones; the sequence numbers
     * missing below agent.stop's are exactly the dropped ones; no internal error was suppressed.
     */
    public EventFile assertHealthy() {
        assertEquals("agent.start", lines.get(0).path("event").path("name").asText(), "first line");
        assertEquals(0, lines.get(0).path("event").path("sequence").asLong(), "agent.start sequence");
        JsonNode stop = lines.get(lines.size() - 1);
        assertEquals("agent.stop", stop.path("event").path("name").asText(), "last line");
        JsonNode counts = stop.path("agent").path("events");
        long emitted = counts.path("emitted").asLong();
        long written = counts.path("written").asLong();
        long dropped = counts.path("dropped").asLong();
        assertEquals(emitted, written + dropped, "emitted = written + dropped: " + counts);
        assertEquals(stop.path("event").path("sequence").asLong(), emitted, "agent.stop numbers what came before it");
        assertEquals(lines.size() - 1, written, "lines before agent.stop = written");
        Set<Long> sequences = new HashSet<>();
        for (JsonNode line : lines) {
            long sequence = line.path("event").path("sequence").asLong();
            assertTrue(sequences.add(sequence), "sequence " + sequence + " written twice");
            assertTrue(sequence <= emitted, "sequence above agent.stop: " + line);
        }
        assertEquals(emitted - written, dropped, "gaps in event.sequence = dropped");
        assertEquals(0, stop.path("agent").path("errors").path("total").asLong(),
                "no internal error suppressed: " + stop.path("agent").path("errors"));
        return this;
    }

    @Override
    public String toString() {
        return path + " (" + lines.size() + " lines)";
    }
}
