package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.eventweave.format.LineIndex;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file itself: opening a file that is already there (a restart with the same output path), and the line index
 * beside it through writes, restarts, crashes and rotation.
 */
class JsonlSinkTest {
    @TempDir
    Path dir;

    @Test
    void appendsToAnExistingFileAfterCuttingItsPartialLastLine() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"a\":1}\n{\"b\":2}\n{\"c\":", StandardCharsets.UTF_8); // a crash mid-line
        try (JsonlSink sink = sink(file)) {
            sink.open();
            byte[] line = "{\"d\":4}\n".getBytes(StandardCharsets.UTF_8);
            sink.write(line, line.length, new BatchLines());
        }
        assertEquals("{\"a\":1}\n{\"b\":2}\n{\"d\":4}\n", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void appendsToAnExistingWholeFileUnchanged() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"a\":1}\n", StandardCharsets.UTF_8);
        try (JsonlSink sink = sink(file)) {
            sink.open();
            byte[] line = "{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
            sink.write(line, line.length, new BatchLines());
        }
        assertEquals("{\"a\":1}\n{\"b\":2}\n", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void indexesEveryLineWithItsOffsetNameAndTime() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (JsonlSink sink = sink(file)) {
            sink.open();
            write(sink, "agent.start", 1000, "http.client.request", 1001);
            write(sink, "http.client.request", 1002, "retry.attempt", 1003, "http.client.request", 1004);
        }
        assertIndexed(file, "agent.start", 1000, "http.client.request", 1001, "http.client.request", 1002,
                "retry.attempt", 1003, "http.client.request", 1004);
    }

    @Test
    void aRestartAppendsToTheIndexItFinds() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (JsonlSink sink = sink(file)) {
            sink.open();
            write(sink, "agent.start", 1, "retry.attempt", 2);
        }
        try (JsonlSink sink = sink(file)) {
            sink.open();
            write(sink, "agent.start", 3, "fallback.invoke", 4, "retry.attempt", 5);
        }
        assertIndexed(file, "agent.start", 1, "retry.attempt", 2, "agent.start", 3, "fallback.invoke", 4,
                "retry.attempt", 5);
    }

    @Test
    void aPartialLineCutOnRestartIsCutFromTheIndexToo() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (JsonlSink sink = sink(file)) {
            sink.open();
            write(sink, "agent.start", 1, "retry.attempt", 2);
            write(sink, "fallback.invoke", 3);
        }
        // a crash in the middle of the last line: its record was written, half of its bytes were
        long size = Files.size(file);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(size - 5);
        }
        try (JsonlSink sink = sink(file)) {
            sink.open();
            write(sink, "agent.start", 4);
        }
        assertIndexed(file, "agent.start", 1, "retry.attempt", 2, "agent.start", 4);
    }

    @Test
    void linesTheIndexMissesLeaveTheFileWithoutOne() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (JsonlSink sink = sink(file)) {
            sink.open();
            write(sink, "agent.start", 1);
        }
        Files.writeString(file, line("retry.attempt", 2), StandardOpenOption.APPEND); // written, never indexed
        try (JsonlSink sink = sink(file)) {
            sink.open();
            write(sink, "agent.start", 3);
        }
        assertFalse(Files.exists(LineIndex.of(file)), "an index that skips a line is no index");
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void aFileAnEarlierVersionWroteGetsNoIndex() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, line("agent.start", 1));
        try (JsonlSink sink = sink(file)) {
            sink.open();
            write(sink, "retry.attempt", 2);
        }
        assertFalse(Files.exists(LineIndex.of(file)));
    }

    @Test
    void rotationRenamesTheIndexWithItsFileAndBeginsANewOne() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Path rotated;
        // not compressed: a compressed file keeps no index (RotatedFilesTest); its thread is let finish before the
        // files are read
        OutputSettings settings = new OutputSettings(file, 100L << 20, 0, false, 10, 1L << 30, "rw-------",
                16 * 1024, OutputSettings.Fsync.NONE, true);
        RotatedFiles rotatedFiles = new RotatedFiles(settings, new PrintStream(new ByteArrayOutputStream()));
        try (JsonlSink sink = new JsonlSink(settings, rotatedFiles)) {
            sink.open();
            write(sink, "agent.start", 1, "retry.attempt", 2);
            rotated = sink.rotate();
            write(sink, "agent.file", 3);
        }
        rotatedFiles.finish(5_000_000_000L);
        assertIndexed(rotated, "agent.start", 1, "retry.attempt", 2);
        assertIndexed(file, "agent.file", 3);
    }

    @Test
    void withTheIndexOffNoneIsWritten() throws Exception {
        Path file = dir.resolve("events.jsonl");
        OutputSettings settings = new OutputSettings(file, 100L << 20, 0, true, 10, 1L << 30, "rw-------", 16 * 1024,
                OutputSettings.Fsync.NONE, false);
        try (JsonlSink sink = new JsonlSink(settings, new RotatedFiles(settings,
                new PrintStream(new ByteArrayOutputStream())))) {
            sink.open();
            write(sink, "agent.start", 1);
        }
        assertFalse(Files.exists(LineIndex.of(file)));
    }

    /** One batch: name, epoch millis, name, epoch millis... */
    private static void write(JsonlSink sink, Object... nameAndMillis) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BatchLines lines = new BatchLines();
        for (int i = 0; i < nameAndMillis.length; i += 2) {
            byte[] line = line((String) nameAndMillis[i], (Integer) nameAndMillis[i + 1]).getBytes(
                    StandardCharsets.UTF_8);
            lines.add(bytes.size(), line.length, (String) nameAndMillis[i], (Integer) nameAndMillis[i + 1]);
            bytes.write(line);
        }
        sink.write(bytes.toByteArray(), bytes.size(), lines);
    }

    private static String line(String name, long millis) {
        return "{\"@timestamp\":" + millis + ",\"event\":{\"name\":\"" + name + "\"}}\n";
    }

    /** The index of {@code file} covers it whole, each line's record holding its offset, length, name and time. */
    private static void assertIndexed(Path file, Object... nameAndMillis) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(nameAndMillis.length / 2, lines.size());
        try (FileChannel index = FileChannel.open(LineIndex.of(file));
                FileChannel data = FileChannel.open(file)) {
            LineIndex.Contents contents = LineIndex.read(index, data, data.size(), LineIndex.ALL);
            assertEquals(data.size(), contents.coveredBytes);
            assertEquals(index.size(), contents.indexBytes);
            assertEquals(lines.size(), contents.lines);
            assertEquals(lines.size(), contents.picked);
            long offset = 0;
            for (int i = 0; i < lines.size(); i++) {
                String name = (String) nameAndMillis[2 * i];
                long millis = (Integer) nameAndMillis[2 * i + 1];
                assertEquals(line(name, millis), lines.get(i) + "\n");
                assertEquals(offset, contents.offsets[i], "line " + i);
                assertEquals(i + 1, contents.lineNumbers[i], "line " + i);
                assertEquals(lines.get(i).length() + 1, contents.lengths[i], "line " + i);
                assertEquals(name, contents.names[contents.codes[i]], "line " + i);
                assertEquals(millis, contents.epochMillis[i], "line " + i);
                offset += contents.lengths[i];
            }
        }
    }

    private static JsonlSink sink(Path file) {
        OutputSettings settings = OutputSettings.defaults(file);
        return new JsonlSink(settings, new RotatedFiles(settings, new PrintStream(new ByteArrayOutputStream())));
    }
}
