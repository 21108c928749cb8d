package io.eventweave.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.cli.filter.Filter;
import io.eventweave.format.LineIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code query} through the files' line indexes ({@link LineIndex}): the same events, in the same order, with the same
 * line numbers as reading every line, for filters the index can and cannot narrow, with {@code --since} and
 * {@code --until}, lines past what an index covers, compressed files beside indexed ones, and indexes that do not
 * describe their file (another file's, a file edited after it was indexed).
 */
class IndexedMatchTest {
    private static final String[] NAMES = {"http.client.request", "retry.attempt", "circuit_breaker.state_change",
        "bulkhead.rejected", "circuit_breaker.rejected", "x.unreadable"};

    @TempDir
    Path dir;

    @Test
    void theSameMatchesAsReadingEveryLine() throws IOException {
        write("eventweave-1.000001.jsonl", lines("a", 0, 300, 0), 300);
        InputDir.write(dir, "eventweave-1.000002.jsonl.gz", lines("a", 300, 500, 0), true);
        write("eventweave-1.jsonl", lines("a", 500, 700, 0), 150); // 50 lines past what its index covers
        write("eventweave-2.jsonl", lines("b", 0, 400, 1), 400);
        List<String> filters = List.of("event.name = 'retry.attempt'", "event.name LIKE 'circuit_breaker.*'",
                "event.name IN ('bulkhead.rejected', 'retry.attempt') AND event.duration > 300ms",
                "NOT (event.name LIKE 'circuit_breaker.*') AND event.name != 'x.unreadable'",
                "event.name = 'retry.attempt' OR event.duration > 900ms", "event.name = 'no.such.event'",
                "service.instance.id = 'b' AND event.name != 'retry.attempt' AND event.name != 'x.unreadable'");
        List<EventInput.Selection> selections = List.of(EventInput.Selection.ALL,
                new EventInput.Selection(nanos("2026-12-06T10:02:00Z"), nanos("2026-12-06T10:04:59.999Z"), null),
                new EventInput.Selection(nanos("2026-12-06T10:06:30.5Z"), Long.MAX_VALUE,
                        parse("event.name != 'http.client.request'")));
        for (String expression : filters) {
            Filter filter = parse(expression);
            for (EventInput.Selection selection : selections) {
                List<String> expected = new ArrayList<>();
                open(selection).forEach(e -> {
                    if (filter.test(e)) {
                        expected.add(e.line() + " " + e.text());
                    }
                });
                for (int chunk : new int[] {100, 1000, 1 << 20}) {
                    for (int threads : new int[] {1, 3}) {
                        String where = expression + ", " + selection.sinceNanos + ".." + selection.untilNanos
                                + ", chunk " + chunk + ", " + threads + " threads";
                        for (boolean index : new boolean[] {true, false}) {
                            List<String> got = new ArrayList<>();
                            EventInput input = open(selection);
                            input.useLineIndex(index);
                            long n = input.forEachMatch(filter, threads, false, Long.MAX_VALUE,
                                    e -> got.add(e.line() + " " + e.text()), chunk);
                            assertSame(expected, got, where + (index ? "" : " (no index)"));
                            assertEquals(expected.size(), n, where);
                            EventInput counting = open(selection);
                            counting.useLineIndex(index);
                            assertEquals(expected.size(), counting.forEachMatch(filter, threads, true,
                                    Long.MAX_VALUE, e -> { }, chunk), where + " (count)");
                        }
                    }
                }
            }
        }
    }

    @Test
    void linesTheIndexRulesOutAreNotRead() throws IOException {
        // x.unreadable lines are broken: read, each is reported; ruled out by the index, none is
        write("eventweave-1.jsonl", lines("a", 0, 200, 0), 200);
        Filter filter = parse("event.name != 'x.unreadable'"); // no text to search for: without the index every
        EventInput indexed = open(EventInput.Selection.ALL);     // line is read
        long n = indexed.forEachMatch(filter, 2, true, Long.MAX_VALUE, e -> { }, 0);
        EventInput everyLine = open(EventInput.Selection.ALL);
        everyLine.useLineIndex(false);
        long m = everyLine.forEachMatch(filter, 2, true, Long.MAX_VALUE, e -> { }, 0);
        assertEquals(0, indexed.brokenCount());
        assertEquals(33, everyLine.brokenCount()); // 200 lines, every sixth
        assertEquals(200 - 33, n);
        assertEquals(n, m);
    }

    @Test
    void anotherFilesIndexIsNotUsed() throws IOException {
        write("eventweave-1.jsonl", lines("a", 0, 200, 0), 200);
        write("eventweave-2.jsonl", lines("b", 0, 300, 1), 300);
        Files.copy(LineIndex.of(dir.resolve("eventweave-1.jsonl")), LineIndex.of(dir.resolve("eventweave-2.jsonl")),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertSameAsEveryLine("event.name = 'retry.attempt'", 1 << 20);
    }

    @Test
    void aFileEditedAfterItWasIndexedIsReadLineByLine() throws IOException {
        write("eventweave-1.jsonl", lines("a", 0, 300, 0), 300);
        edit("eventweave-1.jsonl", 1, -1); // the same first line, all else moved
        assertSameAsEveryLine("event.name = 'retry.attempt'", 1 << 20);
        assertSameAsEveryLine("event.name = 'retry.attempt'", 100);
    }

    @Test
    void anEditFoundAfterMatchesWereHandedOnIsAnError() throws IOException {
        write("eventweave-1.jsonl", lines("a", 0, 300, 0), 300);
        edit("eventweave-1.jsonl", 290, -1);
        IOException e = assertThrows(IOException.class, () -> open(EventInput.Selection.ALL).forEachMatch(
                parse("event.name = 'retry.attempt'"), 1, false, Long.MAX_VALUE, x -> { }, 100));
        assertTrue(e.getMessage().contains("eventweave-1.idx") && e.getMessage().contains("--no-index"),
                e.getMessage());
    }

    @Test
    void aCountFromTheIndexStillChecksTheFile() throws IOException {
        // a count of lines the name decides reads one in 16 of them: an edit that moves the lines after it is
        // found by the next one read, and the count is then the file's (read line by line) or an error, never
        // the index's
        write("eventweave-1.jsonl", lines("a", 0, 3000, 0), 3000);
        edit("eventweave-1.jsonl", 1500, 1700);
        Filter filter = parse("event.name = 'retry.attempt'");
        EventInput everyLine = open(EventInput.Selection.ALL);
        everyLine.useLineIndex(false);
        long truth = everyLine.forEachMatch(filter, 2, true, Long.MAX_VALUE, e -> { }, 0);
        assertEquals(truth, open(EventInput.Selection.ALL).forEachMatch(filter, 2, true, Long.MAX_VALUE, e -> { }, 0),
                "one task: the edit is found before any count is handed on, and the file read line by line");
        IOException e = assertThrows(IOException.class, () -> open(EventInput.Selection.ALL).forEachMatch(filter, 1,
                true, Long.MAX_VALUE, x -> { }, 2000));
        assertTrue(e.getMessage().contains("--no-index"), e.getMessage());
    }

    /** Lengthens line {@code edited} (from 0) of {@code name}, and removes line {@code removed} when not -1. */
    private void edit(String name, int edited, int removed) throws IOException {
        Path file = dir.resolve(name);
        List<String> all = new ArrayList<>(Files.readAllLines(file));
        all.set(edited, all.get(edited).replace("\"note\":\"", "\"note\":\"edited "));
        if (removed >= 0) {
            all.remove(removed);
        }
        Files.write(file, all);
    }

    /**
     * The same events ("line text"), or the first difference; a line number of 0 is a line found by searching the
     * bytes, whose number is not known (an index's and a line-by-line read's are), and is not compared.
     */
    private static void assertSame(List<String> expected, List<String> got, String where) {
        for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
            String e = expected.get(i);
            String g = got.get(i);
            assertEquals(e.substring(e.indexOf(' ')), g.substring(g.indexOf(' ')), where + ": event " + i);
            if (!g.startsWith("0 ")) {
                assertEquals(e, g, where + ": event " + i + "'s line");
            }
        }
        assertEquals(expected.size(), got.size(), where + ": events");
    }

    private void assertSameAsEveryLine(String expression, int chunk) throws IOException {
        Filter filter = parse(expression);
        List<String> expected = new ArrayList<>();
        open(EventInput.Selection.ALL).forEach(e -> {
            if (filter.test(e)) {
                expected.add(e.line() + " " + e.text());
            }
        });
        List<String> got = new ArrayList<>();
        open(EventInput.Selection.ALL).forEachMatch(filter, 2, false, Long.MAX_VALUE,
                e -> got.add(e.line() + " " + e.text()), chunk);
        assertSame(expected, got, expression);
    }

    private static Filter parse(String expression) {
        try {
            return Filter.parse(expression, Instant.parse("2026-12-06T12:00:00Z"));
        } catch (io.eventweave.cli.filter.FilterSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private EventInput open(EventInput.Selection selection) throws IOException {
        try {
            return new EventInput(InputFiles.resolve(List.of(dir.toString()), dir), false, null, selection,
                    Progress.NONE);
        } catch (io.eventweave.cli.UsageException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes {@code text} to {@code name} and an index of its first {@code indexed} lines, as the agent does. */
    private void write(String name, String text, int indexed) throws IOException {
        InputDir.write(dir, name, text, false);
        LineIndexes.write(dir.resolve(name), indexed);
    }

    /** Lines as the agent lays them out; every {@code x.unreadable} line is broken after its name. */
    private static String lines(String process, int from, int to, int skew) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            String name = NAMES[(i * 7 + skew) % NAMES.length];
            b.append("{\"@timestamp\":\"2026-12-06T10:").append(String.format("%02d:%02d", i / 60 % 60, i % 60))
                    .append(".").append(String.format("%09d", skew * 500_000_000 + i)).append("Z\",\"event\":")
                    .append("{\"name\":\"").append(name).append("\",\"sequence\":").append(i)
                    .append(",\"duration\":").append(i * 1_700_001L % 1_000_000_000L).append("},\"service\":")
                    .append("{\"instance\":{\"id\":\"").append(process).append("\"}},\"note\":\"n").append(i)
                    .append(name.equals("x.unreadable") ? "\"broken\n" : "\"}\n");
        }
        return b.toString();
    }
}
