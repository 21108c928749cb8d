package io.eventweave.format;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How the files of one output are named, for the agent that writes them and for whoever reads them.
 *
 * <ul>
 *   <li>The <b>active</b> file is the configured path ({@code events-12.jsonl}); the agent appends to it.</li>
 *   <li>Rotation renames it to its <b>rotated</b> name, the file's number inserted before {@code .jsonl}
 *       ({@code events-12.000003.jsonl}) or, for a name without {@code .jsonl}, appended ({@code events.log.000003}).
 *       The number has six digits at least, so up to 999999 the names also sort by name in rotation order; past it
 *       only {@link #rotationNumber} orders them.</li>
 *   <li>Compression writes {@code <rotated>.gz.tmp} and renames it to {@code <rotated>.gz} once complete, then
 *       deletes the plain rotated file: a {@code .gz} is always whole, a {@code .gz.tmp} never is.</li>
 *   <li>A plain file may have its {@link LineIndex} beside it, hidden ({@code .events-12.000003.idx}): never one of
 *       the names above.</li>
 * </ul>
 */
public final class OutputFiles {
    public static final String JSONL = ".jsonl";
    public static final String GZ = ".gz";
    public static final String GZ_TMP = ".gz.tmp";
    /** Fewest digits of the number in a rotated name. */
    public static final int NUMBER_DIGITS = 6;

    /** Longest number of digits parsed: 18 always fit a {@code long}. */
    private static final int MAX_DIGITS = 18;

    private OutputFiles() {
    }

    /**
     * The name {@code active} is renamed to when it is rotated as file {@code number}, in the same directory:
     * {@code events-12.jsonl}, 3 → {@code events-12.000003.jsonl}; {@code events.log}, 3 → {@code events.log.000003}.
     */
    public static Path rotatedName(Path active, long number) {
        if (number < 0) {
            throw new IllegalArgumentException("file number " + number + " is negative");
        }
        String name = fileName(active);
        String digits = digits(number);
        String rotated = name.endsWith(JSONL)
                ? name.substring(0, name.length() - JSONL.length()) + "." + digits + JSONL
                : name + "." + digits;
        return active.resolveSibling(rotated);
    }

    /** {@code <file>.gz}, beside {@code file}: the complete compressed copy. */
    public static Path compressedName(Path file) {
        return file.resolveSibling(fileName(file) + GZ);
    }

    /** {@code <file>.gz.tmp}, beside {@code file}: the compressed copy while it is being written. */
    public static Path compressingName(Path file) {
        return file.resolveSibling(fileName(file) + GZ_TMP);
    }

    /** Whether a rotated file's name is the compressed one ({@code .gz}). */
    public static boolean isCompressed(Path rotated) {
        return fileName(rotated).endsWith(GZ);
    }

    /**
     * The number of {@code candidate} if its file name is a rotated name of {@code active}, plain or {@code .gz}
     * (directories are not compared); empty for anything else: the active file itself, a {@code .gz.tmp}, another
     * output's files, a number of fewer than six digits or with a needless leading zero ({@code 0000003}).
     */
    public static OptionalLong rotationNumber(Path active, Path candidate) {
        String name = fileName(active);
        String stem = name.endsWith(JSONL) ? name.substring(0, name.length() - JSONL.length()) : name;
        String suffix = name.endsWith(JSONL) ? JSONL : "";
        String rest = fileName(candidate);
        if (rest.endsWith(GZ)) {
            rest = rest.substring(0, rest.length() - GZ.length());
        }
        int start = stem.length() + 1;
        int end = rest.length() - suffix.length();
        if (end - start < NUMBER_DIGITS || end - start > MAX_DIGITS || !rest.startsWith(stem)
                || rest.charAt(stem.length()) != '.' || !rest.endsWith(suffix)) {
            return OptionalLong.empty();
        }
        long number = 0;
        for (int i = start; i < end; i++) {
            char c = rest.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            number = number * 10 + (c - '0');
        }
        if (end - start > NUMBER_DIGITS && rest.charAt(start) == '0') {
            return OptionalLong.empty(); // not a name rotatedName gives
        }
        return OptionalLong.of(number);
    }

    /**
     * The rotated files of {@code active} in its directory, oldest (lowest number) first, each number once: when a
     * number has both its plain and its {@code .gz} file (compression between its rename and its delete, or a crash
     * there), the {@code .gz}, which is complete. Paths are siblings of {@code active}, relative if it is.
     */
    public static List<Path> rotatedInOrder(Path active) throws IOException {
        Map<Long, Path> byNumber = new TreeMap<>();
        Path dir = active.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                OptionalLong number = rotationNumber(active, entry);
                if (number.isPresent()) {
                    Path file = active.resolveSibling(entry.getFileName().toString());
                    byNumber.merge(number.getAsLong(), file, (a, b) -> isCompressed(a) ? a : b);
                }
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(byNumber.values()));
    }

    /**
     * One process's whole output in the order it was written: {@link #rotatedInOrder} then {@code active}, when it
     * exists.
     */
    public static List<Path> inOrder(Path active) throws IOException {
        List<Path> files = new ArrayList<>(rotatedInOrder(active));
        if (Files.exists(active)) {
            files.add(active);
        }
        return Collections.unmodifiableList(files);
    }

    /**
     * The active file whose output {@code file} belongs to, for a reader given files rather than the configured path:
     * {@code events-12.000003.jsonl} and {@code events-12.000003.jsonl.gz} → {@code events-12.jsonl};
     * {@code events.log.000003} → {@code events.log}; any other name (the active file itself) → {@code file}.
     */
    public static Path activeOf(Path file) {
        String name = fileName(file);
        String plain = name.endsWith(GZ) ? name.substring(0, name.length() - GZ.length()) : name;
        String suffix = plain.endsWith(JSONL) ? JSONL : "";
        String stem = plain.substring(0, plain.length() - suffix.length());
        int dot = stem.lastIndexOf('.');
        if (dot > 0) {
            Path active = file.resolveSibling(stem.substring(0, dot) + suffix);
            if (rotationNumber(active, file).isPresent()) {
                return active;
            }
        }
        return file;
    }

    private static String digits(long number) {
        String digits = Long.toString(number);
        return digits.length() >= NUMBER_DIGITS ? digits : "000000".substring(digits.length()) + digits;
    }

    private static String fileName(Path path) {
        Path name = path.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("not a file name: " + path);
        }
        return name.toString();
    }
}
