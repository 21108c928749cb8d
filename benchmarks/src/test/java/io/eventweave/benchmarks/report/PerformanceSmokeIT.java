package io.eventweave.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CI's smoke pass of the performance report: the documented command with {@code --smoke} (one short fork of every
 * benchmark, every anchor included) must run to the end and produce a figure for every goal of B1-B10. It asserts that
 * everything ran and reported, never how fast: the figures of so short a pass mean nothing.
 */
class PerformanceSmokeIT {
    @Test
    void everyBenchmarkRunsAndReportsAFigureForEveryGoal() throws Exception {
        Path root = Path.of(System.getProperty("repository.root")).toRealPath();
        Path out = root.resolve("benchmarks/target/performance-smoke.md");
        Files.deleteIfExists(out);
        Path log = root.resolve("benchmarks/target/performance-smoke.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("benchmarks.jar"), "io.eventweave.benchmarks.report.PerformanceReport",
                "--smoke", "--out", out.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(process.waitFor(15, TimeUnit.MINUTES), "smoke pass did not end within 15 minutes; see " + log);
        assertEquals(0, process.exitValue(), () -> "smoke pass failed:\n" + read(log));

        String report = Files.readString(out, StandardCharsets.UTF_8);
        for (String section : List.of("## B1", "## B2", "## B3", "## B4", "## B5", "## B6", "## B7", "## B8",
                "## B9", "## B10", "## B11", "## B12")) {
            assertTrue(report.contains(section), section + " missing from the report");
        }
        Matcher goals = Pattern.compile("(?m)^\\| (B[1-9]|B1[0-2]) \\| (.+?) \\| (.+?) \\| (yes|\\*\\*no\\*\\*) \\|$")
                .matcher(report);
        int count = 0;
        while (goals.find()) {
            count++;
            String figure = goals.group(3);
            assertFalse(figure.contains("n/a") || figure.contains("NaN"), "no figure for " + goals.group(0));
        }
        // B1: 4 goals x 2 thread counts; B2: 2; B3: 5 (two against the harness alone); B4: 2; B5: 5 (with the HTTP
        // loop's CPU per request); B6: 8 (the trivial main's share of OpenTelemetry's is left out: the smoke pass does
        // not run OpenTelemetry on it; the trivial main with 50 rules is in); B7: none; B8: 7 (one per policy kind);
        // B9: 5 (the hand-overs outside a trace); B10: 4 (summary against DuckDB, against jq, in 256 MB; query);
        // B11: 2 (the shipper's rate, and against the client alone); B12: 1 (the scrape against the client's server)
        assertEquals(49, count, "goal rows in\n" + report);
        for (String contender : List.of("eventweave `HttpEvents.clientRequest`", "Disruptor", "JCTools",
                "JDK Flight Recorder", "Log4j2 async + JsonTemplateLayout", "OpenTelemetry Java agent", "DuckDB", "jq",
                "client alone, the shipper's protocol", "Prometheus client HTTPServer")) {
            assertTrue(report.contains(contender), contender + " has no row in\n" + report);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
