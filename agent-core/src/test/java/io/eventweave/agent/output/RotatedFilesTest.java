package io.eventweave.agent.output;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.format.LineIndex;
import io.eventweave.format.OutputFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compression and retention of rotated files, driven as {@link JsonlSink#rotate} drives them: a file is renamed to
 * its rotated name, then submitted.
 */
class RotatedFilesTest {
    private static final long KB = 1024;
    private static final long MB = 1024 * KB;
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final long FINISH_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);

    @Test
    void rotationFasterThanCompressionDeletesTheOldestBeforeCompressingThemAndNothingFails() throws Exception {
        Path active = dir.resolve("events.jsonl");
        RotatedFiles rotated = new RotatedFiles(settings(active, true, 2, NO_LIMIT), err);
        byte[][] contents = new byte[31][];
        for (int n = 1; n <= 30; n++) {
            contents[n] = content(n, 2 * MB); // made beforehand: making one takes longer than compressing it
        }
        for (int n = 1; n <= 30; n++) {
            Path file = OutputFiles.rotatedName(active, n);
            Files.write(file, contents[n]);
            rotated.submit(file); // a millisecond apart; compressing one takes several
        }
        rotated.finish(FINISH_NANOS);

        assertEquals("", stderr(), "nothing on stderr (no NoSuchFileException)");
        RotatedFiles.Counts counts = rotated.counts();
        assertEquals(30, counts.rotated());
        assertEquals(2, counts.kept());
        assertEquals(counts.rotated(), counts.kept() + counts.deleted(), "rotated = kept + deleted: " + counts);
        assertTrue(counts.deletedUncompressed() > 0, "some were deleted before compression: " + counts);
        assertTrue(counts.deletedUncompressed() <= counts.deleted(), counts.toString());
        assertTrue(counts.compressed() >= 2 && counts.compressed() <= 30 - counts.deletedUncompressed(),
                counts.toString());
        assertEquals(0, counts.vanished() + counts.compressionFailures() + counts.deleteFailures(), counts.toString());
        assertEquals(List.of("events.000029.jsonl.gz", "events.000030.jsonl.gz"), names(), "the newest two, compressed");
        assertDecompressesTo(content(29, 2 * MB), gz(active, 29));
        assertDecompressesTo(content(30, 2 * MB), gz(active, 30));
    }

    @Test
    void aFileCompressedOrDeletedTakesItsLineIndexWithIt() throws Exception {
        Path active = dir.resolve("events.jsonl");
        RotatedFiles rotated = new RotatedFiles(settings(active, true, 1, NO_LIMIT), err);
        for (int n = 1; n <= 3; n++) {
            Path file = OutputFiles.rotatedName(active, n);
            Files.write(file, content(n, 64 * KB));
            Files.write(LineIndex.of(file), new byte[] {1}); // JsonlSink renames the index with its file
            rotated.submit(file);
        }
        rotated.finish(FINISH_NANOS);
        assertEquals("", stderr());
        assertEquals(List.of("events.000003.jsonl.gz"), allNames(),
                "the newest, compressed, without its index; the older ones deleted with theirs");
    }

    @Test
    void totalSizeCapKeepsTheNewestThatFitWithoutCompression() throws Exception {
        Path active = dir.resolve("events.log");
        RotatedFiles rotated = new RotatedFiles(settings(active, false, 100, 600 * KB), err);
        long[] sizes = new long[11];
        for (int n = 1; n <= 10; n++) {
            sizes[n] = (100 + 23L * n) * KB;
            rotated.submit(write(active, n, sizes[n]));
        }
        rotated.finish(FINISH_NANOS);

        assertEquals("", stderr());
        // newest first: 10 (330K) + 9 (307K) > 600K, so only 10 fits
        assertEquals(List.of("events.log.000010"), names());
        RotatedFiles.Counts counts = rotated.counts();
        assertEquals(10, counts.rotated());
        assertEquals(1, counts.kept());
        assertEquals(9, counts.deleted());
        assertEquals(0, counts.deletedUncompressed(), "nothing waits for compression when it is off");
        assertEquals(0, counts.compressed());
    }

    @Test
    void totalSizeCapCountsCompressedSizes() throws Exception {
        Path active = dir.resolve("events.jsonl");
        long plain = 512 * KB;
        long compressedSize;
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                OutputStream out = new GZIPOutputStream(bytes, 64 * 1024)) {
            out.write(content(1, plain));
            out.close();
            compressedSize = bytes.size();
        }
        assertTrue(compressedSize * 4 < plain, "the test content compresses: " + compressedSize);
        // three compressed files fit, never two plain ones
        RotatedFiles rotated = new RotatedFiles(settings(active, true, 100, compressedSize * 3 + compressedSize / 2),
                err);
        for (int n = 1; n <= 12; n++) {
            rotated.submit(write(active, n, plain));
        }
        rotated.finish(FINISH_NANOS);

        assertEquals("", stderr());
        List<String> kept = names();
        assertEquals(3, kept.size(), kept.toString()); // sizes of the same length differ by a few bytes at most
        assertEquals(List.of("events.000010.jsonl.gz", "events.000011.jsonl.gz", "events.000012.jsonl.gz"), kept);
        for (int n = 10; n <= 12; n++) {
            assertDecompressesTo(content(n, plain), gz(active, n));
        }
        RotatedFiles.Counts counts = rotated.counts();
        assertEquals(counts.rotated(), counts.kept() + counts.deleted(), counts.toString());
        assertTrue(counts.deletedUncompressed() <= counts.deleted(), counts.toString());
    }

    @Test
    void theFilesOfAnEarlierRunAreOlderThanThoseOfThisRunAndCountTowardsRetention() throws Exception {
        Path active = dir.resolve("events.jsonl");
        for (int n = 1; n <= 5; n++) {
            gzip(OutputFiles.rotatedName(active, n), ("earlier " + n + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(OutputFiles.rotatedName(active, 4), "earlier 4, never compressed\n");
        Path other = Files.writeString(dir.resolve("other.000001.jsonl"), "another output\n");
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not ours\n");
        RotatedFiles rotated = new RotatedFiles(settings(active, true, 3, NO_LIMIT), err);
        rotated.submit(write(active, 1, 64 * KB)); // this run's numbers start at 1 again
        rotated.submit(write(active, 2, 64 * KB));
        rotated.finish(FINISH_NANOS);

        assertEquals("", stderr());
        // the earlier run's 1 to 4 (and its plain 4) go first, though this run's 1 and 2 have lower numbers
        assertEquals(List.of("events.000001.jsonl.gz", "events.000002.jsonl.gz", "events.000005.jsonl.gz",
                "notes.txt", "other.000001.jsonl"), allNames());
        assertDecompressesTo(content(1, 64 * KB), gz(active, 1));
        assertDecompressesTo(content(2, 64 * KB), gz(active, 2));
        assertDecompressesTo("earlier 5\n".getBytes(StandardCharsets.UTF_8), gz(active, 5));
        assertTrue(Files.exists(other) && Files.exists(notes));
        RotatedFiles.Counts counts = rotated.counts();
        assertEquals(6, counts.earlierRun(), counts.toString());
        assertEquals(2, counts.rotated());
        assertEquals(3, counts.kept());
        assertEquals(5, counts.deleted());
        assertEquals(0, counts.deletedUncompressed(), "the earlier run's plain file was not waiting for compression");
        assertEquals(counts.earlierRun() + counts.rotated(), counts.kept() + counts.deleted(), counts.toString());
    }

    @Test
    void aFileOfThisRunReplacesTheEarlierRunsFileOfTheSameNameOnce() throws Exception {
        Path active = dir.resolve("events.jsonl");
        for (int n = 1; n <= 3; n++) {
            gzip(OutputFiles.rotatedName(active, n), ("earlier " + n + "\n").getBytes(StandardCharsets.UTF_8));
        }
        RotatedFiles rotated = new RotatedFiles(settings(active, true, 10, NO_LIMIT), err);
        rotated.submit(write(active, 1, 64 * KB));
        rotated.submit(write(active, 2, 64 * KB));
        rotated.finish(FINISH_NANOS);

        assertEquals("", stderr());
        assertEquals(List.of("events.000001.jsonl.gz", "events.000002.jsonl.gz", "events.000003.jsonl.gz"), names());
        assertDecompressesTo(content(1, 64 * KB), gz(active, 1));
        assertDecompressesTo("earlier 3\n".getBytes(StandardCharsets.UTF_8), gz(active, 3));
        RotatedFiles.Counts counts = rotated.counts();
        assertEquals(3, counts.earlierRun());
        assertEquals(3, counts.kept());
        assertEquals(2, counts.deleted(), "the earlier 1 and 2, replaced: " + counts);
        assertEquals(counts.earlierRun() + counts.rotated(), counts.kept() + counts.deleted(), counts.toString());
    }

    @Test
    void compressionFailuresAreCountedAndReportedOncePerInterval() throws Exception {
        Path active = dir.resolve("events.jsonl");
        RotatedFiles rotated = new RotatedFiles(settings(active, true, 10, NO_LIMIT), err, TimeUnit.HOURS.toNanos(1));
        for (int n = 1; n <= 5; n++) {
            Path file = write(active, n, 16 * KB);
            Path squatter = Files.createDirectory(OutputFiles.compressingName(file)); // gzip cannot write there
            Files.writeString(squatter.resolve("keep"), "x");
            rotated.submit(file);
        }
        rotated.finish(FINISH_NANOS);

        List<String> lines = stderr().lines().collect(Collectors.toList());
        assertEquals(2, lines.size(), "the first at once, the rest at the end: " + lines);
        assertTrue(lines.get(0).startsWith("eventweave: 1 rotated-file operation(s) failed"), lines.get(0));
        assertTrue(lines.get(1).startsWith("eventweave: 4 rotated-file operation(s) failed"), lines.get(1));
        assertTrue(lines.get(1).contains("compression failures: 5"), lines.get(1));
        assertTrue(lines.get(1).contains("latest: could not compress " + dir), lines.get(1));
        RotatedFiles.Counts counts = rotated.counts();
        assertEquals(5, counts.compressionFailures());
        assertEquals(0, counts.compressed());
        assertEquals(5, counts.kept());
        for (int n = 1; n <= 5; n++) {
            assertArrayEquals(content(n, 16 * KB), Files.readAllBytes(OutputFiles.rotatedName(active, n)), "kept plain");
        }
    }

    @Test
    void failuresLeftUnreportedAreReportedWhenTheIntervalHasPassedWithoutNewWork() throws Exception {
        Path active = dir.resolve("events.jsonl");
        RotatedFiles rotated = new RotatedFiles(settings(active, true, 10, NO_LIMIT), err,
                TimeUnit.MILLISECONDS.toNanos(300));
        for (int n = 1; n <= 2; n++) {
            Path file = write(active, n, 16 * KB);
            Files.writeString(Files.createDirectory(OutputFiles.compressingName(file)).resolve("keep"), "x");
            rotated.submit(file);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> stderr().lines().count() == 2);
        assertTrue(stderr().lines().skip(1).findFirst().orElseThrow().startsWith("eventweave: 1 rotated-file"),
                stderr());
        rotated.finish(FINISH_NANOS);
        assertEquals(2, stderr().lines().count(), stderr());
    }

    @Test
    void aRotatedFileSomeoneElseRemovedLeavesTheSetSilently() throws Exception {
        Path active = dir.resolve("events.jsonl");
        RotatedFiles rotated = new RotatedFiles(settings(active, true, 10, NO_LIMIT), err);
        Path gone = write(active, 1, 16 * KB);
        Files.delete(gone);
        rotated.submit(gone);
        rotated.submit(write(active, 2, 16 * KB));
        rotated.finish(FINISH_NANOS);

        assertEquals("", stderr());
        assertEquals(List.of("events.000002.jsonl.gz"), names());
        RotatedFiles.Counts counts = rotated.counts();
        assertEquals(1, counts.vanished());
        assertEquals(counts.rotated(), counts.kept() + counts.deleted() + counts.vanished(), counts.toString());
    }

    private static OutputSettings settings(Path active, boolean gzip, int maxFiles, long totalSizeCap) {
        return new OutputSettings(active, 100 * MB, 0, gzip, maxFiles, totalSizeCap, "rw-------", 16 * 1024,
                OutputSettings.Fsync.NONE, true);
    }

    /** What rotation leaves: the active file renamed to its rotated name. */
    private static Path write(Path active, int number, long size) throws IOException {
        return Files.write(OutputFiles.rotatedName(active, number), content(number, size));
    }

    /** JSON-like lines, different for each file, compressible about as well as real events. */
    private static byte[] content(int number, long size) {
        Random random = new Random(number);
        byte[] bytes = new byte[(int) size];
        byte[] hex = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        int i = 0;
        long sequence = 0;
        while (i < bytes.length) {
            byte[] prefix = ("{\"event\":{\"name\":\"http.client.request\",\"sequence\":" + sequence++
                    + "},\"trace\":{\"id\":\"").getBytes(StandardCharsets.US_ASCII);
            for (int j = 0; j < prefix.length && i < bytes.length; j++) {
                bytes[i++] = prefix[j];
            }
            for (int j = 0; j < 32 && i < bytes.length; j++) {
                bytes[i++] = hex[random.nextInt(16)];
            }
            for (int j = 0; j < 3 && i < bytes.length; j++) {
                bytes[i++] = (byte) "\"}}".charAt(j);
            }
            if (i < bytes.length) {
                bytes[i++] = '\n';
            }
        }
        return bytes;
    }

    private static Path gz(Path active, int number) {
        return OutputFiles.compressedName(OutputFiles.rotatedName(active, number));
    }

    private static void gzip(Path plainName, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(OutputFiles.compressedName(plainName)))) {
            out.write(content);
        }
    }

    private static void assertDecompressesTo(byte[] expected, Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertArrayEquals(expected, in.readAllBytes(), gz.toString());
        }
    }

    /** The rotated files and leftovers of {@code events.*} in the directory, by name. */
    private List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : allNames()) {
            if (name.startsWith("events.")) {
                names.add(name);
            }
        }
        assertFalse(names.stream().anyMatch(n -> n.endsWith(".tmp")), "no .gz.tmp left: " + names);
        return names;
    }

    private List<String> allNames() throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
