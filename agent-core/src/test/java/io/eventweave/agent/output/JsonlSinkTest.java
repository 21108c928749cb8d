package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file itself: opening a file that is already there (a restart with the same output path). */
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
            sink.write(line, line.length);
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
            sink.write(line, line.length);
        }
        assertEquals("{\"a\":1}\n{\"b\":2}\n", Files.readString(file, StandardCharsets.UTF_8));
    }

    private static JsonlSink sink(Path file) {
        OutputSettings settings = OutputSettings.defaults(file);
        return new JsonlSink(settings, new RotatedFiles(settings, new PrintStream(new ByteArrayOutputStream())));
    }
}
