package io.eventweave.agent.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventweave.agent.nats.SpoolReader.Position;
import io.eventweave.format.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpoolReader} against files written the way the agent writes them ({@code JsonlSink}: whole lines appended to
 * the active file, rotation by an atomic rename and a new active file; {@code RotatedFiles}: compression to
 * {@code .gz.tmp}, renamed to {@code .gz}, then the plain file deleted). Every case compares the exact lines read.
 */
class SpoolReaderTest {
    private static final Set<String> NONE = Set.of();
    private static final String RUN = "0f3c9a7e-run-b";

    @TempDir
    Path dir;

    private Path active;
    private int fileNumber;
    /** Sequence numbers of this run's lines, as the agent numbers them. */
    private long sequence;

    @BeforeEach
    void setUp() throws IOException {
        active = dir.resolve("events.jsonl");
        fileNumber = 1;
        sequence = 1;
        Files.createFile(active); // the agent opens (creates) its active file at start
    }

    // --- the writer, as the agent does it

    private static String line(String instance, long n) {
        return "{\"@timestamp\":\"2026-12-06T05:00:00.000000001Z\",\"event\":{\"name\":\"http.client.request\","
                + "\"sequence\":" + n + "},\"service\":{\"name\":\"checkout\",\"instance\":{\"id\":\"" + instance
                + "\"}}}";
    }

    private static String key(String instance, long n) {
        return instance + ":" + n;
    }

