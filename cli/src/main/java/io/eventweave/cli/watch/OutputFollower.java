package io.eventweave.cli.watch;

import io.eventweave.format.OutputFiles;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Follows one process's output while the agent writes it, across rotation and compression, missing no line and
 * showing none twice. It holds the active file open and reads what is appended; when the name points to another file
 * (the agent renamed the active one and began the next), it reads the old one to its end through the handle it holds
 * (a rename, or a delete after compression, does not cut an open file short), then the files rotated since (plain or
 * {@code .gz}: the agent may rotate more than once between two polls), then the new active file from its start. Which
 * files lie between is known from the number each file's first line gives ({@code agent.start}: 1,
 * {@code agent.file}: its {@code agent.output.file.number}), which is also its rotated name's number. GNU
 * {@code tail -F} closes the old file when it sees the new one, and loses what was written to the old one meanwhile.
 */
final class OutputFollower {
    private static final Pattern FILE_NUMBER = Pattern.compile("\"file\":\\{\"number\":(\\d+)");

    private final Path active;
    private final Consumer<String> lines;
    private final Consumer<String> problems;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    /** The number of the file being read, from its first line; -1 until that line is read. */
    private long fileNumber = -1;
    /** The number the next file must have: files below it were read. */
    private long nextNumber = -1;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

    OutputFollower(Path active, Consumer<String> lines, Consumer<String> problems) {
        this.active = active;
        this.lines = lines;
        this.problems = problems;
    }

    Path active() {
        return active;
    }

    /**
     * Begins: at the active file's end (its last complete line), or with everything (every rotated file, then the
     * active one from its start). A file that does not exist yet is read from its start once it appears.
     */
    void start(boolean fromStart) throws IOException {
        if (fromStart) {
            for (Path rotated : OutputFiles.rotatedInOrder(active)) {
                readWhole(rotated);
                nextNumber = OutputFiles.rotationNumber(active, rotated).orElse(nextNumber - 1) + 1;
            }
            open(false);
        } else {
            open(true);
        }
    }

    /** Reads what was written since the last poll; follows a rotation. */
    void poll() throws IOException {
        if (channel == null) {
            open(false);
            if (channel == null) {
                return;
            }
        }
        drain();
        Object now = key(active);
        if (now != null && !now.equals(fileKey)) {
            drain(); // the old file, to its end: written before the agent renamed it
            if (partial.size() > 0) {
                problems.accept(active + ": the file ended inside a line (" + partial.size() + " bytes dropped)");
                partial.reset();
            }
            channel.close();
            channel = null;
            nextNumber = fileNumber >= 0 ? fileNumber + 1 : -1;
            fileNumber = -1;
            open(false);
        }
    }

    void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void open(boolean atEnd) throws IOException {
        FileChannel c;
        try {
            c = FileChannel.open(active, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return; // not there yet (between the agent's rename and its new file, or before the process started)
        }
        channel = c;
        fileKey = key(active);
        position = 0;
        if (atEnd) {
            fileNumber = firstLineNumber(c);
            nextNumber = fileNumber >= 0 ? fileNumber + 1 : -1;
            position = lastLineEnd(c);
        }
    }

    private void drain() throws IOException {
        for (;;) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                return;
            }
            position += n;
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, start, i - start);
                    line(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                    start = i + 1;
                }
            }
            partial.write(bytes, start, n - start);
        }
    }

    /** A complete line of the followed file: the first one tells the file's number, and what came before it. */
    private void line(String text) throws IOException {
        if (fileNumber < 0) {
            Matcher m = FILE_NUMBER.matcher(text);
            if (!m.find()) {
                fileNumber = 0; // not an agent's first line: no numbers to follow
                lines.accept(text);
                return;
            }
            fileNumber = Long.parseLong(m.group(1));
            if (nextNumber > 0 && fileNumber > nextNumber) {
                readRotatedBetween(nextNumber, fileNumber);
            }
        }
        lines.accept(text);
    }

    /** The files numbered {@code [from, to)}: rotated while this follower was between two polls. */
    private void readRotatedBetween(long from, long to) throws IOException {
        for (Path rotated : OutputFiles.rotatedInOrder(active)) {
            OptionalLong n = OutputFiles.rotationNumber(active, rotated);
            if (n.isPresent() && n.getAsLong() >= from && n.getAsLong() < to) {
                readWhole(rotated);
                from = n.getAsLong() + 1;
            }
        }
        if (from < to) {
            problems.accept(active + ": files " + from + (to - 1 > from ? ".." + (to - 1) : "")
                    + " were deleted before they could be read (the agent's retention: output.max-files)");
        }
    }

    private void readWhole(Path file) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            Path gz = OutputFiles.compressedName(file);
            if (!Files.exists(gz)) {
                problems.accept(file + ": gone before it could be read");
                return;
            }
            in = Files.newInputStream(gz);
            file = gz;
        }
        if (file.getFileName().toString().endsWith(OutputFiles.GZ)) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                lines.accept(l);
            }
        }
    }

    private static long firstLineNumber(FileChannel c) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4096);
        c.read(head, 0);
        String text = new String(head.array(), 0, head.position(), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        Matcher m = FILE_NUMBER.matcher(nl < 0 ? text : text.substring(0, nl));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Where the last complete line ends: a line being written when watching starts is shown whole, later. */
    private static long lastLineEnd(FileChannel c) throws IOException {
        long size = c.size();
        ByteBuffer one = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long from = Math.max(0, end - one.capacity());
            one.clear();
            one.limit((int) (end - from));
            c.read(one, from);
            for (int i = one.position() - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }

    private static Object key(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Objects.requireNonNullElse(a.fileKey(), a.creationTime());
        } catch (IOException e) {
            return null;
        }
    }
}
