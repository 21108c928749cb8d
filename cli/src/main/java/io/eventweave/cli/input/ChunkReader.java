package io.eventweave.cli.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One output's files (or standard input), in writing order, as chunks of whole lines: each chunk ends with a
 * newline, except the last of a file when the file does not. A line longer than a chunk grows the chunk. Reads a
 * {@code .gz} file through {@link GZIPInputStream}, and counts the bytes read from disk for the progress line.
 */
final class ChunkReader implements AutoCloseable {
    /** Lines of one file, read as one piece: where they came from and their place in the file. */
    static final class Chunk {
        byte[] buffer;
        int length;
        /** The file ({@code -} for standard input). */
        String source;
        /** The output's place in the input, the file's among the output's files, the chunk's in its file. */
        int output;
        int file;
        int indexInFile;
        /** Set by the parser: the lines in it, for line numbers of the chunks after it. */
        int lines;

        Chunk(int size) {
            buffer = new byte[size];
        }
    }

    private final List<Path> files;
    private final int output;
    private final Progress progress;
    private int nextFile;
    private InputStream in;
    private String source;
    private int indexInFile;
    /** Bytes read past the last newline, carried into the next chunk. */
    private byte[] carry = new byte[0];
    private int carryLength;

    /** @param stdin standard input to read after {@code files}, or null */
    ChunkReader(List<Path> files, InputStream stdin, int output, Progress progress) {
        this.files = files;
        this.output = output;
        this.progress = progress;
        if (stdin != null) {
            in = stdin;
            source = InputFiles.STDIN;
            nextFile = files.size() + 1;
        }
    }

    /**
     * Fills {@code chunk} with the next whole lines.
     *
     * @return false at the end of the last file
     */
    boolean next(Chunk chunk) throws IOException {
        for (;;) {
            if (in == null && !open()) {
                return false;
            }
            if (chunk.buffer.length < 2 * carryLength) {
                chunk.buffer = new byte[2 * carryLength]; // the rest of a line longer than this chunk, and more
            }
            byte[] buffer = chunk.buffer;
            System.arraycopy(carry, 0, buffer, 0, carryLength);
            int length = carryLength;
            carryLength = 0;
            boolean end = false;
            while (length < buffer.length) {
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    end = true;
                    break;
                }
                if (!(in instanceof GZIPInputStream) && source != InputFiles.STDIN) {
                    progress.advance(n);
                }
                length += n;
            }
            if (end) {
                in.close();
                in = null;
                if (length == 0) {
                    continue; // an empty file, or one that ended on a chunk's end
                }
                take(chunk, buffer, length);
                return true;
            }
            int last = lastNewline(buffer, length);
            if (last < 0) {
                // one line longer than the chunk: a larger chunk, and read on
                carry = Arrays.copyOf(buffer, length);
                carryLength = length;
                chunk.buffer = new byte[buffer.length * 2];
                continue;
            }
            int rest = length - (last + 1);
            if (carry.length < rest) {
                carry = new byte[Math.max(rest, 1 << 16)];
            }
            System.arraycopy(buffer, last + 1, carry, 0, rest);
            carryLength = rest;
            take(chunk, buffer, last + 1);
            return true;
        }
    }

    private void take(Chunk chunk, byte[] buffer, int length) {
        chunk.buffer = buffer;
        chunk.length = length;
        chunk.source = source;
        chunk.output = output;
        chunk.file = nextFile - 1;
        chunk.indexInFile = indexInFile++;
        chunk.lines = 0;
    }

    private static int lastNewline(byte[] buffer, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean open() throws IOException {
        while (nextFile < files.size()) {
            Path file = files.get(nextFile++);
            InputStream stream;
            try {
                stream = Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                continue; // compressed and deleted by a running agent since it was listed: its .gz follows
            }
            if (file.getFileName().toString().endsWith(".gz")) {
                stream = new GZIPInputStream(new Counted(stream, progress), 1 << 16);
            }
            in = stream;
            source = file.toString();
            indexInFile = 0;
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }

    /** Counts the bytes read from a file (before decompression), for progress. */
    static final class Counted extends java.io.FilterInputStream {
        private final Progress progress;

        Counted(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                progress.advance(n);
            }
            return n;
        }
    }
}
