package io.eventweave.cli.input;

import com.fasterxml.jackson.core.JsonParser;
import io.eventweave.cli.filter.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@link EventInput#forEachMatch}: the lines a filter matches, found by one thread per processor and handed on in
 * the merged order ({@code query}). Each output's chunks are parsed ahead a few at a time and taken in file order;
 * several outputs are merged by {@code @timestamp} as {@link EventInput#forEach} merges them.
 *
 * <p>When the filter names a text every match must hold ({@link Filter#needle}), a chunk is searched for it
 * (Boyer-Moore-Horspool) and only the lines holding it are parsed: the rest are not read beyond that search, so a
 * selective query runs near the speed the files are read. A broken line among those is reported by its byte offset
 * in the file (its line number would need every line counted); broken lines without the text are not looked at.
 * Otherwise every line is read with {@link FieldsEvent} (the filter's fields only), and a matching line is parsed
 * whole.
 */
final class MatchScan {
    /**
     * A range's size: the threads read their own ranges, so a small one keeps each thread's arrays, and the memory a
     * run touches for the first time, small (on a virtual machine a page touched first is a fault that costs
     * microseconds: 1 GB queried in 4 MB ranges touched about 80 MB of heap).
     */
    static final int CHUNK_BYTES = 1 << 20;
    /** In-flight bytes across all outputs: chunks get smaller as outputs get more. */
    private static final int BUDGET_BYTES = 64 << 20;

    private final int threads;
    private final Filter filter;
    private final EventInput.Selection selection;
    private final Collection<String> fields;
    private final String needle;
    private final boolean countOnly;
    private final ThreadLocal<Worker> workers;

    long lines;
    long brokenCount;
    final List<String> broken = new ArrayList<>();
    private final int shown;

    /** A fixed chunk size (tests), or 0 for one from {@link #BUDGET_BYTES}. */
    private final int fixedChunkBytes;

    MatchScan(int threads, Filter filter, EventInput.Selection selection, boolean countOnly, int shown,
            int fixedChunkBytes) {
        this.fixedChunkBytes = fixedChunkBytes;
        this.threads = Math.max(1, threads);
        this.filter = filter;
        this.selection = selection;
        this.countOnly = countOnly;
        this.shown = shown;
        Set<String> wanted = new LinkedHashSet<>(filter.fields());
        wanted.add("@timestamp"); // the merge's order
        wanted.addAll(selection.fields());
        this.fields = wanted;
        String a = filter.needle();
        String b = selection.where == null ? null : selection.where.needle();
        this.needle = a == null ? b : b == null || a.length() >= b.length() ? a : b;
        this.workers = ThreadLocal.withInitial(Worker::new);
    }

    /** One chunk's outcome: its matches in order, its lines, its broken lines. */
    private static final class Result {
        final List<EventRecord> matches = new ArrayList<>();
        long count;
        int lines = -1; // unknown when the chunk was searched rather than read line by line
        final List<String> broken = new ArrayList<>();
        String source;
    }

    /** What each parsing thread keeps: its event, its parser, its searcher. */
    private final class Worker {
        final FieldsEvent event = new FieldsEvent(fields);
        final ChunkParser parser = new ChunkParser();
        final Horspool search = needle == null ? null : new Horspool(needle.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Every match, in the merged order, to {@code action} (with {@code countOnly}, none: the count is returned),
     * until {@code limit}.
     */
    long run(List<List<Path>> outputFiles, InputStream stdin, Progress progress, long limit,
            Consumer<EventRecord> action) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "eventweave-match");
            t.setDaemon(true);
            return t;
        });
        int window = threads + 1;
        int count = outputFiles.size() + (stdin == null ? 0 : 1);
        int chunkBytes = fixedChunkBytes > 0 ? fixedChunkBytes : (int) Math.max(64 << 10,
                Math.min(CHUNK_BYTES, BUDGET_BYTES / Math.max(1, count * window)));
        List<Output> outputs = new ArrayList<>();
        for (int i = 0; i < outputFiles.size(); i++) {
            outputs.add(new Output(outputFiles.get(i), null, i, progress, pool, window, chunkBytes));
        }
        if (stdin != null) {
            outputs.add(new Output(List.of(), stdin, outputFiles.size(), progress, pool, window, chunkBytes));
        }
        long matched = 0;
        try {
            if (countOnly) {
                for (Output output : outputs) {
                    for (Result r = output.next(); r != null && matched < limit; r = output.next()) {
                        matched += r.count;
                    }
                }
                return Math.min(matched, limit);
            }
            PriorityQueue<MergeHead<Output>> heads = new PriorityQueue<>();
            for (int i = 0; i < outputs.size(); i++) {
                EventRecord first = outputs.get(i).nextMatch();
                if (first != null) {
                    heads.add(MergeHead.of(first, outputs.get(i), i));
                }
            }
            while (!heads.isEmpty() && matched < limit) {
                MergeHead<Output> head = heads.poll();
                action.accept(head.event());
                matched++;
                EventRecord next = head.source().nextMatch();
                if (next != null) {
                    heads.add(MergeHead.of(next, head.source(), head.order()));
                }
            }
            return matched;
        } finally {
            pool.shutdownNow();
            for (Output output : outputs) {
                output.close();
            }
        }
    }

    /**
     * One output's chunks, parsed ahead by the pool and taken in order. A plain file is cut into ranges that the
     * pool's threads read themselves ({@link RangeReader}); a compressed file, and standard input, are read here in
     * order ({@link ChunkReader}).
     */
    private final class Output {
        private final List<Path> files;
        private final int index;
        private final Progress progress;
        private final ExecutorService pool;
        private final int chunkBytes;
        /** Room for a range's last line past it too, so that a range read never makes its array anew. */
        private final ChunkPool chunks;
        private final ArrayDeque<Future<Result>> ahead = new ArrayDeque<>();
        private int nextFile;
        /** The file being read in order, or null. */
        private ChunkReader sequential;
        /** The plain file being cut into ranges, or null: its channel, size and the next range's start. */
        private FileChannel channel;
        private String channelSource;
        private long channelSize;
        private long nextOffset;
        private int nextIndex;
        private final List<FileChannel> opened = new ArrayList<>();
        private boolean ended;
        private Result current;
        private int nextMatch;
        /** Lines of the current file before the chunk taken last, for the matches' line numbers. */
        private String file;
        private long lineBase;
        private long fileOffset;

        Output(List<Path> files, InputStream stdin, int index, Progress progress, ExecutorService pool, int window,
                int chunkBytes) {
            this.files = files;
            this.index = index;
            this.progress = progress;
            this.pool = pool;
            this.chunkBytes = chunkBytes;
            this.chunks = new ChunkPool(window, chunkBytes + RangeReader.TAIL + 1);
            if (stdin != null) {
                sequential = new ChunkReader(List.of(), stdin, index, progress);
                nextFile = files.size();
            }
        }

        void close() throws IOException {
            if (sequential != null) {
                sequential.close();
            }
            for (FileChannel c : opened) {
                c.close();
            }
        }

        /** The next chunk's result, in order; null at the end. */
        Result next() throws IOException {
            fill();
            Future<Result> f = ahead.poll();
            if (f == null) {
                return null;
            }
            Result r;
            try {
                r = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                if (cause instanceof RuntimeException rt) {
                    throw rt;
                }
                throw new IllegalStateException(cause);
            }
            account(r);
            fill();
            return r;
        }

        /** Its next match, its line number made absolute; null at the end. */
        EventRecord nextMatch() throws IOException {
            while (current == null || nextMatch == current.matches.size()) {
                current = next();
                nextMatch = 0;
                if (current == null) {
                    return null;
                }
            }
            return current.matches.get(nextMatch++);
        }

        /** Lines, broken lines and line numbers, in file order. */
        private void account(Result r) {
            if (!r.source.equals(file)) {
                file = r.source;
                lineBase = 0;
            }
            for (int i = 0; i < r.matches.size(); i++) {
                EventRecord e = r.matches.get(i);
                r.matches.set(i, new EventRecord(e.root(), e.text(), e.source(),
                        r.lines < 0 ? 0 : lineBase + e.line()));
            }
            for (String b : r.broken) {
                brokenCount++;
                if (broken.size() < shown) {
                    broken.add(b.startsWith("+") ? r.source + ":" + (lineBase + Long.parseLong(b.substring(1,
                            b.indexOf(':')))) + b.substring(b.indexOf(':')) : r.source + " " + b);
                }
            }
            if (r.lines >= 0) {
                lineBase += r.lines;
                lines += r.lines;
            }
        }

        /** Hands on chunks while there is room ahead: ranges to be read by the pool, or chunks read here. */
        private void fill() throws IOException {
            while (!ended && chunks.available()) {
                if (sequential != null) {
                    ChunkReader.Chunk chunk = chunks.poll();
                    if (!sequential.next(chunk)) {
                        chunks.give(chunk);
                        sequential.close();
                        sequential = null;
                        continue;
                    }
                    if (chunk.indexInFile == 0) {
                        fileOffset = 0;
                    }
                    long offset = fileOffset;
                    fileOffset += chunk.length;
                    submit(chunk, offset, null);
                } else if (channel != null) {
                    if (nextOffset >= channelSize) {
                        channel = null;
                        continue;
                    }
                    ChunkReader.Chunk chunk = chunks.poll();
                    chunk.source = channelSource;
                    chunk.output = index;
                    chunk.indexInFile = nextIndex++;
                    long offset = nextOffset;
                    long length = Math.min(chunkBytes, channelSize - offset);
                    nextOffset += length;
                    FileChannel c = channel;
                    long size = channelSize;
                    submit(chunk, offset, () -> {
                        RangeReader.read(c, offset, length, size, chunk);
                        progress.advance(length);
                    });
                } else if (!openNext()) {
                    ended = true;
                }
            }
        }

        /** The next file: plain ones in ranges, compressed ones in order; false after the last. */
        private boolean openNext() throws IOException {
            while (nextFile < files.size()) {
                Path path = files.get(nextFile++);
                if (path.getFileName().toString().endsWith(".gz")) {
                    sequential = new ChunkReader(List.of(path), null, index, progress);
                    return true;
                }
                FileChannel c;
                try {
                    c = FileChannel.open(path);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // compressed and deleted by a running agent since it was listed: its .gz follows
                }
                opened.add(c);
                channel = c;
                channelSource = path.toString();
                channelSize = c.size();
                nextOffset = 0;
                nextIndex = 0;
                return true;
            }
            return false;
        }

        /** A chunk to the pool: read there first when {@code read} is given. */
        private void submit(ChunkReader.Chunk chunk, long offset, IoAction read) {
            ahead.add(pool.submit(() -> {
                try {
                    if (read != null) {
                        read.run();
                    }
                    return work(chunk, offset);
                } finally {
                    chunks.give(chunk);
                }
            }));
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** One chunk on a pool thread. */
    private Result work(ChunkReader.Chunk chunk, long fileOffset) throws IOException {
        Worker w = workers.get();
        Result r = new Result();
        r.source = chunk.source;
        byte[] b = chunk.buffer;
        int length = chunk.length;
        if (w.search != null) {
            int from = 0;
            for (int hit = w.search.indexOf(b, from, length); hit >= 0; hit = w.search.indexOf(b, from, length)) {
                int start = hit;
                while (start > from && b[start - 1] != '\n') {
                    start--;
                }
                int end = hit;
                while (end < length && b[end] != '\n') {
                    end++;
                }
                line(w, b, start, end, 0, r, fileOffset);
                from = Math.min(length, end + 1);
            }
            return r;
        }
        r.lines = w.parser.parse(b, 0, length, new ChunkParser.Handler() {
            private int start;

            @Override
            public int scan(byte[] bytes, int at, int to) {
                start = at;
                return w.event.scan(bytes, at, to);
            }

            @Override
            public void read(JsonParser parser) throws IOException {
                w.event.read(parser);
            }

            @Override
            public void take(int line) {
                if (selects(w.event)) {
                    int end = start;
                    while (end < length && b[end] != '\n') {
                        end++;
                    }
                    matched(b, start, end, line, r);
                }
            }

            @Override
            public void broken(int line, String reason) {
                r.broken.add("+" + line + ": " + reason);
            }
        });
        return r;
    }

    private boolean selects(EventView event) {
        return selection.test(event) && filter.test(event);
    }

    /** A line found by the search: read, judged, and taken when it matches. */
    private void line(Worker w, byte[] b, int start, int end, int lineNumber, Result r, long fileOffset)
            throws IOException {
        int next = w.event.scan(b, start, end);
        if (next != FieldsEvent.GIVE_UP) {
            if (selects(w.event)) {
                matched(b, start, end, lineNumber, r);
            }
            return;
        }
        String text = new String(b, start, end - start, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return;
        }
        try {
            EventRecord record = JsonLines.parse(text, r.source, lineNumber);
            if (selects(record)) {
                if (countOnly) {
                    r.count++;
                } else {
                    r.matches.add(record);
                }
            }
        } catch (JsonLines.BrokenLine e) {
            r.broken.add("(the line at byte " + (fileOffset + start) + "): " + e.getMessage());
        }
    }

    private void matched(byte[] b, int start, int end, int lineNumber, Result r) {
        if (countOnly) {
            r.count++;
            return;
        }
        int stop = end > start && b[end - 1] == '\r' ? end - 1 : end;
        String text = new String(b, start, stop - start, StandardCharsets.UTF_8);
        try {
            r.matches.add(JsonLines.parse(text, r.source, lineNumber));
        } catch (JsonLines.BrokenLine e) {
            throw new IllegalStateException("a line read whole could not be parsed again: " + text, e);
        }
    }
}