    /** Appends {@code count} whole lines of this run to the active file; returns them. */
    private List<String> append(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String line = line(RUN, sequence++);
            lines.add(line);
            text.append(line).append('\n');
        }
        appendRaw(text.toString());
        return lines;
    }

    private void appendRaw(String text) throws IOException {
        Files.writeString(active, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /** Renames the active file to its next number and opens (creates) a new, empty active file. */
    private Path rotate() throws IOException {
        Path target = OutputFiles.rotatedName(active, fileNumber++);
        Files.move(active, target, StandardCopyOption.ATOMIC_MOVE);
        Files.createFile(active);
        return target;
    }

    /** Compresses a rotated file: {@code .gz.tmp}, renamed to {@code .gz}, then the plain file deleted. */
    private static Path compress(Path plain) throws IOException {
        Path gz = OutputFiles.compressedName(plain);
        Path tmp = OutputFiles.compressingName(plain);
        try (InputStream in = Files.newInputStream(plain);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
            in.transferTo(out);
        }
        Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(plain);
        return gz;
    }

    // --- the reader

    private static String current(SpoolReader reader) {
        return new String(reader.buffer(), reader.lineFrom, reader.lineLength, StandardCharsets.UTF_8);
    }

    /** Every whole line available now. */
    private static List<String> drain(SpoolReader reader, Set<String> skipped) throws IOException {
        List<String> lines = new ArrayList<>();
        while (reader.next(skipped)) {
            lines.add(current(reader));
        }
        return lines;
    }

    private static List<String> drain(SpoolReader reader) throws IOException {
        return drain(reader, NONE);
    }

    /** Exactly {@code count} lines (fails if fewer are available). */
    private static List<String> take(SpoolReader reader, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertTrue(reader.next(NONE), "line " + i + " of " + count + " available");
            lines.add(current(reader));
        }
        return lines;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long bytes(List<String> lines) {
        long n = 0;
        for (String line : lines) {
            n += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return n;
    }

    // --- 1

    @Test
    void followsTheGrowingActiveFileAndNeverReturnsAPartialLine() throws IOException {
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            assertFalse(reader.next(NONE), "empty file");
            assertTrue(reader.atActiveEnd());
            assertEquals(Position.START, reader.position());

            List<String> written = new ArrayList<>();
            List<String> read = new ArrayList<>();

            // a half first line: nothing yet, no key yet
            String first = line(RUN, sequence++);
            appendRaw(first.substring(0, 40));
            assertFalse(reader.next(NONE));
            assertNull(reader.currentKey());
            assertEquals(Position.START, reader.position());
            appendRaw(first.substring(40) + "\n");
            written.add(first);
            read.addAll(drain(reader));
            assertEquals(key(RUN, 1), reader.currentKey());
            assertTrue(reader.atActiveEnd());

            written.addAll(append(3));
            read.addAll(take(reader, 2)); // lines appended between calls, read part way
            written.addAll(append(2));
            read.addAll(drain(reader));
            assertTrue(reader.atActiveEnd());

            // a half line after whole ones: the whole ones only
            List<String> before = append(2);
            written.addAll(before);
            String half = line(RUN, sequence++);
            appendRaw(half.substring(0, half.length() / 2));
            read.addAll(drain(reader));
            assertEquals(written, read);
            assertEquals(new Position(key(RUN, 1), bytes(written)), reader.position());
            assertFalse(reader.next(NONE), "still only half a line");

            appendRaw(half.substring(half.length() / 2) + "\n");
            written.add(half);
            assertTrue(reader.next(NONE), "true again once the line is whole");
            read.add(current(reader));
            assertFalse(reader.next(NONE));
            assertTrue(reader.atActiveEnd());

            assertEquals(written, read);
            assertEquals(new Position(key(RUN, 1), Files.size(active)), reader.position());
            assertEquals(List.of(active), reader.order());
            assertEquals(key(RUN, 1), reader.keyOf(active));
        }
    }

    // --- 2

    @Test
    void readsEveryLineOfTheRotatedFileBeforeTheNewOne() throws IOException {
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            List<String> oldFile = new ArrayList<>(append(10));
            List<String> read = new ArrayList<>(take(reader, 4));
            oldFile.addAll(append(5)); // after the reader's last look, before the rename
            Path rotated = rotate();
            List<String> newFile = append(7);

            read.addAll(drain(reader));
            assertEquals(concat(oldFile, newFile), read);
            assertEquals(key(RUN, 16), reader.currentKey());
            assertTrue(reader.atActiveEnd());
            assertEquals(List.of(rotated, active), reader.order());
            assertEquals(key(RUN, 1), reader.keyOf(rotated));

            List<String> more = append(3);
            assertEquals(more, drain(reader));
        }
    }

    @Test
    void readsTheRotatedFileWhenTheReaderWasAtItsEndBeforeTheRename() throws IOException {
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            List<String> oldFile = append(6);
            List<String> read = new ArrayList<>(drain(reader));
            assertTrue(reader.atActiveEnd());
            rotate();
            assertEquals(List.of(), drain(reader), "the new active file is empty");
            List<String> newFile = new ArrayList<>();
            String half = line(RUN, sequence++);
            appendRaw(half.substring(0, 30)); // the new file's first line, half written
            assertEquals(List.of(), drain(reader));
            appendRaw(half.substring(30) + "\n");
            newFile.add(half);
            newFile.addAll(append(4));
            read.addAll(drain(reader));
            assertEquals(concat(oldFile, newFile), read);
            assertEquals(key(RUN, 7), reader.currentKey());
        }
    }

    // --- 3

    @Test
    void readsTheRotatedFileThroughItsOpenChannelWhenItIsCompressedMeanwhile() throws IOException {
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            List<String> oldFile = new ArrayList<>(append(20));
            List<String> read = new ArrayList<>(take(reader, 3));
            oldFile.addAll(append(10));
            Path rotated = rotate();
            List<String> newFile = new ArrayList<>(append(5));
            Path gz = compress(rotated);
            assertFalse(Files.exists(rotated));
            newFile.addAll(append(5));

            read.addAll(drain(reader));
            assertEquals(concat(oldFile, newFile), read);
            assertEquals(List.of(gz, active), reader.order());
            assertEquals(key(RUN, 1), reader.keyOf(gz));
            assertEquals(new Position(key(RUN, 31), bytes(newFile)), reader.position());
        }
    }

    @Test
    void readsARotatedFileBeingReadWhenItIsCompressedAndTheNextOneRotated() throws IOException {
        List<String> first = append(8);
        Path one = rotate();
        List<String> second = append(8);
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            List<String> read = new ArrayList<>(take(reader, 5)); // in .000001.jsonl
            compress(one);
            Path two = rotate();
            List<String> third = append(4);
            compress(two);
            read.addAll(drain(reader));
            List<String> all = new ArrayList<>(first);
            all.addAll(second);
            all.addAll(third);
            assertEquals(all, read);
        }
    }

    // --- 4

    @Test
    void readsManyRotatedFilesPlainAndCompressedInOrder() throws IOException {
        List<String> written = new ArrayList<>();
        for (int file = 1; file <= 20; file++) {
            written.addAll(append(50));
            Path rotated = rotate();
            if (file % 3 != 0) {
                compress(rotated);
            }
        }
        written.addAll(append(50));
        Path leftOver = OutputFiles.compressingName(OutputFiles.rotatedName(active, 21)); // never a file to read
        Files.write(leftOver, new byte[] {31, -117, 8});

        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            assertEquals(21, reader.order().size());
            List<String> read = drain(reader);
            assertEquals(written.size(), read.size());
            assertEquals(written, read);
            assertTrue(reader.atActiveEnd());
            assertEquals(key(RUN, 1001), reader.currentKey());
        }
    }

    // --- 5

    @Test
    void resumesAtTheNextLineInTheActiveFile() throws IOException {
        List<String> written = append(12);
        Position resume;
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            assertEquals(written.subList(0, 5), take(reader, 5));
            resume = reader.position();
        }
        assertEquals(new Position(key(RUN, 1), bytes(written.subList(0, 5))), resume);
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(resume));
            assertEquals(resume, reader.position());
            assertEquals(key(RUN, 1), reader.currentKey());
            assertEquals(written.subList(5, 12), drain(reader));
            assertTrue(reader.atActiveEnd());
        }
    }

    @Test
    void resumesInAFileRotatedAndCompressedSince() throws IOException {
        List<String> oldFile = append(15);
        Position resume;
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            take(reader, 9);
            resume = reader.position();
        }
        Path gz = compress(rotate());
        List<String> newFile = append(6);
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(resume));
            assertEquals(key(RUN, 1), reader.currentKey());
            assertEquals(gz, reader.currentPath());
            assertEquals(resume, reader.position());
            assertEquals(concat(oldFile.subList(9, 15), newFile), drain(reader));
        }
    }

    @Test
    void resumesAtTheVeryEndOfAFileRotatedSince() throws IOException {
        List<String> oldFile = append(7);
        Position resume;
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            assertEquals(oldFile, drain(reader));
            resume = reader.position();
        }
        assertEquals(new Position(key(RUN, 1), Files.size(active)), resume);
        Path rotated = rotate();
        List<String> newFile = append(4);
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(resume));
            assertEquals(newFile, drain(reader));
        }
        compress(rotated); // and once more, the end of a compressed file
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(resume));
            assertEquals(newFile, drain(reader));
        }
    }

    // --- 6

    @Test
    void aPositionInADeletedFileGoesOnWithTheOldestFileLeft() throws IOException {
        append(10);
        Path one = compress(rotate());
        List<String> second = append(10);
        Path two = rotate();
        List<String> third = append(10);
        Position resume;
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            take(reader, 4);
            resume = reader.position();
        }
        assertEquals(key(RUN, 1), resume.fileKey());
        Files.delete(one); // retention
        try (SpoolReader reader = new SpoolReader(active)) {
            assertFalse(reader.seek(resume));
            assertEquals(two, reader.currentPath());
            assertEquals(concat(second, third), drain(reader));
        }
    }

    // --- 7

    @Test
    void passesOverARotatedFileWhoseKeyIsSkipped() throws IOException {
        List<String> first = append(5);
        Path one = rotate();
        append(5);
        compress(rotate());
        List<String> third = append(5);
        Path three = rotate();
        List<String> fourth = append(5);
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            Set<String> skipped = Set.of(key(RUN, 6));
            List<String> read = drain(reader, skipped);
            assertEquals(concat(concat(first, third), fourth), read);
            assertEquals(List.of(one, OutputFiles.compressedName(OutputFiles.rotatedName(active, 2)), three, active),
                    reader.order());
        }
    }

    @Test
    void passesOverTheRestOfTheCurrentFileWhenItsKeyIsSkipped() throws IOException {
        List<String> first = append(10);
        Path one = rotate();
        List<String> second = append(10);
        Path two = rotate();
        List<String> third = append(3);
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            List<String> read = new ArrayList<>(take(reader, 2));
            assertEquals(key(RUN, 1), reader.currentKey());
            // retention is about to delete the file being read: its key is skipped while it is still there
            List<String> after = drain(reader, Set.of(key(RUN, 1)));
            assertEquals(concat(second, third), after);
            read.addAll(after);
            assertEquals(concat(first.subList(0, 2), concat(second, third)), read);
        }
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            assertEquals(first.subList(0, 3), take(reader, 3));
            Files.delete(one);
            Files.delete(two);
            assertEquals(third, drain(reader, Set.of(key(RUN, 1), key(RUN, 11))));
            assertEquals(key(RUN, 21), reader.currentKey());
        }
    }

    // --- 8

    @Test
    void aNewEmptyActiveFileIsPositionedAtTheEndOfThePreviousFile() throws IOException {
        List<String> oldFile = append(9);
        Position end;
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            assertEquals(oldFile, drain(reader));
            rotate(); // a new, empty active file
            assertEquals(List.of(), drain(reader));
            assertTrue(reader.atActiveEnd());
            assertNull(reader.currentKey());
            end = reader.position();
            assertNotEquals(Position.START, end);
            assertEquals(new Position(key(RUN, 1), bytes(oldFile)), end);
        }
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(end));
            assertEquals(List.of(), drain(reader), "nothing of the old file again");
            assertEquals(end, reader.position());
            List<String> newFile = append(4);
            assertEquals(newFile, drain(reader));
            assertEquals(key(RUN, 10), reader.currentKey());
        }
    }

    // --- 9

    @Test
    void readsAnEarlierRunsLinesAndThisRunsAppendedToTheSameFileAsOneFile() throws IOException {
        String earlier = "1b2d4f60-run-a";
        List<String> written = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (long n = 1; n <= 6; n++) {
            written.add(line(earlier, n));
            text.append(line(earlier, n)).append('\n');
        }
        appendRaw(text.toString());
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            List<String> read = new ArrayList<>(take(reader, 4));
            written.addAll(append(5)); // this run appends to the same file
            read.addAll(drain(reader));
            assertEquals(written, read);
            assertEquals(key(earlier, 1), reader.currentKey());
            assertEquals(key(earlier, 1), reader.keyOf(active));
            assertEquals(List.of(active), reader.order());
            assertTrue(reader.atActiveEnd());
            assertEquals(new Position(key(earlier, 1), bytes(written)), reader.position());

            // and rotated later: still one file, read once
            Path rotated = rotate();
            List<String> next = append(2);
            assertEquals(next, drain(reader));
            assertEquals(key(earlier, 1), reader.keyOf(rotated));
            assertEquals(key(RUN, 6), reader.currentKey());
        }
    }
    // --- a rotated file compressed between the reader's listing of the files and its opening of one

    /**
     * Puts {@code plain}'s content aside and leaves a dangling symbolic link at its name: the directory listing still
     * shows the plain file but opening it fails with {@code NoSuchFileException}, the state the reader is in when the
     * compressor renames {@code .gz.tmp} and deletes the plain file between {@code order()} and {@code open}.
     * Returns a step that finishes the compression.
     */
    private Runnable listedButGone(Path plain) throws IOException {
        byte[] content = Files.readAllBytes(plain);
        Files.delete(plain);
        Files.createSymbolicLink(plain, dir.resolve("already-compressed"));
        return () -> {
            try {
                Files.delete(plain);
                Files.write(plain, content);
                compress(plain);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Test
    void aRotatedFileCompressedWhileTheReaderMovesToItIsStillRead() throws IOException {
        List<String> first = append(5);
        rotate();
        List<String> second = append(5);
        Path two = rotate();
        List<String> third = append(5);
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            assertEquals(first, take(reader, 5));
            assertEquals(key(RUN, 6), reader.keyOf(two)); // known, as retention's callback may have asked
            Runnable finish = listedButGone(two);
            List<String> read = new ArrayList<>(drain(reader)); // the race: nothing now, looked up again next time
            finish.run();
            read.addAll(drain(reader));
            assertEquals(concat(second, third), read);
        }
    }

    @Test
    void aRotatedFileCompressedBeforeItsKeyIsReadIsReadOnceAndNothingTwice() throws IOException {
        List<String> first = append(5);
        rotate();
        List<String> second = append(5);
        Path two = rotate();
        List<String> third = append(5);
        try (SpoolReader reader = new SpoolReader(active)) {
            assertTrue(reader.seek(Position.START));
            assertEquals(first, take(reader, 5));
            Runnable finish = listedButGone(two);
            List<String> read = new ArrayList<>(drain(reader));
            finish.run();
            read.addAll(drain(reader));
            assertEquals(concat(second, third), read);
        }
    }
}
