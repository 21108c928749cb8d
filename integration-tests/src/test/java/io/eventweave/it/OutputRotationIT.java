package io.eventweave.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventweave.format.LineIndex;
import io.eventweave.it.apps.LoadApp;
import io.eventweave.testing.ChildJvm;
import io.eventweave.testing.EventFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rotation by size, gzip of rotated files, retention, and one file per process; the line index beside each plain
 * file through all of them.
 */
class OutputRotationIT {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void fourThreadsRotateIntoCompressedFilesWithEveryEventOnDiskOrCounted() throws Exception {
        ChildJvm.Result run = ChildJvm.app(LoadApp.class).args("4", "100000", "0")
                .env("EVENTWEAVE_OUTPUT_PATH", "out/events.jsonl")
                .env("EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "1MB")
                .env("EVENTWEAVE_OUTPUT_MAX_FILES", "1000")
                .env("EVENTWEAVE_QUEUE_SIZE", "1048576")
                .env("EVENTWEAVE_SHUTDOWN_TIMEOUT", "30s")
                .workDir(dir).timeoutSeconds(120).run().assertSucceeded();
        assertEquals("", run.stderr);
        Path out = dir.resolve("out");
        EventFile log = EventFile.rotatedSet(out.resolve("events.jsonl")).assertHealthy();
        List<Path> files = log.files();
        assertTrue(files.size() >= 10, "several rotated files: " + files.size());
        for (int i = 0; i < files.size() - 1; i++) {
            Path file = files.get(i);
            assertTrue(file.getFileName().toString().matches("events\\.\\d{6}\\.jsonl\\.gz"), "compressed: " + file);
        }
        try (Stream<Path> all = Files.list(out)) {
            List<String> leftovers = all.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp") || n.matches("events\\.\\d{6}\\.jsonl")).collect(Collectors.toList());
            assertEquals(List.of(), leftovers, "nothing half-compressed or uncompressed left");
        }
        try (Stream<Path> all = Files.list(out)) {
            assertEquals(List.of(".events.idx"), all.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(LineIndex.SUFFIX)).collect(Collectors.toList()),
                    "a compressed file keeps no index; the active file has one");
        }
        assertIndexDescribes(out.resolve("events.jsonl"));
        for (Path file : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        // each file after the first starts with agent.file naming its number; uncompressed sizes stay within 1MB
        for (int i = 1; i < files.size(); i++) {
            JsonNode first = log.firstLineOf(i);
            assertEquals("agent.file", first.at("/event/name").asText(), files.get(i).toString());
            assertEquals(i + 1, first.at("/agent/output/file/number").asInt());
        }
        assertTrue(Files.size(files.get(files.size() - 1)) <= MB);
        // every event of every producer is on disk or counted, in each producer's order
        JsonNode counts = log.stop().at("/agent/events");
        assertEquals(400_000 + log.named("agent.file").size() + log.named("agent.stats").size() + 1,
                counts.path("emitted").asLong(), "every emit numbered: " + counts);
        Map<Integer, Long> lastByProducer = new HashMap<>();
        long http = 0;
        for (JsonNode line : log.named("http.client.request")) {
            int producer = line.at("/server/port").asInt();
            long sequence = line.at("/event/sequence").asLong();
            assertTrue(sequence > lastByProducer.getOrDefault(producer, -1L), "producer order: " + line);
            lastByProducer.put(producer, sequence);
            http++;
        }
        assertEquals(400_000, http + counts.path("dropped").asLong(), "written or dropped: " + counts);
        assertEquals(counts.path("dropped").asLong(), counts.at("/dropped_by_reason/queue_full").asLong());
        System.out.printf("rotation: %d files, %d http events written, %d dropped%n", files.size(), http,
                counts.path("dropped").asLong());
    }

