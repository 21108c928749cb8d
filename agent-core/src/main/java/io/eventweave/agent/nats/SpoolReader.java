package io.eventweave.agent.nats;

import io.eventweave.format.OutputFiles;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads one output's files as one sequence of whole lines, in the order the agent wrote them: the rotated files by
 * number ({@code .jsonl} or {@code .jsonl.gz}), then the active file, following it as it grows and across its
 * rotation. Shipper thread only (but {@link #order} and {@link #keyOf}, also used by retention's callback).
 *
 * <p><b>Which file.</b> A file is known by its <em>key</em>, {@code <service.instance.id>:<event.sequence>} of its first
 * line: unique to the file, kept through the renames of rotation and compression (a name is not: the active file
 * becomes {@code .000003.jsonl}, then {@code .000003.jsonl.gz}). A position is a key and an offset in the file's
 * uncompressed content, so it stays valid when the file it points into is compressed.
 *
 * <p><b>Rotation.</b> The writer renames the active file and opens a new one, after its last write to the old one.
 * At the end of the active file the reader compares the first line of what is now at the active path with its own
 * file's key: different, the file was rotated, and what the old file still holds is read through the open channel
 * (rotation, compression and even deletion do not take it away) before the next file in order.
 */
final class SpoolReader implements Closeable {
    /** A place in the output: the file's key (null: before the oldest file) and the offset after a whole line. */
    record Position(String fileKey, long offset) {
        static final Position START = new Position(null, 0);
    }

    private static final int CHUNK = 256 * 1024;
    /** Longest line read: a longer one (the agent never writes one) is skipped, counted as unshipped. */
    static final int MAX_LINE = 64 * 1024 * 1024;

    private final Path active;
    private final LineFields keyFields = new LineFields();
    /** Keys of rotated files by path: their content never changes under a name. */
    private final Map<Path, String> keys = new HashMap<>();

    private Path currentPath;
    private String currentKey;
    /** The end of the file read before the current one ({@link Position#START} before the first). */
    private Position endOfPrevious = Position.START;
    private boolean currentIsActive;
    private FileChannel channel;
    private InputStream compressed;
    /** Offset in the current file of {@code buffer[0]}. */
    private long bufferBase;
    private byte[] buffer = new byte[CHUNK];
    private int start;
    private int end;
    private boolean eof;

    /** The line {@link #next} returned: {@code buffer[lineFrom, lineFrom + lineLength)}, without its newline. */
    int lineFrom;
    int lineLength;
    /** Lines longer than {@link #MAX_LINE} skipped since the last call of {@link #takeSkippedLines}. */
    private long skippedLines;

    SpoolReader(Path active) {
        this.active = active;
    }

    byte[] buffer() {
        return buffer;
    }

    /**
     * Where the next line begins: the position to resume from once everything before it is acknowledged. In a file
     * without a first line yet (a new active file), the end of the file before it.
     */
    Position position() {
        if (currentKey == null && bufferBase + start == 0) {
            return endOfPrevious;
        }
        return new Position(currentKey, bufferBase + start);
    }

    /** Whether the reader is at the end of the active file (nothing more to read now). */
    boolean atActiveEnd() {
        return currentIsActive && eof && start == end;
    }

    long takeSkippedLines() {
        long n = skippedLines;
        skippedLines = 0;
        return n;
    }

    /**
     * Moves to {@code position}: its file found by key and read from its offset. A key no file has any more (retention
     * deleted it) moves to the oldest file left, whose lines are all newer. Returns false when that happened.
     */
    boolean seek(Position position) throws IOException {
        closeCurrent();
        List<Path> files = order();
        endOfPrevious = Position.START;
        if (position.fileKey() == null) {
            openFirst(files);
            return true;
        }
        for (Path file : files) {
            if (position.fileKey().equals(keyOf(file))) {
                open(file, file.equals(active), position.offset());
                return true;
            }
        }
        openFirst(files);
        return false;
    }

    private void openFirst(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            open(active, true, 0);
        } else {
            Path first = files.get(0);
            open(first, first.equals(active), 0);
        }
    }

    /**
     * The next whole line ({@link #lineFrom}, {@link #lineLength} in {@link #buffer()}), or false when none is there
     * yet. Moves on to the next file at the end of a rotated one.
     */
    boolean next(Set<String> skippedKeys) throws IOException {
        while (true) {
            if (currentKey != null && skippedKeys.contains(currentKey)) {
                // retention deleted this file and counted what was left of it: on to the next
                start = end;
                currentIsActive = false;
                if (!advance(skippedKeys)) {
                    return false;
                }
                continue;
            }
            int newline = indexOf((byte) '\n', start, end);
            if (newline >= 0) {
                lineFrom = start;
                lineLength = newline - start;
                start = newline + 1;
                if (currentKey == null && bufferBase + lineFrom == 0) {
                    currentKey = key(buffer, lineFrom, lineLength);
                }
                return true;
            }
            if (end - start >= MAX_LINE) { // a line longer than any the agent writes: skip to its end
                skipLongLine();
                continue;
            }
            if (fill()) {
                continue;
            }
            // at the end of the current file
            if (!currentIsActive) {
                if (!advance(skippedKeys)) {
                    return false;
                }
                continue;
            }
            if (currentKey == null) {
                // nothing read from it yet: a file replaced at the path (deleted, made again) is taken up here
                if (bufferBase + end == 0) {
                    reopenActive();
                    if (fill()) {
                        continue;
                    }
                }
                return false;
            }
            if (currentKey.equals(keyOfActive())) {
                return false; // still the active file: wait for more
            }
            // rotated: whatever the old file got before its rename, then the next file
            eof = false;
            if (fill()) {
                continue;
            }
            currentIsActive = false;
        }
    }

    /** Reads more of the current file into the buffer; false at its end (for now). */
    private boolean fill() throws IOException {
        if (start > 0 && (start == end || buffer.length - end < CHUNK / 4)) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            bufferBase += start;
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read;
        if (channel != null) {
            read = channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end), bufferBase + end);
        } else if (compressed != null) {
            read = compressed.read(buffer, end, buffer.length - end);
        } else {
            read = -1;
        }
        if (read <= 0) {
            eof = true;
            return false;
        }
        eof = false;
        end += read;
        return true;
    }

    private void skipLongLine() throws IOException {
        while (true) {
            bufferBase += end;
            start = 0;
            end = 0;
            if (!fill()) {
                return; // the rest of it has not been written yet; taken up at the next call
            }
            int newline = indexOf((byte) '\n', 0, end);
            if (newline >= 0) {
                start = newline + 1;
                skippedLines++;
                return;
            }
        }
    }

    /** Opens the file after the current one in order; false when there is none yet. */
    private boolean advance(Set<String> skippedKeys) throws IOException {
        List<Path> files = order();
        int index = -1;
        for (int i = 0; i < files.size() && currentKey != null; i++) {
            if (currentKey.equals(keyOf(files.get(i)))) {
                index = i;
            }
        }
        // the current file gone (retention deletes the oldest first): every file left is newer
        for (int i = index + 1; i < files.size(); i++) {
            Path file = files.get(i);
            String key = keyOf(file);
            if (key != null && (key.equals(currentKey) || skippedKeys.contains(key))) {
                continue;
            }
            try {
                Position previous = new Position(currentKey, bufferBase + start);
                open(file, file.equals(active), 0);
                endOfPrevious = previous;
                return true;
            } catch (NoSuchFileException renamed) {
                return false; // compressed or rotated in between: looked up again at the next call
            }
        }
        return false;
    }

    /**
     * Moves to {@code file}: opened first, so that a file renamed or deleted in between (compression, retention)
     * leaves the reader where it was, and the next call looks the files up again.
     */
    private void open(Path file, boolean isActive, long offset) throws IOException {
        FileChannel newChannel = null;
        InputStream newCompressed = null;
        if (OutputFiles.isCompressed(file)) {
            newCompressed = content(file, CHUNK);
            try {
                newCompressed.skipNBytes(offset); // EOFException when shorter
            } catch (IOException | RuntimeException e) {
                newCompressed.close();
                throw e;
            }
        } else {
            newChannel = FileChannel.open(file, StandardOpenOption.READ);
        }
        closeCurrent();
        channel = newChannel;
        compressed = newCompressed;
        currentPath = file;
        currentIsActive = isActive;
        currentKey = isActive ? null : keyOf(file);
        bufferBase = offset;
        start = 0;
        end = 0;
        eof = false;
        if (isActive && offset > 0) {
            currentKey = keyOfActive();
        }
    }

    private void reopenActive() throws IOException {
        open(active, true, 0);
    }

    private void closeCurrent() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (compressed != null) {
                compressed.close();
            }
        } catch (IOException ignored) {
            // read-only
        }
        channel = null;
        compressed = null;
        currentPath = null;
    }

    /** A file's content as the agent wrote it: gunzipped for a {@code .gz}, buffered. */
    static InputStream content(Path file, int bufferBytes) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), bufferBytes);
        return OutputFiles.isCompressed(file) ? new GZIPInputStream(in, bufferBytes) : in;
    }

    /** Lines of {@code file} after its first {@code offset} bytes (of the content); 0 when it cannot be read. */
    static long linesAfter(Path file, long offset) {
        try (InputStream in = content(file, 65536)) {
            in.skipNBytes(offset);
            byte[] chunk = new byte[65536];
            long lines = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The output's files, oldest first (rotated by number, then the active file). */
    List<Path> order() throws IOException {
        return OutputFiles.inOrder(active);
    }

    /** The key of a file (its first line's), or null when it has no whole first line yet or cannot be read. */
    String keyOf(Path file) {
        if (file.equals(active)) {
            return keyOfActive();
        }
        synchronized (keys) {
            String known = keys.get(file);
            if (known != null) {
                return known;
            }
        }
        String key = readKey(file);
        if (key != null) {
            synchronized (keys) {
                if (keys.size() > 10_000) {
                    keys.clear();
                }
                keys.put(file, key);
            }
        }
        return key;
    }

    private String keyOfActive() {
        return readKey(active);
    }

    private String readKey(Path file) {
        try (InputStream in = content(file, 8192)) {
            byte[] first = new byte[8192];
            int length = 0;
            while (true) {
                int newline = indexOf(first, (byte) '\n', 0, length);
                if (newline >= 0) {
                    synchronized (keyFields) {
                        return key(first, 0, newline);
                    }
                }
                if (length == first.length) {
                    if (length >= MAX_LINE) {
                        return null;
                    }
                    first = Arrays.copyOf(first, length * 2);
                }
                int read = in.read(first, length, first.length - length);
                if (read < 0) {
                    return null;
                }
                length += read;
            }
        } catch (IOException e) {
            return null;
        }
    }

    private String key(byte[] line, int from, int length) {
        synchronized (keyFields) {
            if (keyFields.read(line, from, length)) {
                return keyFields.instanceId + ":" + keyFields.sequence;
            }
        }
        return "line:" + Arrays.hashCode(Arrays.copyOfRange(line, from, from + length));
    }

    private int indexOf(byte b, int from, int to) {
        return indexOf(buffer, b, from, to);
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The file the reader is in (the name it was opened by), and its key, for retention's callback. */
    Path currentPath() {
        return currentPath;
    }

    String currentKey() {
        return currentKey;
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
