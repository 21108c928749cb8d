package io.eventweave.cli.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The lines of a plain file that begin in a byte range, read by whichever thread parses them: several threads then
 * read one file at once, at their own positions ({@link FileChannel#read(ByteBuffer, long)}), so that a search that
 * skips most lines is not held to one thread's reads. A range owns the lines that start in it: a line begun before
 * it is the range before's, and its last line is read to its end past the range.
 */
final class RangeReader {
    /** Read past a range for the end of its last line, this much at a time. */
    static final int TAIL = 16 << 10;

    private RangeReader() {
    }

    /**
     * Fills {@code chunk} with the lines starting in {@code [offset, offset + length)} of {@code file}, whose size
     * was {@code size} when the ranges were made (a line still being written past it is left for later).
     */
    static void read(FileChannel file, long offset, long length, long size, ChunkReader.Chunk chunk)
            throws IOException {
        long from = Math.max(0, offset - 1); // the byte before: a newline there means the range starts a line
        int wanted = (int) (offset + length - from);
        if (chunk.buffer.length < wanted + TAIL) {
            chunk.buffer = new byte[wanted + TAIL];
        }
        byte[] b = chunk.buffer;
        int n = readFully(file, b, 0, wanted, from);
        int start = 0;
        if (offset > 0) {
            // skip the end of the line the range before owns
            while (start < n && b[start] != '\n') {
                start++;
            }
            start++;
        }
        if (start >= n) {
            chunk.length = 0; // a line longer than the range covers it all: the range before owns it
            return;
        }
        // the last line, to its newline
        long position = from + n;
        while (b[n - 1] != '\n' && position < size) {
            if (b.length - n < TAIL) {
                b = Arrays.copyOf(b, b.length * 2);
                chunk.buffer = b;
            }
            int more = readFully(file, b, n, (int) Math.min(TAIL, size - position), position);
            if (more <= 0) {
                break;
            }
            int end = n;
            n += more;
            position += more;
            for (int i = end; i < n; i++) {
                if (b[i] == '\n') {
                    n = i + 1;
                    break;
                }
            }
        }
        if (start > 0) {
            System.arraycopy(b, start, b, 0, n - start);
        }
        chunk.length = n - start;
    }

    private static int readFully(FileChannel file, byte[] b, int at, int count, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b, at, count);
        int total = 0;
        while (buffer.hasRemaining()) {
            int r = file.read(buffer, position + total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }
}