    @Test
    void retentionKeepsAtMostMaxFilesRotatedFiles() throws Exception {
        ChildJvm.app(LoadApp.class).args("2", "50000", "0")
                .env("EVENTWEAVE_OUTPUT_PATH", "events.jsonl")
                .env("EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "256KB")
                .env("EVENTWEAVE_OUTPUT_MAX_FILES", "3")
                .env("EVENTWEAVE_OUTPUT_COMPRESS", "none")
                .env("EVENTWEAVE_QUEUE_SIZE", "131072")
                .workDir(dir).timeoutSeconds(120).run().assertSucceeded();
        List<String> rotated;
        try (Stream<Path> all = Files.list(dir)) {
            rotated = all.map(p -> p.getFileName().toString()).filter(n -> n.matches("events\\.\\d{6}\\.jsonl"))
                    .sorted().collect(Collectors.toList());
        }
        assertEquals(3, rotated.size(), rotated.toString());
        JsonNode last = EventFile.snapshot(dir.resolve("events.jsonl")).all().get(0);
        int activeNumber = last.at("/agent/output/file/number").asInt();
        assertTrue(activeNumber > 4, "rotated more than kept: " + activeNumber);
        assertEquals(List.of(name(activeNumber - 3), name(activeNumber - 2), name(activeNumber - 1)), rotated,
                "the newest are kept");
        // each plain file keeps its index, renamed with it at rotation; retention deleted the others' with them
        List<String> indexes;
        try (Stream<Path> all = Files.list(dir)) {
            indexes = all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(LineIndex.SUFFIX))
                    .sorted().collect(Collectors.toList());
        }
        List<String> expected = new java.util.ArrayList<>();
        for (String file : rotated) {
            expected.add(LineIndex.of(Path.of(file)).toString());
        }
        expected.add(".events.idx");
        assertEquals(expected, indexes);
        for (String file : rotated) {
            assertIndexDescribes(dir.resolve(file));
        }
        assertIndexDescribes(dir.resolve("events.jsonl"));
    }

    /**
     * The file's line index describes it whole: a record per line, in order, each with the line's offset, length,
     * event name and millisecond.
     */
    private static void assertIndexDescribes(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        try (FileChannel index = FileChannel.open(LineIndex.of(file)); FileChannel data = FileChannel.open(file)) {
            LineIndex.Contents contents = LineIndex.read(index, data, bytes.length, LineIndex.ALL);
            assertEquals(bytes.length, contents.coveredBytes, file + ": the index covers the whole file");
            ObjectMapper json = new ObjectMapper();
            int start = 0;
            for (int i = 0; i < contents.picked; i++) {
                assertEquals(start, contents.offsets[i], file + " line " + (i + 1));
                int end = start + contents.lengths[i];
                assertEquals('\n', bytes[end - 1], file + " line " + (i + 1));
                JsonNode line = json.readTree(new String(bytes, start, end - start, StandardCharsets.UTF_8));
                assertEquals(line.at("/event/name").asText(), contents.names[contents.codes[i]],
                        file + " line " + (i + 1));
                assertEquals(Instant.parse(line.path("@timestamp").asText()).toEpochMilli(), contents.epochMillis[i],
                        file + " line " + (i + 1));
                start = end;
            }
            assertEquals(bytes.length, start);
        }
    }

