package io.eventweave.cli.input;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** A test's directory of output files: written, then opened as a command opens it. */
final class InputDir {
    private InputDir() {
    }

    /** Every eventweave file in {@code dir}, read whole, no progress. */
    static EventInput open(Path dir) throws IOException {
        try {
            return new EventInput(InputFiles.resolve(List.of(dir.toString()), dir), false, null,
                    EventInput.Selection.ALL, Progress.NONE);
        } catch (io.eventweave.cli.UsageException e) {
            throw new AssertionError(e);
        }
    }

    static void write(Path dir, String name, String text, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))
                : Files.newOutputStream(dir.resolve(name))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
