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
    /** Read at a range's start for the end of the line before it, this much at a time. */
    static final int HEAD = 4 << 10;

    private RangeReader() {
    }

    /**
     * Fills {@code chunk} with the lines starting in {@code [offset, offset + length)} of {@code file}, whose size
     * was {@code size} when the ranges were made (a line still being written past it is left for later).
     *
     * <p>The lines land at the buffer's start without being moved there: the end of the line the range before owns
     * is found in a small first read ({@value #HEAD} bytes at a time), only what that read took past it is moved, and
     * the rest of the range is read in place. (Reading the whole range first and moving it down cost as much CPU as
     * searching it: {@code perf} on a 1 GB {@code query} put a third of the parsing threads' samples in that copy.)
     */
    static void read(FileChannel file, long offset, long length, long size, ChunkReader.Chunk chunk)
            throws IOException {
        long from = Math.max(0, offset - 1); // the byte before: a newline there means the range starts a line
        long end = offset + length;
        int wanted = (int) (end - from);
        if (chunk.buffer.length < wanted + TAIL) {
            chunk.buffer = new byte[wanted + TAIL];
        }
        byte[] b = chunk.buffer;
        int n = 0;
        long base = from; // the file's position of b[0]
        if (offset > 0) {
            // skip the end of the line the range before owns
            int newline = -1;
            while (newline < 0 && base + n < end) {
                int read = readFully(file, b, n, (int) Math.min(HEAD, end - base - n), base + n);
                if (read <= 0) {
                    break;
                }
                newline = newline(b, n, n + read);
                n += read;
            }
            if (newline < 0) {
                chunk.length = 0; // a line longer than the range covers it all: the range before owns it
                return;
            }
            int first = newline + 1;
            System.arraycopy(b, first, b, 0, n - first);
            n -= first;
            base += first;
        }
        n += readFully(file, b, n, (int) (end - base - n), base + n);
        if (n == 0) {
            chunk.length = 0; // the range's last byte ended the line before: the next range's line starts after it
            return;
        }
        // the last line, to its newline
        long position = base + n;
        while (b[n - 1] != '\n' && position < size) {
            if (b.length - n < TAIL) {
                b = Arrays.copyOf(b, b.length * 2);
                chunk.buffer = b;
            }
            int more = readFully(file, b, n, (int) Math.min(TAIL, size - position), position);
            if (more <= 0) {
                break;
            }
            int newline = newline(b, n, n + more);
            n = newline < 0 ? n + more : newline + 1;
            position += more;
        }
        chunk.length = n;
    }

    /** The first newline in {@code b[from, to)}, or -1. */
    private static int newline(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static int readFully(FileChannel file, byte[] b, int at, int count, long position) throws IOException {
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