    @Test
    void rotatesByAgeAndKeepsTheConfiguredPermissions() throws Exception {
        ChildJvm.app(LoadApp.class).args("1", "3500", "1000") // 3.5 s of events
                .env("EVENTWEAVE_OUTPUT_PATH", "events.jsonl")
                .env("EVENTWEAVE_OUTPUT_ROTATE_INTERVAL", "1s")
                .env("EVENTWEAVE_OUTPUT_FILE_PERMISSIONS", "0640")
                .workDir(dir).run().assertSucceeded();
        EventFile log = EventFile.rotatedSet(dir.resolve("events.jsonl")).assertHealthy();
        assertTrue(log.files().size() >= 3, "about one file per second: " + log.files());
        for (Path file : log.files()) {
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        assertEquals(3500, log.named("http.client.request").size());
    }

    @ParameterizedTest(name = "output.fsync={0}")
    @ValueSource(strings = {"interval", "always"})
    void everyFsyncModeWritesTheSameLog(String mode) throws Exception {
        ChildJvm.Result run = ChildJvm.app(LoadApp.class).args("2", "2000", "2000")
                .env("EVENTWEAVE_OUTPUT_FSYNC", mode)
                .env("EVENTWEAVE_OUTPUT_FLUSH_INTERVAL", "100ms")
                .workDir(dir).run().assertSucceeded();
        assertEquals("", run.stderr);
        EventFile log = run.events().assertHealthy();
        assertEquals(mode, log.start().at("/agent/config/eventweave.output.fsync").asText());
        assertEquals(4000, log.named("http.client.request").size() + log.stop().at("/agent/events/dropped").asLong());
    }

    @Test
    void totalSizeCapDeletesTheOldestRotatedFiles() throws Exception {
        ChildJvm.app(LoadApp.class).args("2", "30000", "0")
                .env("EVENTWEAVE_OUTPUT_PATH", "events.jsonl")
                .env("EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "256KB")
                .env("EVENTWEAVE_OUTPUT_TOTAL_SIZE_CAP", "600KB")
                .env("EVENTWEAVE_OUTPUT_MAX_FILES", "100")
                .env("EVENTWEAVE_OUTPUT_COMPRESS", "none")
                .env("EVENTWEAVE_QUEUE_SIZE", "131072")
                .workDir(dir).timeoutSeconds(120).run().assertSucceeded();
        List<Path> rotated;
        try (Stream<Path> all = Files.list(dir)) {
            rotated = all.filter(p -> p.getFileName().toString().matches("events\\.\\d{6}\\.jsonl")).sorted()
                    .collect(Collectors.toList());
        }
        long total = 0;
        for (Path file : rotated) {
            total += Files.size(file);
        }
        assertTrue(total <= 600 * 1024, "rotated files total " + total + " bytes: " + rotated);
        assertTrue(total > (600 - 256) * 1024, "not more deleted than needed (each file is at most 256KB): " + total);
        int activeNumber = EventFile.snapshot(dir.resolve("events.jsonl")).all().get(0)
                .at("/agent/output/file/number").asInt();
        assertTrue(activeNumber - 1 > rotated.size(), "older files were deleted: " + activeNumber);
        List<String> newest = new java.util.ArrayList<>();
        for (int n = activeNumber - rotated.size(); n < activeNumber; n++) {
            newest.add(name(n));
        }
        assertEquals(newest, rotated.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()),
                "the newest are kept");
    }

    private static String name(int number) {
        return String.format("events.%06d.jsonl", number);
    }

    @Test
    void twoJvmsWithTheDefaultPathInOneDirectoryWriteTwoFiles() throws Exception {
        Process first = ChildJvm.app(LoadApp.class).args("2", "20000", "20000").workDir(dir).logName("first").start();
        ChildJvm second = ChildJvm.app(LoadApp.class).args("2", "20000", "20000").workDir(dir);
        ChildJvm.Result b = second.run().assertSucceeded();
        assertEquals(0, first.waitFor());
        List<Path> files = EventFile.files(dir);
        assertEquals(2, files.size(), files.toString());
        EventFile one = EventFile.snapshot(files.get(0)).assertHealthy();
        EventFile two = EventFile.snapshot(files.get(1)).assertHealthy();
        assertNotEquals(one.start().at("/process/pid").asLong(), two.start().at("/process/pid").asLong());
        assertNotEquals(one.start().at("/service/instance/id").asText(), two.start().at("/service/instance/id").asText());
        for (EventFile f : List.of(one, two)) {
            long pid = f.start().at("/process/pid").asLong();
            assertEquals("eventweave-" + pid + ".jsonl", f.path().getFileName().toString());
            f.all().forEach(line -> assertEquals(pid, line.at("/process/pid").asLong(), "one process per file"));
            assertEquals(40_000, f.named("http.client.request").size() + f.stop().at("/agent/events/dropped").asLong());
        }
        assertTrue(b.stdout.contains("done 40000"), b.stdout);
    }
}
