package io.eventweave.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RangeReader}: the ranges of a file, each read alone, give back every line once and in order, whatever the
 * lines' lengths beside the range's size and the first read's ({@link RangeReader#HEAD}).
 */
class RangeReaderTest {
    @TempDir
    Path dir;

    @Test
    void theRangesTogetherAreTheFileWithEveryLineOnce() throws IOException {
        Random random = new Random(42);
        // lines far shorter than a range, about as long as the first read, and longer than a range
        int[] lengths = {1, 2, 40, 300, RangeReader.HEAD - 1, RangeReader.HEAD, RangeReader.HEAD + 1, 3 * RangeReader.HEAD,
            RangeReader.TAIL + 7, 70_000};
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int i = 0; i < 400; i++) {
            int length = lengths[random.nextInt(lengths.length)];
            for (int j = 0; j < length; j++) {
                text.write('a' + (i + j) % 26);
            }
            text.write('\n');
        }
        byte[] bytes = text.toByteArray();
        for (boolean lastLineEnded : new boolean[] {true, false}) {
            Path file = dir.resolve("f-" + lastLineEnded + ".jsonl");
            Files.write(file, lastLineEnded ? bytes : java.util.Arrays.copyOf(bytes, bytes.length - 1));
            long size = Files.size(file);
            for (int rangeBytes : new int[] {100, 999, RangeReader.HEAD - 1, RangeReader.HEAD, RangeReader.HEAD + 3,
                10_000, 65_536, 1 << 20}) {
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                ChunkReader.Chunk chunk = new ChunkReader.Chunk(rangeBytes + RangeReader.TAIL + 1);
                try (FileChannel channel = FileChannel.open(file)) {
                    for (long offset = 0; offset < size; offset += rangeBytes) {
                        RangeReader.read(channel, offset, Math.min(rangeBytes, size - offset), size, chunk);
                        joined.write(chunk.buffer, 0, chunk.length);
                    }
                }
                // the first byte where they differ (-1: none), not two strings of megabytes in a failure
                assertEquals(-1, java.util.Arrays.mismatch(Files.readAllBytes(file), joined.toByteArray()),
                        "ranges of " + rangeBytes + " bytes, last line " + (lastLineEnded ? "ended" : "not ended"));
            }
        }
    }
}
