package io.eventweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on files made here line by line, in the agent's layout: a process whose output rotated (one rotated
 * file compressed) and a second process, one broken line, one gap. The end-to-end runs on files a real application
 * wrote under the agent are in the integration tests (CommandLineIT); these pin each command's arithmetic.
 */
class CliTest {
    static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    @TempDir
    Path dir;

    /** One process's lines, built as the agent writes them. */
    static final class Lines {
        final String service;
        final String instance;
        final long pid;
        final List<String> lines = new ArrayList<>();
        long sequence;
        long second;

        Lines(String service, String instance, long pid) {
            this.service = service;
            this.instance = instance;
            this.pid = pid;
        }

        String envelope(boolean runtime) {
            return "\"service\":{\"name\":\"" + service + "\",\"instance\":{\"id\":\"" + instance + "\"}},"
                    + "\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":" + pid + (runtime
                            ? ",\"runtime\":{\"name\":\"OpenJDK 64-Bit Server VM\",\"version\":\"17\",\"vendor\":\"x\"}"
                            : "") + "},\"schema\":{\"version\":\"1\"}}";
        }

        String at() {
            return String.format("2026-12-05T10:%02d:%02d.000000000Z", second / 60, second % 60);
        }

        Lines event(String name, String outcome, long durationNanos, String fields) {
            second++;
            lines.add("{\"@timestamp\":\"" + at() + "\",\"event\":{\"name\":\"" + name + "\",\"sequence\":"
                    + sequence++ + (name.startsWith("agent.") ? "" : ",\"provider\":\"test\"")
                    + (outcome == null ? "" : ",\"outcome\":\"" + outcome + "\"")
                    + (durationNanos < 0 ? "" : ",\"duration\":" + durationNanos) + "}" + fields + ","
                    + envelope(name.equals("agent.start")));
            return this;
        }

