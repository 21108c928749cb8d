package io.eventweave.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The line index the agent keeps beside a plain output file ({@code .events-12.idx} beside
 * {@code events-12.jsonl}, {@link #of}): where each line starts, how long it is, its {@code event.name} and its time to the
 * millisecond. A reader filtering on the event name or on time reads only the lines that can match instead of every
 * byte. The anchor is Kafka's log segment, which keeps an offset index and a time index beside each {@code .log}.
 *
 * <h2>Layout (little-endian numbers)</h2>
 * <ul>
 *   <li><b>Header</b>, {@value #HEADER_BYTES} bytes: the magic {@code EWLIDX01}, then the length and the CRC-32C of
 *       the data file's first line (its {@code agent.start} or {@code agent.file} line, unique per file): a reader
 *       compares them with the file it opened, so an index is never applied to another file that took the same name
 *       (a rotation between opening the one and the other), then 16 zero bytes.</li>
 *   <li>Then records of {@value #RECORD_BYTES} bytes, in file order:
 *     <ul>
 *       <li>a <b>line</b>: {@code offset << 24 | length} (the line with its newline), then
 *           {@code code << 48 | epochMillis};</li>
 *       <li>a <b>name</b>, before the first line that uses it: {@code -1}, then {@code code << 48 | byteLength},
 *           then the name's UTF-8 bytes padded with zeros to a multiple of {@value #RECORD_BYTES}. Codes count from
 *           0 in the order names first appear in the file.</li>
 *     </ul></li>
 * </ul>
 *
 * <h2>What holds, and what a reader checks</h2>
 * The agent writes a batch's lines to the data file first and their records after, so the index covers a prefix of
 * the file: lines past it (a crash between the two writes, a reader between them) are read as if there were no
 * index. A record that ends past the data file's size is ignored with everything after it. A data file cut back when
 * reopened is matched by cutting its index back; an index that cannot be matched is deleted, and that file goes
 * without one. The index of a file is renamed with it, and deleted when the file is compressed or deleted.
 */
public final class LineIndex {
    /** The index's file name ends with this ({@link #of}). */
    public static final String SUFFIX = ".idx";
    public static final int HEADER_BYTES = 32;
    public static final int RECORD_BYTES = 16;
    /** Longest line a record can hold (the agent's lines are at most {@code output.max-line-size}). */
    public static final int MAX_LINE_BYTES = (1 << 24) - 1;
    /** Largest data file offset a record can hold: 1 TB. */
    public static final long MAX_OFFSET = (1L << 40) - 1;
    /** Codes per file: names past it leave the file without an index from there on. */
    public static final int MAX_CODES = 1 << 15;
    /** Longest event name a name record holds. */
    public static final int MAX_NAME_BYTES = 255;
    /** Bytes of the first line the header's check covers at most. */
    public static final int FIRST_LINE_CHECKED = 4096;

    private static final byte[] MAGIC = "EWLIDX01".getBytes(StandardCharsets.US_ASCII);
    /** Every number in an index is little-endian: what the machines it is read on hold in memory. */
    public static final java.nio.ByteOrder ORDER = java.nio.ByteOrder.LITTLE_ENDIAN;
    private static final long NAME_MARKER = -1L;
    private static final long MILLIS_MASK = (1L << 48) - 1;

    private LineIndex() {
    }

    /**
     * The index of {@code dataFile}, beside it, hidden, with {@code .jsonl} replaced by {@code .idx}
     * ({@code events-12.jsonl} → {@code .events-12.idx}, {@code events-12.000003.jsonl} →
     * {@code .events-12.000003.idx}; any other name gets {@code .idx} appended). Hidden, because the output
     * directory is read by other tools too: {@code cat logs/*}, {@code zcat -f logs/*} and a shell's globs pass over
     * it; and no glob for the data files ({@code *.jsonl}, {@code *.jsonl*}, {@code *.jsonl.gz}) matches it, so log
     * shippers and DuckDB's {@code read_json_auto} do not pick it up either.
     */
    public static Path of(Path dataFile) {
        Path name = dataFile.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("not a file name: " + dataFile);
        }
        String n = name.toString();
        String stem = n.endsWith(OutputFiles.JSONL) ? n.substring(0, n.length() - OutputFiles.JSONL.length()) : n;
        return dataFile.resolveSibling("." + stem + SUFFIX);
    }

    /** Whether a directory entry is an index rather than an output file. */
    public static boolean isIndex(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().startsWith(".") && name.toString().endsWith(SUFFIX);
    }

    /** The header for a data file whose first line is {@code bytes[from, from + length)}, newline included. */
    /** {@code out} must be in {@link #ORDER}. */
    public static void putHeader(ByteBuffer out, byte[] bytes, int from, int length) {
        out.put(MAGIC);
        out.putInt(length);
        out.putInt(firstLineCrc(bytes, from, length));
        out.putLong(0).putLong(0);
    }

    public static void putLine(ByteBuffer out, long offset, int length, int code, long epochMillis) {
        out.putLong(offset << 24 | length);
        out.putLong((long) code << 48 | epochMillis & MILLIS_MASK);
    }

    /** A name record; {@code name} is at most {@link #MAX_NAME_BYTES} bytes of UTF-8. */
    public static void putName(ByteBuffer out, int code, byte[] name) {
        out.putLong(NAME_MARKER);
        out.putLong((long) code << 48 | name.length);
        out.put(name);
        for (int pad = padded(name.length) - name.length; pad > 0; pad--) {
            out.put((byte) 0);
        }
    }

    /** Bytes a name record of {@code nameBytes} takes after its first {@value #RECORD_BYTES}. */
    public static int padded(int nameBytes) {
        return (nameBytes + RECORD_BYTES - 1) / RECORD_BYTES * RECORD_BYTES;
    }

    private static int firstLineCrc(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, Math.min(length, FIRST_LINE_CHECKED));
        return (int) crc.getValue();
    }

    /** Which lines a reader wants: by event name (asked once per name) and by time. */
    public interface Selector {
        boolean name(String eventName);

        boolean time(long epochMillis);
    }

    /** Every line (tests). */
    public static final Selector ALL = every(true);
    /** No line: a writer opening an index needs only where it ends and its names. */
    public static final Selector NONE = every(false);

    private static Selector every(boolean picked) {
        return new Selector() {
            @Override
            public boolean name(String eventName) {
                return picked;
            }

            @Override
            public boolean time(long epochMillis) {
                return picked;
            }
        };
    }

    /**
     * What an index holds for its data file: the lines it covers ({@link #lines} of them, up to
     * {@link #coveredBytes}), and of those the ones a {@link Selector} picked, in file order, in parallel arrays
     * ({@link #picked} of them): offset, length (newline included), line number (from 1), event name by code
     * ({@link #names}) and time.
     */
    public static final class Contents {
        public final String[] names;
        public final int picked;
        public final long[] offsets;
        public final int[] lengths;
        public final long[] lineNumbers;
        public final short[] codes;
        public final long[] epochMillis;
        public final long lines;
        public final long coveredBytes;
        /** The index's own bytes up to the end of its last record read: where a writer appends. */
        public final long indexBytes;

        Contents(String[] names, int picked, long[] offsets, int[] lengths, long[] lineNumbers, short[] codes,
                long[] epochMillis, long lines, long coveredBytes, long indexBytes) {
            this.names = names;
            this.picked = picked;
            this.offsets = offsets;
            this.lengths = lengths;
            this.lineNumbers = lineNumbers;
            this.codes = codes;
            this.epochMillis = epochMillis;
            this.lines = lines;
            this.coveredBytes = coveredBytes;
            this.indexBytes = indexBytes;
        }
    }

    /** Why an index was not used: missing, not an index, or not the index of that file. */
    public static final class Unusable extends Exception {
        public Unusable(String message) {
            super(message, null, false, false);
        }
    }

    /** Index bytes read at a time: records are decoded from a reused array of longs. */
    private static final int BLOCK_BYTES = 256 << 10;

    /**
     * Reads the index of the data file open as {@code data}, whose size the caller read as {@code dataSize}: the
     * header checked against the data's first line, then the records up to the last that ends within
     * {@code dataSize}, keeping the lines {@code selector} picks. Read a block at a time into an array of longs
     * (little-endian, so the copy is a plain one) and decoded there: about 2 ns a line once compiled.
     *
     * @throws Unusable when it does not belong to that file or is not an index; the reader then reads every line
     */
    public static Contents read(FileChannel index, FileChannel data, long dataSize, Selector selector)
            throws IOException, Unusable {
        checkHeader(index, data, dataSize);
        long size = index.size();
        Decoder d = new Decoder(selector, dataSize);
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES).order(ORDER); // its copy to longs is one memcpy
        long[] longs = new long[BLOCK_BYTES / Long.BYTES];
        long position = HEADER_BYTES;
        records:
        while (position + RECORD_BYTES <= size) {
            block.clear().limit((int) Math.min(BLOCK_BYTES, (size - position) / RECORD_BYTES * RECORD_BYTES));
            int count = readFully(index, block, position) / Long.BYTES & ~1;
            if (count == 0) {
                break;
            }
            block.flip();
            block.asLongBuffer().get(longs, 0, count);
            int i = 0;
            while (i < count) {
                i = d.lines(longs, i, count, position);
                if (i == count) {
                    break;
                }
                if (longs[i] != NAME_MARKER) {
                    break records; // past the data read, or not contiguous: the rest is read as unindexed
                }
                long recordEnd = position + (long) i * Long.BYTES + RECORD_BYTES;
                int code = (int) (longs[i + 1] >>> 48);
                int length = (int) (longs[i + 1] & MILLIS_MASK);
                if (code != d.names.size() || length > MAX_NAME_BYTES || recordEnd + padded(length) > size) {
                    break records; // a name record cut short, or not the next code: nothing after it is trusted
                }
                byte[] name = new byte[length];
                readFully(index, ByteBuffer.wrap(name), recordEnd);
                d.name(new String(name, StandardCharsets.UTF_8));
                d.trusted = recordEnd + padded(length);
                i += 2 + padded(length) / Long.BYTES;
                if (i > count) { // the name's bytes go on past this block: read on after them
                    position = d.trusted;
                    continue records;
                }
            }
            position += (long) count * Long.BYTES;
        }
        if (d.lines == 0) {
            throw new Unusable("covers no line");
        }
        return new Contents(d.names.toArray(new String[0]), d.picked, d.offsets, d.lengths, d.lineNumbers, d.codes,
                d.millis, d.lines, d.covered, d.trusted);
    }

    /**
     * The records' decoding, apart from everything else {@link #read} does, so that the loop the compilers make hot
     * holds nothing they have not seen run: compiled while the first index is still being read, a loop in the same
     * method as the {@code new Contents} at its end was compiled before that class was loaded, and the compiled code
     * was thrown away at its first return (an "unloaded" trap), so the next indexes ran in the interpreter again.
     */
    private static final class Decoder {
        final Selector selector;
        final long dataSize;
        final List<String> names = new ArrayList<>();
        boolean[] wanted = new boolean[64];
        int capacity = 256;
        long[] offsets = new long[capacity];
        int[] lengths = new int[capacity];
        long[] lineNumbers = new long[capacity];
        short[] codes = new short[capacity];
        long[] millis = new long[capacity];
        int picked;
        long lines;
        long covered;
        long trusted = HEADER_BYTES;

        Decoder(Selector selector, long dataSize) {
            this.selector = selector;
            this.dataSize = dataSize;
        }

        void name(String name) {
            int code = names.size();
            names.add(name);
            if (code == wanted.length) {
                wanted = Arrays.copyOf(wanted, code * 2);
            }
            wanted[code] = selector.name(name);
        }

        /**
         * The line records of {@code longs[from, count)}, of the index's bytes from {@code position}: returns
         * {@code count}, or where a record that is not a line of this file begins (a name, or one to stop at).
         */
        int lines(long[] longs, int from, int count, long position) {
            int known = names.size();
            long at = covered;
            int i = from;
            for (; i < count; i += 2) {
                long a = longs[i];
                long b = longs[i + 1];
                long offset = a >>> 24;
                int length = (int) (a & MAX_LINE_BYTES);
                int code = (int) (b >>> 48);
                if (a == NAME_MARKER || offset != at || length == 0 || offset + length > dataSize || code >= known) {
                    break;
                }
                at = offset + length;
                lines++;
                long time = b & MILLIS_MASK;
                if (wanted[code] && selector.time(time)) {
                    pick(offset, length, code, time);
                }
            }
            if (i > from) {
                trusted = position + (long) i * Long.BYTES;
            }
            covered = at;
            return i;
        }

        private void pick(long offset, int length, int code, long time) {
            if (picked == capacity) {
                capacity *= 2;
                offsets = Arrays.copyOf(offsets, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                lineNumbers = Arrays.copyOf(lineNumbers, capacity);
                codes = Arrays.copyOf(codes, capacity);
                millis = Arrays.copyOf(millis, capacity);
            }
            offsets[picked] = offset;
            lengths[picked] = length;
            lineNumbers[picked] = lines;
            codes[picked] = (short) code;
            millis[picked] = time;
            picked++;
        }
    }

    /**
     * The line records of an index one at a time, in file order, for a reader that goes through the whole file
     * anyway and checks each line against its record ({@code check}); holds a block of records, not the index.
     * Stops at the first record that is not the next line of the file or ends past {@code dataSize}.
     */
    public static final class Records {
        private final FileChannel index;
        private final long size;
        private final long dataSize;
        private final ByteBuffer block = ByteBuffer.allocate(64 << 10).order(ORDER);
        private final List<String> names = new ArrayList<>();
        private long position = HEADER_BYTES;
        private long line;
        private long offset;
        private int length;
        private String name;
        private long epochMillis;

        /** The index's records for the data file open as {@code data}, of {@code dataSize} bytes. */
        public Records(FileChannel index, FileChannel data, long dataSize) throws IOException, Unusable {
            checkHeader(index, data, dataSize);
            this.index = index;
            this.size = index.size();
            this.dataSize = dataSize;
            block.limit(0);
        }

        /** Moves to the next line's record; false at the end of what the index holds for the file. */
        public boolean next() throws IOException {
            long expected = offset + length;
            while (true) {
                if (block.remaining() < RECORD_BYTES) {
                    long bytes = Math.min(block.capacity(), (size - position) / RECORD_BYTES * RECORD_BYTES);
                    if (bytes < RECORD_BYTES) {
                        return false;
                    }
                    block.clear().limit((int) bytes);
                    readFully(index, block, position);
                    block.flip();
                }
                long a = block.getLong();
                long b = block.getLong();
                position += RECORD_BYTES;
                if (a == NAME_MARKER) {
                    int code = (int) (b >>> 48);
                    int nameLength = (int) (b & MILLIS_MASK);
                    if (code != names.size() || nameLength > MAX_NAME_BYTES || position + padded(nameLength) > size) {
                        return false;
                    }
                    byte[] bytes = new byte[nameLength];
                    readFully(index, ByteBuffer.wrap(bytes), position);
                    names.add(new String(bytes, StandardCharsets.UTF_8));
                    position += padded(nameLength);
                    block.limit(0); // read on after the name's bytes
                    continue;
                }
                long at = a >>> 24;
                int bytes = (int) (a & MAX_LINE_BYTES);
                int code = (int) (b >>> 48);
                if (at != expected || bytes == 0 || at + bytes > dataSize || code >= names.size()) {
                    return false;
                }
                line++;
                offset = at;
                length = bytes;
                name = names.get(code);
                epochMillis = b & MILLIS_MASK;
                return true;
            }
        }

        /** The line's number in its file, from 1. */
        public long line() {
            return line;
        }

        public long offset() {
            return offset;
        }

        /** With its newline. */
        public int length() {
            return length;
        }

        public String name() {
            return name;
        }

        public long epochMillis() {
            return epochMillis;
        }
    }

    private static void checkHeader(FileChannel index, FileChannel data, long dataSize) throws IOException, Unusable {
        if (index.size() < HEADER_BYTES) {
            throw new Unusable("shorter than its header");
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ORDER);
        readFully(index, header, 0);
        header.flip();
        byte[] magic = new byte[MAGIC.length];
        header.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new Unusable("not an eventweave line index");
        }
        int firstLength = header.getInt();
        int crc = header.getInt();
        if (firstLength <= 0 || firstLength > dataSize) {
            throw new Unusable("its first line is not in the file");
        }
        byte[] first = new byte[Math.min(firstLength, FIRST_LINE_CHECKED)];
        readFully(data, ByteBuffer.wrap(first), 0);
        if (firstLineCrc(first, 0, first.length) != crc) {
            throw new Unusable("the file's first line is not the one it was written for");
        }
    }

    private static int readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new java.io.EOFException("index ends early");
            }
            at += n;
        }
        return (int) (at - position);
    }
}
