package io.eventweave.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's layout read back: names and lines across the reader's blocks, what a selector picks, and the index
 * cut short, run past its file, or written for another file.
 */
class LineIndexTest {
    @TempDir
    Path dir;

    private static final byte[] LINE = "{\"a\":1}\n".getBytes(StandardCharsets.US_ASCII); // 8 bytes

    @Test
    void namesBeside() {
        assertEquals(Path.of("logs/.events-12.idx"), LineIndex.of(Path.of("logs/events-12.jsonl")));
        assertEquals(Path.of(".events-12.000003.idx"), LineIndex.of(Path.of("events-12.000003.jsonl")));
        assertEquals(Path.of(".events.log.idx"), LineIndex.of(Path.of("events.log")));
        assertEquals(true, LineIndex.isIndex(Path.of(".events-12.idx")));
        assertEquals(false, LineIndex.isIndex(Path.of("events-12.jsonl")));
    }

    @Test
    void aNameWhoseBytesCrossTheReadersBlockIsRead() throws Exception {
        // 256 KB blocks after the 32-byte header hold 16,384 records: "first" takes 2, 16,381 lines follow, so the
        // second name's record is the last of the first block and its bytes the start of the second
        int before = 16_382;
        int after = 1000;
        String longName = "a.name.of.forty.bytes.or.so.for.padding";
        ByteBuffer index = header(before + after);
        LineIndex.putName(index, 0, "first".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < before - 1; i++) {
            LineIndex.putLine(index, (long) i * LINE.length, LINE.length, 0, 1_000 + i);
        }
        LineIndex.putName(index, 1, longName.getBytes(StandardCharsets.UTF_8));
        for (int i = before - 1; i < before + after; i++) {
            LineIndex.putLine(index, (long) i * LINE.length, LINE.length, 1, 1_000 + i);
        }
        LineIndex.Contents all = read(index, before + after, LineIndex.ALL);
        assertEquals(before + after, all.lines);
        assertEquals(before + after, all.picked);
        assertEquals(Arrays.asList("first", longName), Arrays.asList(all.names));
        assertEquals(1, all.codes[before + after - 1]);
        assertEquals(1_000 + before + after - 1, all.epochMillis[before + after - 1]);
        assertEquals((long) (before + after) * LINE.length, all.coveredBytes);

        LineIndex.Contents some = read(index, before + after, new LineIndex.Selector() {
            @Override
            public boolean name(String eventName) {
                return eventName.equals(longName);
            }

            @Override
            public boolean time(long epochMillis) {
                return epochMillis % 2 == 0;
            }
        });
        long expected = 0;
        for (int i = before - 1; i < before + after; i++) {
            expected += (1_000 + i) % 2 == 0 ? 1 : 0;
        }
        assertEquals(expected, some.picked);
        for (int i = 0; i < some.picked; i++) {
            assertEquals(0, some.epochMillis[i] % 2);
            assertEquals(some.offsets[i] / LINE.length + 1, some.lineNumbers[i]);
        }
    }

    @Test
    void recordsPastTheFileOrCutShortAreLeftOut() throws Exception {
        ByteBuffer index = header(10);
        LineIndex.putName(index, 0, "x".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 10; i++) {
            LineIndex.putLine(index, (long) i * LINE.length, LINE.length, 0, i);
        }
        LineIndex.Contents seven = read(index, 7, LineIndex.ALL); // the data file holds 7 lines: 3 not yet written
        assertEquals(7, seven.lines);
        assertEquals(7L * LINE.length, seven.coveredBytes);
        ByteBuffer torn = ByteBuffer.wrap(Arrays.copyOf(index.array(), index.position() - 5)).order(LineIndex.ORDER);
        torn.position(torn.capacity());
        LineIndex.Contents nine = read(torn, 10, LineIndex.ALL);
        assertEquals(9, nine.lines, "the last record cut short");
        assertEquals(LineIndex.HEADER_BYTES + 2L * LineIndex.RECORD_BYTES + 9L * LineIndex.RECORD_BYTES,
                nine.indexBytes, "where a writer goes on");
    }

    @Test
    void anIndexOfAnotherFileIsUnusable() throws Exception {
        ByteBuffer index = header(3);
        LineIndex.putName(index, 0, "x".getBytes(StandardCharsets.UTF_8));
        LineIndex.putLine(index, 0, LINE.length, 0, 1);
        Path data = dir.resolve("other.jsonl");
        Files.write(data, "{\"b\":2}\n".getBytes(StandardCharsets.US_ASCII));
        Path idx = LineIndex.of(data);
        Files.write(idx, Arrays.copyOf(index.array(), index.position()));
        try (FileChannel i = FileChannel.open(idx); FileChannel d = FileChannel.open(data)) {
            assertThrows(LineIndex.Unusable.class, () -> LineIndex.read(i, d, d.size(), LineIndex.ALL));
        }
        Files.write(idx, "not an index at all, but long enough".getBytes(StandardCharsets.US_ASCII));
        try (FileChannel i = FileChannel.open(idx); FileChannel d = FileChannel.open(data)) {
            assertThrows(LineIndex.Unusable.class, () -> LineIndex.read(i, d, d.size(), LineIndex.ALL));
        }
    }

    /** An index buffer with the header of a file of {@code lines} copies of {@link #LINE}. */
    private static ByteBuffer header(int lines) {
        ByteBuffer index = ByteBuffer.allocate(LineIndex.HEADER_BYTES + (lines + 8) * 2 * LineIndex.RECORD_BYTES)
                .order(LineIndex.ORDER);
        LineIndex.putHeader(index, LINE, 0, LINE.length);
        return index;
    }

    private LineIndex.Contents read(ByteBuffer index, int dataLines, LineIndex.Selector selector)
            throws IOException, LineIndex.Unusable {
        Path data = dir.resolve("events.jsonl");
        byte[] bytes = new byte[dataLines * LINE.length];
        for (int i = 0; i < dataLines; i++) {
            System.arraycopy(LINE, 0, bytes, i * LINE.length, LINE.length);
        }
        Files.write(data, bytes);
        Files.write(LineIndex.of(data), Arrays.copyOf(index.array(), index.position()));
        try (FileChannel i = FileChannel.open(LineIndex.of(data)); FileChannel d = FileChannel.open(data)) {
            return LineIndex.read(i, d, d.size(), selector);
        }
    }
}