        Lines call(String address, int status, long durationMs) {
            return event("http.client.request", status >= 400 ? "failure" : "success", durationMs * 1_000_000,
                    ",\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":" + status + "}},"
                            + "\"url\":{\"scheme\":\"http\",\"path\":\"/price\"},\"server\":{\"address\":\""
                            + address + "\",\"port\":8080}" + (status >= 400 ? ",\"error\":{\"type\":\"" + status
                                    + "\"}" : ""));
        }

        Lines breaker(String from, String to) {
            return event("circuit_breaker.state_change", null, -1, ",\"circuit_breaker\":{\"name\":\"pricing\","
                    + "\"previous_state\":\"" + from + "\",\"state\":\"" + to + "\"}");
        }

        Lines start() {
            return event("agent.start", null, -1, ",\"agent\":{\"version\":\"0.1.0\",\"output\":{\"path\":\"x.jsonl\","
                    + "\"file\":{\"number\":1}},\"queue\":{\"capacity\":1024},\"instrumentations\":[],"
                    + "\"config\":{}}");
        }

        Lines stop(long dropped) {
            long emitted = sequence;
            return event("agent.stop", null, -1, ",\"agent\":{\"uptime\":1,\"events\":{\"emitted\":" + emitted
                    + ",\"written\":" + (emitted - dropped) + ",\"dropped\":" + dropped + ",\"queued\":0,"
                    + "\"dropped_by_reason\":{\"queue_full\":" + dropped + ",\"io_error\":0,\"shutdown_timeout\":0,"
                    + "\"internal_error\":0}},\"errors\":{\"total\":0,\"advice\":0,\"instrumentation\":0,"
                    + "\"encoder\":0,\"trace_bridge\":0,\"callback\":0,\"drainer\":0},\"output\":{\"files\":"
                    + "{\"rotated\":0,\"compressed\":0,\"deleted\":0,\"deleted_uncompressed\":0,"
                    + "\"compression_failures\":0}}}");
        }
    }

    /** checkout: 10 calls (3 failed, 100..1000 ms), a breaker that opens for 2 s and closes; in 3 files. */
    private Lines checkout() {
        Lines c = new Lines("checkout", "aaaa", 11).start();
        for (int i = 1; i <= 10; i++) {
            c.call("pricing", i % 4 == 0 || i == 9 ? 503 : 200, i * 100);
            if (i == 5) {
                c.breaker("closed", "open");
                c.second += 1; // open from 10:00:07 to 10:00:09
                c.breaker("open", "half_open");
                c.breaker("half_open", "closed");
            }
        }
        return c.stop(0);
    }

    private void writeCheckout(Lines c) throws IOException {
        List<String> l = c.lines;
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("events-11.000001.jsonl.gz")))) {
            gz.write((String.join("\n", l.subList(0, 5)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("events-11.000002.jsonl"), String.join("\n", l.subList(5, 10)) + "\n");
        Files.writeString(dir.resolve("events-11.jsonl"), String.join("\n", l.subList(10, l.size())) + "\n");
    }

    record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        return runWithInput("", args);
    }

    private Run runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal t = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), dir, NOW,
                false, Map.of());
        int status = Cli.run(args, t);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void queryReadsRotatedAndCompressedFilesInOrderAndCounts() throws IOException {
        writeCheckout(checkout());
        Run all = run("query", "EXISTS event.sequence");
        List<String> lines = all.out().lines().toList();
        assertEquals(checkout().lines, lines, "every line once, in writing order: " + all.err());
        assertEquals("3", run("query", "event.name = 'http.client.request' AND event.outcome = 'failure'",
                "--count").out().trim());
        assertEquals("4", run("query", "event.duration >= 700ms", "--count").out().trim());
        Run table = run("query", "event.name LIKE 'circuit_breaker.*'", "--format", "csv", "--fields",
                "circuit_breaker.previous_state,circuit_breaker.state");
        assertEquals(List.of("circuit_breaker.previous_state,circuit_breaker.state", "closed,open", "open,half_open",
                "half_open,closed"), table.out().lines().toList());
        assertEquals(2, run("query", "EXISTS event", "--limit", "2").out().lines().count());
    }

    @Test
    void summaryCountsCallsPercentilesBreakerTimeAndTheObjectives() throws IOException {
        writeCheckout(checkout());
        Run json = run("summary", "--json");
        assertEquals(0, json.status(), json.err());
        String out = json.out();
        assertTrue(out.contains("\"count\" : 10") && out.contains("\"failures\" : 3"), out);
        // nearest rank over 100..1000 ms: p50 = 500, p95 = p99 = max = 1000
        assertTrue(out.contains("\"p50\" : 500.0") && out.contains("\"p99\" : 1000.0"), out);
        assertTrue(out.contains("\"opened\" : 1") && out.contains("\"circuit_breaker.state\" : \"closed\""), out);
        Run slo = run("summary", "--slo", "error_rate < 10%", "--slo", "p99 <= 1s", "--slo", "gaps == 0");
        assertEquals(1, slo.status(), "error rate 30 % misses 10 %: " + slo.out());
        assertTrue(slo.out().contains("FAIL  error_rate < 10%   (30.0%)"), slo.out());
        assertTrue(slo.out().contains("PASS  p99 <= 1s"), slo.out());
        assertEquals(0, run("summary", "--slo", "error_rate < 31%", "--slo", "dropped == 0").status());
        assertEquals(0, run("summary", "--where", "http.response.status_code = 200", "--slo",
                "error_rate == 0%").status(), "--where scopes the objectives");
    }

    @Test
    void stateAndTimelineFollowTheBreaker() throws IOException {
        writeCheckout(checkout());
        Run at = run("state", "--at", "2026-12-05T10:00:08Z");
        assertTrue(at.out().contains("checkout / pricing  open  since 2026-12-05T10:00:07Z"), at.out());
        Run end = run("state");
        assertTrue(end.out().contains("closed"), end.out());
        Run timeline = run("timeline", "--json");
        assertTrue(timeline.out().contains("\"duration_ms\" : 2000.0"), "open for 2 s: " + timeline.out());
    }

    @Test
    void checkFindsTheGapTheBrokenLineAndTheDrops() throws IOException {
        writeCheckout(checkout());
        Lines other = new Lines("payments", "bbbb", 22).start();
        other.call("bank", 200, 50).call("bank", 200, 60);
        other.sequence++; // a line lost: not in any file, not dropped
        other.call("bank", 200, 70).stop(0);
        Files.writeString(dir.resolve("events-22.jsonl"), String.join("\n", other.lines) + "\n");
        Run clean = run("check", "events-11.jsonl", "events-11.000001.jsonl.gz", "events-11.000002.jsonl");
        assertEquals(0, clean.status(), clean.out() + clean.err());
        Run gap = run("check");
        assertEquals(1, gap.status(), gap.out());
        assertTrue(gap.out().contains("1 line the agent wrote missing from the files read (event.sequence 3)"),
                gap.out());
        Files.writeString(dir.resolve("events-22.jsonl"), "{\"truncated\n", java.nio.file.StandardOpenOption.APPEND);
        Run broken = run("check", "--json");
        assertTrue(broken.out().contains("\"broken_lines\" : 1"), broken.out());
    }

    @Test
    void checkFindsALineIndexThatNoLongerDescribesItsFile() throws IOException {
        writeCheckout(checkout());
        Path active = dir.resolve("events-11.jsonl");
        io.eventweave.cli.input.LineIndexes.write(active, 3); // 3 of its lines, as a crash can leave it
        io.eventweave.cli.input.LineIndexes.write(dir.resolve("events-11.000002.jsonl"), 5);
        Run indexed = run("check");
        assertEquals(0, indexed.status(), indexed.out() + indexed.err());
        List<String> lines = new ArrayList<>(Files.readAllLines(active));
        lines.set(1, lines.get(1).replace("\"provider\":\"test\"", "\"provider\":\"edited\""));
        Files.write(active, lines); // the same first line; line 2 longer, and every line after it moved
        Run edited = run("check");
        assertEquals(1, edited.status(), edited.out());
        assertTrue(edited.out().contains(active + ": its line index .events-11.idx does not describe it from line 2 "
                + "(its record says "), edited.out());
        Run json = run("check", "--json");
        assertTrue(json.out().contains("\"line_indexes\" : [ \"" + active + ": its line index"), json.out());
    }

    @Test
    void watchReadsStandardInputReadablyOrRawAndFiltersByName() {
        Lines c = checkout();
        String stdin = String.join("\n", c.lines) + "\n";
        Run raw = runWithInput(stdin, "watch", "-", "--json", "--name", "circuit_breaker.*");
        assertEquals(List.of(c.lines.get(6), c.lines.get(7), c.lines.get(8)), raw.out().lines().toList(), raw.err());
        Run readable = runWithInput(stdin, "tail", "-", "--where", "event.outcome = 'failure'");
        List<String> lines = readable.out().lines().toList();
        assertEquals(3, lines.size(), readable.out());
        assertTrue(lines.get(0).startsWith("10:00:05.000 checkout     http.client.request") && lines.get(0)
                .contains("GET pricing:8080/price 503  400.0ms  failure 503"), lines.get(0));
        Run state = runWithInput(stdin, "watch", "-", "--name", "circuit_breaker.state_change", "--limit", "1");
        assertTrue(state.out().trim().endsWith("pricing closed → open"), state.out());
    }

    @Test
    void exportFlattensEveryFieldIntoColumns() throws IOException {
        Lines c = checkout();
        writeCheckout(c);
        Run csv = run("export", "--where", "event.name = 'circuit_breaker.state_change'");
        List<String> lines = csv.out().lines().toList();
        assertEquals(4, lines.size(), csv.out());
        assertTrue(lines.get(0).startsWith("@timestamp,event.name,event.sequence,event.provider,"
                + "circuit_breaker.name,circuit_breaker.previous_state,circuit_breaker.state,service.name,"
                + "service.instance.id,host.name,process.pid,schema.version"), lines.get(0));
        assertTrue(lines.get(1).startsWith("2026-12-05T10:00:07.000000000Z,circuit_breaker.state_change,6,test,"
                + "pricing,closed,open,checkout,aaaa,vm,11,1"), lines.get(1));
        Run jsonl = run("export", "--format", "jsonl", "--fields", "event.name,http.response.status_code",
                "--where", "http.response.status_code >= 500");
        assertEquals(List.of("{\"event.name\":\"http.client.request\",\"http.response.status_code\":503}"),
                jsonl.out().lines().distinct().toList());
        assertEquals(2, runWithInput("", "export", "-").status(), "standard input needs --fields");
    }

    @Test
    void replayKeepsTheRhythmScaledBySpeedAndStartsWhereAsked() throws IOException {
        Lines c = checkout();
        writeCheckout(c);
        // open at 10:00:07, half_open at :09, closed at :10: at 50x, 40 ms then 20 ms of waiting, never less
        long start = System.nanoTime();
        Run paced = run("replay", "--speed", "50x", "--where", "event.name = 'circuit_breaker.state_change'");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(c.lines.get(6), c.lines.get(7), c.lines.get(8)), paced.out().lines().toList());
        assertTrue(elapsedMs >= 60, "the gaps (2 s, then 1 s) at 50x: " + elapsedMs + " ms");
        Run from = run("replay", "--speed", "max", "--from-sequence", "14");
        assertEquals(c.lines.subList(14, c.lines.size()), from.out().lines().toList());
        assertEquals(2, run("replay", "--speed", "fast").status());
    }

    @Test
    void everyNamedCommandIsMadeByItsNameAndListed() {
        for (String name : Cli.NAMES) {
            assertEquals(name, Cli.command(name).name(), "the command made for " + name);
            assertTrue(Cli.isCommand(name), name);
            assertTrue(Cli.commandList().contains("  " + name + " "), name);
        }
        assertTrue(Cli.isCommand("tail"), "the alias of watch");
        assertEquals(null, Cli.command("nope"));
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        Run unknown = run("query", "a = 1", "--bogus");
        assertEquals(2, unknown.status());
        assertEquals("eventweave query: unknown option --bogus (see query --help)", unknown.err().trim());
        Run syntax = run("query", "event.duration > ");
        assertEquals(2, syntax.status());
        assertTrue(syntax.err().contains("^"), "a caret under the expression: " + syntax.err());
        assertEquals(2, run("summary", "--slo", "p99 < fast").status());
        assertEquals(2, run("nosuch").status());
        assertEquals(2, run("query", "a = 1", "missing.jsonl").status());
        assertEquals(0, run("summary", "--help").status());
    }
}
