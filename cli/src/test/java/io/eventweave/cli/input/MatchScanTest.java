package io.eventweave.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.cli.filter.Filter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code query}'s read ({@link EventInput#forEachMatch}) against the line-by-line read and the filter: the same
 * events in the same merged order, with and without a text to search for, in ranges read by the parsing threads
 * (lines longer than a range included), compressed files and two processes; {@code --limit} and counting.
 */
class MatchScanTest {
    @TempDir
    Path dir;

    @Test
    void sameMatchesInTheSameOrderAsTheLineByLineRead() throws IOException {
        write("eventweave-1.000001.jsonl", lines("a", 0, 300, 0), false);
        write("eventweave-1.000002.jsonl.gz", lines("a", 300, 500, 0), true);
        write("eventweave-1.jsonl", lines("a", 500, 620, 0) + "{broken\n" + lines("a", 620, 640, 0), false);
        write("eventweave-2.jsonl", lines("b", 0, 400, 1), false);
        List<String> filters = List.of("event.name = 'retry.attempt'", "event.name LIKE 'circuit_breaker.*'",
                "note CONTAINS 'xxxxxxxxxx'", "event.duration > 500ms", "event.sequence >= 0",
                "event.name = 'retry.attempt' OR event.name = 'bulkhead.rejected'",
                "service.instance.id = 'b' AND event.name != 'retry.attempt'", "event.name = 'no.such.event'");
        for (String expression : filters) {
            Filter filter = parse(expression);
            List<String> expected = new ArrayList<>();
            open().forEach(e -> {
                if (filter.test(e)) {
                    expected.add(e.text());
                }
            });
            for (int chunk : new int[] {100, 1000, 1 << 20}) {
                for (int threads : new int[] {1, 3}) {
                    List<String> got = new ArrayList<>();
                    EventInput input = open();
                    long n = input.forEachMatch(filter, threads, false, Long.MAX_VALUE, e -> got.add(e.text()),
                            chunk);
                    String where = expression + ", chunk " + chunk + ", " + threads + " threads";
                    assertEquals(expected, got, where);
                    assertEquals(expected.size(), n, where);
                    assertEquals(expected.size(), open().forEachMatch(filter, threads, true, Long.MAX_VALUE,
                            e -> { }, chunk), where + " (count)");
                    List<String> limited = new ArrayList<>();
                    open().forEachMatch(filter, threads, false, 7, e -> limited.add(e.text()), chunk);
                    assertEquals(expected.subList(0, Math.min(7, expected.size())), limited, where + " (limit)");
                }
            }
            assertTrue(filter.needle() == null || !expected.isEmpty() || expression.contains("no.such"),
                    expression);
        }
    }

    @Test
    void aBrokenLineIsReportedWhereItIs() throws IOException {
        write("eventweave-1.jsonl", lines("a", 0, 20, 0) + "{\"event\":{\"name\":\"retry.attempt\"\n"
                + lines("a", 20, 30, 0), false);
        EventInput lineByLine = open();
        EventInput searched = open();
        searched.forEachMatch(parse("event.name = 'retry.attempt'"), 2, true, Long.MAX_VALUE, e -> { }, 500);
        EventInput read = open();
        read.forEachMatch(parse("event.sequence >= 0"), 2, true, Long.MAX_VALUE, e -> { }, 500);
        lineByLine.forEach(e -> { });
        assertEquals(1, searched.brokenCount());
        assertTrue(searched.brokenLines().get(0).contains("(the line at byte "), searched.brokenLines().toString());
        assertEquals(lineByLine.brokenLines().get(0).substring(0, lineByLine.brokenLines().get(0).indexOf(": ")),
                read.brokenLines().get(0).substring(0, read.brokenLines().get(0).indexOf(": ")));
        assertEquals(lineByLine.linesRead(), read.linesRead());
    }

    private static Filter parse(String expression) {
        try {
            return Filter.parse(expression, Instant.parse("2026-12-06T12:00:00Z"));
        } catch (io.eventweave.cli.filter.FilterSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private EventInput open() throws IOException {
        return InputDir.open(dir);
    }

    private static String lines(String process, int from, int to, int skew) {
        String[] names = {"http.client.request", "retry.attempt", "circuit_breaker.state_change", "bulkhead.rejected",
            "circuit_breaker.rejected"};
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            String note = i % 13 == 0 ? "x".repeat(300) : i % 11 == 0 ? "\\u00e9\\/escaped" : "n" + i;
            b.append("{\"@timestamp\":\"2026-12-06T10:").append(String.format("%02d:%02d", i / 60 % 60, i % 60))
                    .append(".").append(String.format("%09d", skew * 500_000_000)).append("Z\",\"event\":{\"name\":\"")
                    .append(names[(i * 7 + skew) % names.length]).append("\",\"sequence\":").append(i)
                    .append(",\"duration\":").append(i * 1_700_001L % 1_000_000_000L).append("},\"service\":")
                    .append("{\"instance\":{\"id\":\"").append(process).append("\"}},\"note\":\"").append(note)
                    .append("\"}\n");
        }
        return b.toString();
    }

    private void write(String name, String text, boolean gzip) throws IOException {
        InputDir.write(dir, name, text, gzip);
    }
}
