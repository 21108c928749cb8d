package io.eventweave.agent.output;

import io.eventweave.format.LineIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link LineIndex} beside the active output file, written by {@link JsonlSink} after each batch's lines (drainer
 * thread only). Every failure leaves the data file as it is and that file without an index: the index is deleted
 * (a reader then reads every line, as it does for a file the index does not cover) and the next file starts a new
 * one.
 */
final class LineIndexFile implements AutoCloseable {
    private final Path path;
    private FileChannel channel;
    /** Codes of this file's names; {@link #lastName} is checked by identity first (names are constants). */
    private final Map<String, Integer> codes = new HashMap<>();
    private String lastName;
    private int lastCode;
    private ByteBuffer out = ByteBuffer.allocate(64 * 1024).order(LineIndex.ORDER);

    private LineIndexFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * The index of {@code data}, opened for appending where it matches {@code dataSize} bytes of it (the size after
     * {@link JsonlSink} cut back a partial line): a new one for an empty file, the one found cut back to the lines
     * within the size, or null when the one found does not match (it is deleted: a file an earlier version wrote,
     * or one whose index write failed).
     */
    static LineIndexFile open(Path data, long dataSize) throws IOException {
        Path path = LineIndex.of(data);
        if (dataSize == 0) {
            Files.deleteIfExists(path);
            return new LineIndexFile(path, null);
        }
        if (!Files.exists(path)) {
            return null;
        }
        LineIndex.Contents contents;
        try (FileChannel index = FileChannel.open(path, StandardOpenOption.READ);
                FileChannel file = FileChannel.open(data, StandardOpenOption.READ)) {
            contents = LineIndex.read(index, file, dataSize, LineIndex.NONE);
        } catch (LineIndex.Unusable | IOException e) {
            Files.deleteIfExists(path);
            return null;
        }
        if (contents.coveredBytes != dataSize) {
            Files.deleteIfExists(path);
            return null;
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
        channel.truncate(contents.indexBytes);
        channel.position(contents.indexBytes);
        LineIndexFile file = new LineIndexFile(path, channel);
        for (int i = 0; i < contents.names.length; i++) {
            file.codes.put(contents.names[i], i);
        }
        return file;
    }

    /**
     * Appends the records of {@code lines}, which were just written from {@code bytes} at {@code fileOffset} of the
     * data file. Throws when the index cannot be kept (the caller then {@link #abandon}s it).
     */
    void append(BatchLines lines, byte[] bytes, long fileOffset, String permissions) throws IOException {
        int n = lines.count();
        if (n == 0) {
            return;
        }
        out.clear();
        if (channel == null) { // a new file: the header names its first line
            if (fileOffset != 0 || lines.start(0) != 0) {
                throw new IOException("the first line indexed is not the file's first");
            }
            channel = JsonlSink.create(path, permissions, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            LineIndex.putHeader(out, bytes, 0, lines.length(0));
        }
        for (int i = 0; i < n; i++) {
            String name = lines.name(i);
            int code;
            if (name == lastName) {
                code = lastCode;
            } else {
                Integer known = codes.get(name);
                if (known == null) {
                    code = newName(name);
                } else {
                    code = known;
                }
                lastName = name;
                lastCode = code;
            }
            long offset = fileOffset + lines.start(i);
            int length = lines.length(i);
            if (offset > LineIndex.MAX_OFFSET || length > LineIndex.MAX_LINE_BYTES) {
                throw new IOException("a line past what the index can hold");
            }
            room(LineIndex.RECORD_BYTES);
            LineIndex.putLine(out, offset, length, code, lines.epochMillis(i));
        }
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private int newName(String name) throws IOException {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int code = codes.size();
        if (code >= LineIndex.MAX_CODES || bytes.length > LineIndex.MAX_NAME_BYTES) {
            throw new IOException("more event names than the index can hold");
        }
        room(LineIndex.RECORD_BYTES + LineIndex.padded(bytes.length));
        LineIndex.putName(out, code, bytes);
        codes.put(name, code);
        return code;
    }

    private void room(int bytes) {
        if (out.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2).order(LineIndex.ORDER);
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    /** Renames the index with its data file ({@code rotatedData}'s index); deleted when that fails. */
    void moveWith(Path rotatedData) {
        close();
        try {
            if (Files.exists(path)) {
                Files.move(path, LineIndex.of(rotatedData), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            deleteQuietly(path);
        }
    }

    /** After a failed write: this file goes on without an index. */
    void abandon() {
        close();
        deleteQuietly(path);
    }

    static void deleteQuietly(Path index) {
        try {
            Files.deleteIfExists(index);
        } catch (IOException ignored) {
            // a reader checks what it finds; an index it cannot match is not used
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the records written are what a reader finds
            }
            channel = null;
        }
    }
}
