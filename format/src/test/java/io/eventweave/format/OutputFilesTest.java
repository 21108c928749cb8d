package io.eventweave.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aRotatedOrCompressedFileNamesItsActiveFileAndAnyOtherFileIsItsOwn() {
        Path dir = Path.of("logs");
        for (String rotated : List.of("events-12.000003.jsonl", "events-12.000003.jsonl.gz",
                "events-12.1000000.jsonl")) {
            assertEquals(dir.resolve("events-12.jsonl"), OutputFiles.activeOf(dir.resolve(rotated)), rotated);
        }
        assertEquals(dir.resolve("events.log"), OutputFiles.activeOf(dir.resolve("events.log.000003")));
        assertEquals(dir.resolve("events.log"), OutputFiles.activeOf(dir.resolve("events.log.000003.gz")));
        for (String own : List.of("events-12.jsonl", "events-12.003.jsonl", "events-12.0000003.jsonl",
                "events-12.000003.jsonl.gz.tmp", "a.b.jsonl", "events")) {
            assertEquals(dir.resolve(own), OutputFiles.activeOf(dir.resolve(own)), own);
        }
    }

    @Test
    void rotatedNameInsertsTheNumberBeforeJsonl() {
        Path active = Path.of("/var/log/app/events-12.jsonl");
        assertEquals(Path.of("/var/log/app/events-12.000003.jsonl"), OutputFiles.rotatedName(active, 3));
        assertEquals(Path.of("/var/log/app/events-12.000000.jsonl"), OutputFiles.rotatedName(active, 0));
        assertEquals(Path.of("/var/log/app/events-12.999999.jsonl"), OutputFiles.rotatedName(active, 999_999));
        assertEquals(Path.of("/var/log/app/events-12.1000000.jsonl"), OutputFiles.rotatedName(active, 1_000_000));
        assertEquals(Path.of("events.000042.jsonl"), OutputFiles.rotatedName(Path.of("events.jsonl"), 42));
    }

    @Test
    void rotatedNameAppendsTheNumberToANameWithoutJsonl() {
        assertEquals(Path.of("/x/events.log.000003"), OutputFiles.rotatedName(Path.of("/x/events.log"), 3));
        assertEquals(Path.of("/x/events.000003"), OutputFiles.rotatedName(Path.of("/x/events"), 3));
        assertEquals(Path.of("/x/events.json.000003"), OutputFiles.rotatedName(Path.of("/x/events.json"), 3));
    }

    @Test
    void rotatedNameRejectsANegativeNumber() {
        assertThrows(IllegalArgumentException.class, () -> OutputFiles.rotatedName(Path.of("e.jsonl"), -1));
    }

    @Test
    void compressedNamesAreBesideTheRotatedFile() {
        Path rotated = Path.of("/x/events.000003.jsonl");
        assertEquals(Path.of("/x/events.000003.jsonl.gz"), OutputFiles.compressedName(rotated));
        assertEquals(Path.of("/x/events.000003.jsonl.gz.tmp"), OutputFiles.compressingName(rotated));
        assertTrue(OutputFiles.isCompressed(OutputFiles.compressedName(rotated)));
        assertFalse(OutputFiles.isCompressed(rotated));
        assertFalse(OutputFiles.isCompressed(OutputFiles.compressingName(rotated)));
    }

    @Test
    void rotationNumberReadsBackEveryNameRotatedNameGives() {
        for (String activeName : List.of("events-12.jsonl", "events.log", "events", "a.b.c.jsonl", "run-%p.jsonl",
                "100%.jsonl", "x.gz", ".jsonl", "events.000001.jsonl")) {
            Path active = Path.of("/d").resolve(activeName);
            for (long number : new long[] {0, 1, 3, 999_999, 1_000_000, 123_456_789_012L}) {
                Path rotated = OutputFiles.rotatedName(active, number);
                assertEquals(OptionalLong.of(number), OutputFiles.rotationNumber(active, rotated), rotated.toString());
                assertEquals(OptionalLong.of(number),
                        OutputFiles.rotationNumber(active, OutputFiles.compressedName(rotated)), rotated + ".gz");
                assertEquals(OptionalLong.empty(),
                        OutputFiles.rotationNumber(active, OutputFiles.compressingName(rotated)), rotated + ".gz.tmp");
            }
            assertEquals(OptionalLong.empty(), OutputFiles.rotationNumber(active, active), "the active file");
        }
    }

    @Test
    void rotationNumberRejectsNamesRotatedNameNeverGives() {
        Path active = Path.of("/d/events.jsonl");
        for (String name : List.of("events.00003.jsonl", "events.0000003.jsonl", "events.000003", "events.000003.json",
                "events.00000a.jsonl", "events-000003.jsonl", "other.000003.jsonl", "xevents.000003.jsonl",
                "events.000003.jsonl.tmp", "events.000003.jsonl.gz.gz", "events.jsonl.gz", "events..jsonl",
                "events.1234567890123456789.jsonl")) {
            assertEquals(OptionalLong.empty(), OutputFiles.rotationNumber(active, Path.of("/d", name)), name);
        }
        Path log = Path.of("/d/events.log");
        for (String name : List.of("events.log.000003.jsonl", "events.000003.log", "events.log.gz", "events.log.")) {
            assertEquals(OptionalLong.empty(), OutputFiles.rotationNumber(log, Path.of("/d", name)), name);
        }
    }

    @Test
    void rotationNumberComparesNamesNotDirectories() {
        assertEquals(OptionalLong.of(7),
                OutputFiles.rotationNumber(Path.of("/a/events.jsonl"), Path.of("/b/events.000007.jsonl")));
    }

    @Test
    void rotatedInOrderSortsByNumberPastSixDigits() throws IOException {
        Path active = dir.resolve("events.jsonl");
        List<Path> expected = new ArrayList<>();
        for (long number : new long[] {999_998, 999_999, 1_000_000, 1_000_001, 12_345_678}) {
            expected.add(Files.createFile(OutputFiles.rotatedName(active, number)));
        }
        List<String> byName = expected.stream().map(p -> p.getFileName().toString()).sorted()
                .collect(Collectors.toList());
        assertTrue(!byName.get(0).equals(expected.get(0).getFileName().toString()),
                "sorting by name would be wrong here: " + byName);
        assertEquals(expected, OutputFiles.rotatedInOrder(active));
    }

    @Test
    void inOrderListsPlainAndCompressedFilesThenTheActiveOneAndNothingElse() throws IOException {
        Path active = dir.resolve("app-%h.jsonl");
        Path one = OutputFiles.compressedName(OutputFiles.rotatedName(active, 1));
        Path two = OutputFiles.compressedName(OutputFiles.rotatedName(active, 2));
        Path three = OutputFiles.rotatedName(active, 3); // being compressed: plain and .gz.tmp
        Path four = OutputFiles.rotatedName(active, 4); // compressed, plain not yet deleted: the .gz counts
        Path fourGz = OutputFiles.compressedName(four);
        List<Path> created = new ArrayList<>(List.of(one, two, three, OutputFiles.compressingName(three), four, fourGz,
                active,
                dir.resolve("app-%h.000005.jsonl.gz.tmp"), // compression of a file retention deleted, interrupted
                dir.resolve("app-other.000001.jsonl"), dir.resolve("app-%h.jsonl.gz"), dir.resolve("app-%h.000001"),
                dir.resolve("notes.txt")));
        Collections.shuffle(created);
        for (Path file : created) {
            Files.createFile(file);
        }
        Files.createDirectory(dir.resolve("app-%h.000009.jsonl.d"));
        assertEquals(List.of(one, two, three, fourGz), OutputFiles.rotatedInOrder(active));
        assertEquals(List.of(one, two, three, fourGz, active), OutputFiles.inOrder(active));
    }

    @Test
    void inOrderWithoutAnActiveFileListsTheRotatedOnes() throws IOException {
        Path active = dir.resolve("events.log");
        Path one = Files.createFile(OutputFiles.rotatedName(active, 1));
        assertEquals(List.of(one), OutputFiles.inOrder(active));
        assertEquals(List.of(), OutputFiles.inOrder(dir.resolve("none.jsonl")));
    }

    @Test
    void inOrderKeepsARelativeActivePathRelative() throws IOException {
        Path active = dir.resolve("events.jsonl");
        Files.createFile(OutputFiles.rotatedName(active, 1));
        Path relative = Path.of("").toAbsolutePath().relativize(active);
        assertEquals(List.of(OutputFiles.rotatedName(relative, 1)), OutputFiles.rotatedInOrder(relative));
    }
}
