package io.eventweave.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.it.apps.LoadApp;
import io.eventweave.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} follows an application's output while it writes 1,000 events a second into 64 KB files (a rotation
 * every ~150 events, each rotated file compressed and its plain copy deleted): every line the files hold at the end is
 * shown once, none is missed, none is shown twice, though the files it was read from were renamed, compressed and
 * deleted while it read them. It started before the application, so the application's file is one that appeared
 * later, followed from its first line.
 */
class WatchIT {
    @TempDir
    Path dir;

    /** Every line of every output file in {@code out}, gzip included. */
    static List<String> linesOfFiles(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            // the output files, not the line index the agent keeps beside each plain one (hidden: .events.idx)
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f))
                        : Files.newInputStream(f)) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                            .forEach(lines::add);
                }
            }
        }
        return lines;
    }

    static List<String> shown(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    @Test
    void followsEveryLineThroughRotationsAndCompressionOnceEach() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        ChildJvm watch = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("watch")
                .args("watch", "out", "--json", "--poll", "50ms");
        Process watching = watch.start();
        try {
            ChildJvm.app(LoadApp.class).workDir(dir).logName("load")
                    .env("EVENTWEAVE_OUTPUT_PATH", out.resolve("events-%p.jsonl").toString())
                    .env("EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "64KB").env("EVENTWEAVE_OUTPUT_MAX_FILES", "1000")
                    .args("1", "3500", "1000").timeoutSeconds(120).run().assertSucceeded();
            List<String> written = linesOfFiles(out);
            long rotated;
            try (Stream<Path> files = Files.list(out)) {
                rotated = files.filter(f -> f.toString().endsWith(".jsonl.gz")).count();
            }
            assertTrue(rotated >= 2, "the output rotated at least twice: " + rotated);
            Path shownFile = dir.resolve("watch.stdout");
            await().atMost(Duration.ofSeconds(30)).until(() -> shown(shownFile).size() >= written.size());
            List<String> shown = shown(shownFile);
            Set<String> distinct = new HashSet<>(shown);
            assertEquals(shown.size(), distinct.size(), "no line shown twice");
            assertEquals(new HashSet<>(written), distinct, "every line of the " + (rotated + 1) + " files, no other");
        } finally {
            watching.destroy();
        }
    }

    @Test
    void fromStartWithALimitShowsTheWholeOutputInOrderAndStops() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        ChildJvm.app(LoadApp.class).workDir(dir).logName("load")
                .env("EVENTWEAVE_OUTPUT_PATH", out.resolve("events.jsonl").toString())
                .env("EVENTWEAVE_OUTPUT_MAX_FILE_SIZE", "64KB").env("EVENTWEAVE_OUTPUT_MAX_FILES", "1000")
                .args("1", "600", "0").timeoutSeconds(120).run().assertSucceeded();
        List<String> written = new ArrayList<>();
        for (Path f : io.eventweave.format.OutputFiles.inOrder(out.resolve("events.jsonl"))) {
            try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f))
                    : Files.newInputStream(f)) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(written::add);
            }
        }
        ChildJvm.Result run = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("watch")
                .args("watch", "out/events.jsonl", "--from-start", "--json", "--limit",
                        Integer.toString(written.size()))
                .timeoutSeconds(60).run().assertSucceeded();
        assertEquals(written, run.stdout.lines().toList(), "rotated files in order, then the active one");
        ChildJvm.Result readable = ChildJvm.jar(ChildJvm.agentJar()).withoutAgent().workDir(dir).logName("readable")
                .args("watch", "out", "--from-start", "--name", "http.*", "--limit", "3")
                .timeoutSeconds(60).run().assertSucceeded();
        List<String> lines = readable.stdout.lines().toList();
        assertEquals(3, lines.size(), readable.stdout);
        assertTrue(lines.get(0).contains("http.client.request") && lines.get(0).contains(" GET "), lines.get(0));
    }
}
