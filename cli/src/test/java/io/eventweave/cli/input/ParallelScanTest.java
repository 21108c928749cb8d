package io.eventweave.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EventInput#forEachInParallel} against {@link EventInput#forEach} (one line at a time, the whole-line parse):
 * the same events, the same line count and the same broken lines at the same places, whatever the chunk size (lines
 * longer than a chunk included) and the number of threads; rotated, compressed and active files of two processes.
 */
class ParallelScanTest {
    private static final List<String> FIELDS = List.of("@timestamp", "event.name", "event.sequence",
            "service.instance.id", "note");

    @TempDir
    Path dir;

    @Test
    void sameEventsLinesAndBrokenLinesAsTheLineByLineRead() throws IOException {
        write("eventweave-1.000001.jsonl", lines("a", 0, 40), false);
        write("eventweave-1.000002.jsonl.gz", damaged(lines("a", 40, 80)), true);
        write("eventweave-1.jsonl", lines("a", 80, 95) + "{\"event\":{\"name\":\"x\",\"sequence\":95}", false);
        write("eventweave-2.jsonl", "\n  \n" + lines("b", 0, 30) + "not json\n" + lines("b", 30, 33), false);

        List<String> expected = new ArrayList<>();
        EventInput sequential = open();
        sequential.forEach(e -> expected.add(key(e)));
        Collections.sort(expected);
        List<String> expectedBroken = places(sequential.brokenLines());
        assertEquals(4, sequential.brokenCount(), sequential.brokenLines().toString());

        for (int chunk : new int[] {64, 300, 1 << 20}) {
            for (int threads : new int[] {1, 2, 3}) {
                EventInput parallel = open();
                List<Keys> readers = parallel.forEachInParallel(FIELDS, threads, Keys::new, chunk);
                List<String> got = new ArrayList<>();
                readers.forEach(r -> got.addAll(r.keys));
                Collections.sort(got);
                String where = "chunk " + chunk + ", " + threads + " threads";
                assertEquals(expected, got, where);
                assertEquals(sequential.linesRead(), parallel.linesRead(), where);
                assertEquals(sequential.brokenCount(), parallel.brokenCount(), where);
                assertEquals(expectedBroken, places(parallel.brokenLines()), where);
            }
        }
    }

    /** The same event seen by the two readers: its process, sequence, name and note. */
    private static String key(EventView e) {
        return e.text("service.instance.id") + "/" + e.number("event.sequence", -1) + "/" + e.text("event.name")
                + "/" + e.text("note") + "/" + e.timestampNanos();
    }

    private static final class Keys implements Consumer<EventView> {
        final List<String> keys = new ArrayList<>();

        @Override
        public void accept(EventView e) {
            keys.add(key(e));
        }
    }

    /**
     * {@code file:line} of each broken line, sorted: the reasons are jackson's words (parsed from text or from bytes),
     * and the line-by-line read reports in its merged order, the parallel one file by file.
     */
    private static List<String> places(List<String> broken) {
        List<String> places = new ArrayList<>();
        for (String b : broken) {
            places.add(b.substring(0, b.indexOf(": ")));
        }
        Collections.sort(places);
        return places;
    }

    private EventInput open() throws IOException {
        return InputDir.open(dir);
    }

    /** Lines of one process, from {@code from} to {@code to}: some long (longer than the small chunks), some not. */
    private static String lines(String process, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            String note = i % 7 == 0 ? "x".repeat(500) : i % 5 == 0 ? "é \\\" escaped" : "n" + i;
            b.append("{\"@timestamp\":\"2026-12-06T10:00:").append(String.format("%02d", i % 60))
                    .append(".000000000Z\",\"event\":{\"name\":\"http.client.request\",\"sequence\":").append(i)
                    .append("},\"service\":{\"instance\":{\"id\":\"").append(process).append("\"}},\"note\":\"")
                    .append(note).append("\"}\n");
        }
        return b.toString();
    }

    /** Two broken lines in the middle: one truncated, one with text after its object. */
    private static String damaged(String lines) {
        String[] split = lines.split("\n");
        split[5] = split[5].substring(0, split[5].length() / 2);
        split[9] = split[9] + " trailing";
        return String.join("\n", split) + "\n";
    }

    private void write(String name, String text, boolean gzip) throws IOException {
        InputDir.write(dir, name, text, gzip);
    }

    @Test
    void aReaderThatFailsFailsTheScan() throws IOException {
        write("eventweave-1.jsonl", lines("a", 0, 50), false);
        EventInput input = open();
        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> input.forEachInParallel(FIELDS, 2, () -> e -> {
                    throw new IllegalStateException("reader failed");
                }, 128));
        assertTrue(thrown.getMessage().contains("reader failed"));
    }
}
