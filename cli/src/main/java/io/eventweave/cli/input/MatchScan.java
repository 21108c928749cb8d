package io.eventweave.cli.input;

import com.fasterxml.jackson.core.JsonParser;
import io.eventweave.cli.filter.Filter;
import io.eventweave.format.FieldNames;
import io.eventweave.format.LineIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Whether the files' line indexes are consulted: asked for, and the filter or the selection tests the event name
     * or the time, which is what an index tells without reading the line.
     */
    private final boolean indexed;
    private final long sinceMillis;
    private final long untilMillis;
    /** Names tested already: whether the filter and {@code --where} admit them, and decide them. */
    private final java.util.Map<String, Boolean> admitted = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Boolean> decided = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the index is asked for: lines whose name is admitted and whose millisecond can be selected. */
    private final LineIndex.Selector selector = new LineIndex.Selector() {
        @Override
        public boolean name(String eventName) {
            return admits(eventName);
        }

        @Override
        public boolean time(long epochMillis) {
            // a line's time is within [millis, millis + 1 ms): kept when that can meet --since and --until
            return epochMillis >= sinceMillis && epochMillis <= untilMillis;
        }
    };

    MatchScan(int threads, Filter filter, EventInput.Selection selection, boolean countOnly, int shown,
            int fixedChunkBytes, boolean useIndex) {
        this.fixedChunkBytes = fixedChunkBytes;
        this.threads = Math.max(1, threads);
        this.filter = filter;
        this.selection = selection;
        this.countOnly = countOnly;
        this.shown = shown;
        Set<String> wanted = new LinkedHashSet<>(filter.fields());
        wanted.add("@timestamp"); // the merge's order
        wanted.addAll(selection.fields());
        boolean timed = selection.sinceNanos != Long.MIN_VALUE || selection.untilNanos != Long.MAX_VALUE;
        this.indexed = useIndex && (timed || wanted.contains(FieldNames.EVENT_NAME));
        if (indexed) {
            wanted.add(FieldNames.EVENT_NAME); // each line an index points to is checked against it
        }
        this.sinceMillis = selection.sinceNanos == Long.MIN_VALUE ? Long.MIN_VALUE
                : Math.floorDiv(selection.sinceNanos, 1_000_000L);
        this.untilMillis = selection.untilNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.floorDiv(selection.untilNanos, 1_000_000L);
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
        /** The lines of an index's file: matches numbered in the file already. */
        boolean numbered;
        /** Lines of its file before this chunk when known (the first range past what an index covers), else -1. */
        long linesBefore = -1;
    }

    /**
     * A line an index points to is not the line it describes (the file was changed after it was written): thrown by
     * a pool thread, the file is then read again without its index.
     */
    private static final class IndexMismatch extends RuntimeException {
        IndexMismatch(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A plain file opened, its size then, and what its index picked ({@code contents} null: read it line by line);
     * {@code data} null: the file was gone.
     */
    private record Planned(FileChannel data, long size, LineIndex.Contents contents, Decided decided,
            RandomAccessFile[] readers) {
    }

    /** Lines of one file its index says can match: picked lines {@code [from, to)} of {@code contents}. */
    private record Picked(Planned file, int from, int to, long progressBytes) {
    }

    /**
     * Of one index's names, the ones whose lines match whatever else they hold (the filter and {@code --where}
     * decided by the name alone), each with the bytes its line holds after its {@code @timestamp} as the agent
     * writes it: such a line is taken once those bytes are found where the agent puts them, without reading its
     * fields. A line laid out otherwise is read and judged as any other.
     */
    private record Decided(boolean[] byCode, byte[][] nameBytes) {
    }

    /** What a line the agent wrote begins with: {@code {"@timestamp":"} and 30 characters and {@code "}. */
    private static final byte[] LINE_START = "{\"@timestamp\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int NAME_AT = LINE_START.length + 30 + 1;

    /** Whether the filter and {@code --where} match every event of this name. */
    private boolean decides(String name) {
        return decided.computeIfAbsent(name, n -> filter.decides(FieldNames.EVENT_NAME, n)
                && (selection.where == null || selection.where.decides(FieldNames.EVENT_NAME, n)));
    }

    /** Whether the filter and {@code --where} can match an event of this name. */
    private boolean admits(String name) {
        return admitted.computeIfAbsent(name, n -> filter.admits(FieldNames.EVENT_NAME, n)
                && (selection.where == null || selection.where.admits(FieldNames.EVENT_NAME, n)));
    }

    private static void closeAll(RandomAccessFile[] files) {
        for (RandomAccessFile f : files) {
            if (f != null) {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // only read
                }
            }
        }
    }

    /** Hands each pool thread its own place among a file's readers. */
    private final java.util.concurrent.atomic.AtomicInteger slots = new java.util.concurrent.atomic.AtomicInteger();

    /** What each parsing thread keeps: its event, its parser, its searcher, its place among the readers. */
    private final class Worker {
        final int slot = slots.getAndIncrement();
        /**
         * Each made when first needed: a thread that only takes lines an index decided needs none of them (making
         * the first {@link FieldsEvent} and {@link ChunkParser}, with the classes they load, took 40-50 ms of a
         * 0.35 s query).
         */
        private FieldsEvent event;
        private ChunkParser parser;
        private Horspool search;

        FieldsEvent event() {
            if (event == null) {
                event = new FieldsEvent(fields);
            }
            return event;
        }

        ChunkParser parser() {
            if (parser == null) {
                parser = new ChunkParser();
            }
            return parser;
        }

        /** Null without a needle. */
        Horspool search() {
            if (search == null && needle != null) {
                search = new Horspool(needle.getBytes(StandardCharsets.US_ASCII));
            }
            return search;
        }
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
        private final List<RandomAccessFile> readers = new ArrayList<>();
        /**
         * The plain file being read with its line index, or null: the lines the index picked as able to match are
         * handed out first (from {@link #nextPicked}), then the ranges past what the index covers.
         */
        private Planned indexedFile;
        /** File {@link #nextPlanFile} opened and planned on the pool, or null. */
        private Future<Planned> nextPlan;
        private int nextPlanFile;
        private int nextPicked;
        /** The file's bytes the index's chunks handed out so far stand for, for progress. */
        private long plannedProgress;
        /** Lines the index covers, for the first range past them; -1 once handed on or without an index. */
        private long tailLines = -1;
        /** The file read with its index, its place in {@link #files}, and whether any of its lines were taken. */
        private String indexedSource;
        private int indexedFileNumber;
        private boolean handedOnFromIndexed;
        /** Files whose index did not describe them: read again line by line. */
        private final Set<String> unindexed = java.util.concurrent.ConcurrentHashMap.newKeySet();
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
            if (indexed) {
                planAhead(0);
            }
            if (stdin != null) {
                sequential = new ChunkReader(List.of(), stdin, index, progress);
                nextFile = files.size();
            }
        }

        void close() throws IOException {
            if (sequential != null) {
                sequential.close();
            }
            if (nextPlan != null && nextPlan.isDone() && !nextPlan.isCancelled()) {
                try {
                    FileChannel unused = nextPlan.get().data;
                    if (unused != null) {
                        unused.close();
                    }
                } catch (InterruptedException | ExecutionException e) {
                    // nothing was opened
                }
            }
            for (FileChannel c : opened) {
                c.close();
            }
            closeAll(readers.toArray(new RandomAccessFile[0]));
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
                if (cause instanceof IndexMismatch mismatch) {
                    readAgainWithoutIndex(mismatch);
                    return next();
                }
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
            if (r.source.equals(indexedSource) && (r.count > 0 || !r.matches.isEmpty() || !r.broken.isEmpty()
                    || r.lines > 0)) {
                handedOnFromIndexed = true;
            }
            account(r);
            fill();
            return r;
        }

        /**
         * The file being read with its index holds a line the index does not describe: everything handed to the pool
         * from it on is dropped, and it is read again line by line. Once lines of it were handed on that cannot be
         * taken back, so it is an error then, saying what to do.
         */
        private void readAgainWithoutIndex(IndexMismatch mismatch) throws IOException {
            if (handedOnFromIndexed) {
                throw new IOException(indexedSource + ": " + mismatch.getMessage() + ": the file was changed after "
                        + "its index " + LineIndex.of(Path.of(indexedSource)).getFileName() + " was written; delete "
                        + "the index or query with --no-index");
            }
            for (Future<Result> f = ahead.poll(); f != null; f = ahead.poll()) {
                try {
                    f.get(); // its chunk comes back to the pool
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                } catch (ExecutionException ignored) {
                    // dropped with the rest
                }
            }
            if (sequential != null) {
                sequential.close();
                sequential = null;
            }
            unindexed.add(indexedSource);
            if (nextPlan != null) {
                nextPlan.cancel(false);
                nextPlan = null;
            }
            channel = null;
            indexedFile = null;
            tailLines = -1;
            nextFile = indexedFileNumber;
            indexedSource = null;
            file = null;
            ended = false;
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
            if (r.linesBefore >= 0) {
                lineBase = r.linesBefore;
            }
            for (int i = 0; i < r.matches.size() && !r.numbered; i++) {
                EventRecord e = r.matches.get(i);
                r.matches.set(i, new EventRecord(e.root(), e.text(), e.source(),
                        r.lines < 0 ? 0 : lineBase + e.line()));
            }
            for (String b : r.broken) {
                brokenCount++;
                if (broken.size() < shown) {
                    broken.add(b.startsWith("+") ? r.source + ":" + (lineBase + Long.parseLong(b.substring(1,
                            b.indexOf(':')))) + b.substring(b.indexOf(':'))
                            : b.startsWith("=") ? r.source + ":" + b.substring(1) : r.source + " " + b);
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
                    submit(chunk, offset, null, -1);
                } else if (channel != null) {
                    if (indexedFile != null && nextPicked < indexedFile.contents.picked) {
                        submitPicked();
                        continue;
                    }
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
                    long linesBefore = tailLines;
                    tailLines = -1;
                    submit(chunk, offset, () -> {
                        RangeReader.read(c, offset, length, size, chunk);
                        progress.advance(length);
                    }, linesBefore);
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
                Planned planned = planned(nextFile - 1);
                if (planned.data == null) {
                    continue; // compressed and deleted by a running agent since it was listed: its .gz follows
                }
                opened.add(planned.data);
                channel = planned.data;
                channelSource = path.toString();
                channelSize = planned.size;
                nextOffset = 0;
                nextIndex = 0;
                indexedFile = null;
                tailLines = -1;
                if (planned.contents != null) {
                    use(planned);
                }
                return true;
            }
            return false;
        }

        /** A chunk to the pool: read there first when {@code read} is given. */
        private void submit(ChunkReader.Chunk chunk, long offset, IoAction read, long linesBefore) {
            ahead.add(pool.submit(() -> {
                try {
                    if (read != null) {
                        read.run();
                    }
                    Result r = work(chunk, offset);
                    r.linesBefore = linesBefore;
                    return r;
                } finally {
                    chunks.give(chunk);
                }
            }));
        }

        /**
         * Reads the index of the plain file just opened, if it has one that belongs to it, and picks the records
         * whose event name the filter admits and whose time is within --since and --until. Without a usable index
         * (none, not this file's, an earlier version's) the file is read line by line, as before indexes were.
         */
        /**
         * File {@code number} opened, with what its index picked: planned on the pool a file ahead (the index of
         * the next file is read while this one's lines are), else here.
         */
        private Planned planned(int number) throws IOException {
            Future<Planned> f = nextPlan;
            nextPlan = null;
            Planned planned;
            if (f != null && nextPlanFile == number) {
                try {
                    planned = f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            } else {
                if (f != null) {
                    f.cancel(false);
                }
                planned = plan(files.get(number));
            }
            planAhead(number + 1);
            return planned;
        }

        /** The first plain file from {@code number} on, planned on the pool. */
        private void planAhead(int number) {
            for (int next = number; next < files.size(); next++) {
                Path path = files.get(next);
                if (!path.getFileName().toString().endsWith(".gz")) {
                    nextPlanFile = next;
                    nextPlan = pool.submit(() -> plan(path));
                    return;
                }
            }
        }

        /**
         * Opens a plain file and, when its index is to be read and belongs to it, picks the lines whose event name
         * the filter admits and whose time is within --since and --until. Without a usable index (none, not this
         * file's, an earlier version's) the file is read line by line, as before indexes were.
         */
        private Planned plan(Path path) throws IOException {
            if (!indexed || unindexed.contains(path.toString())) {
                try {
                    FileChannel data = FileChannel.open(path);
                    return new Planned(data, data.size(), null, null, null);
                } catch (java.nio.file.NoSuchFileException e) {
                    return new Planned(null, 0, null, null, null);
                }
            }
            // A reader per pool thread: the picked lines are read with seek and read, in fewer steps than a
            // channel's read takes (measured: 13 against 24-33 ms for the first 3,000 lines of a fresh JVM, when
            // most of it still runs interpreted). All are opened before anything is read, so all read the same
            // file even when a rotation renames it meanwhile; the channel is the first one's.
            RandomAccessFile[] readers = new RandomAccessFile[threads];
            try {
                for (int i = 0; i < readers.length; i++) {
                    readers[i] = new RandomAccessFile(path.toFile(), "r");
                }
            } catch (java.io.FileNotFoundException e) {
                closeAll(readers);
                return new Planned(null, 0, null, null, null);
            }
            FileChannel data = readers[0].getChannel();
            long size = data.size();
            LineIndex.Contents contents;
            try (FileChannel index = FileChannel.open(LineIndex.of(path))) {
                contents = LineIndex.read(index, data, size, selector);
            } catch (LineIndex.Unusable | IOException e) {
                closeAll(java.util.Arrays.copyOfRange(readers, 1, readers.length));
                return new Planned(data, size, null, null, null);
            }
            boolean[] byCode = new boolean[contents.names.length];
            byte[][] nameBytes = new byte[contents.names.length][];
            for (int i = 0; i < byCode.length; i++) {
                byCode[i] = decides(contents.names[i]);
                nameBytes[i] = (",\"event\":{\"name\":\"" + contents.names[i] + "\"").getBytes(StandardCharsets.UTF_8);
            }
            return new Planned(data, size, contents, new Decided(byCode, nameBytes), readers);
        }

        /** Reads the file just opened through its index: the picked lines first, then what it does not cover. */
        private void use(Planned planned) {
            LineIndex.Contents contents = planned.contents;
            readers.addAll(Arrays.asList(planned.readers));
            indexedFile = planned;
            nextPicked = 0;
            plannedProgress = 0;
            nextOffset = contents.coveredBytes;
            tailLines = contents.lines;
            indexedSource = channelSource;
            indexedFileNumber = nextFile - 1;
            handedOnFromIndexed = false;
            if (contents.picked == 0) {
                progress.advance(contents.coveredBytes);
            }
        }

        /** The next records picked from the index, about a chunk's bytes of them, to the pool. */
        private void submitPicked() {
            LineIndex.Contents plan = indexedFile.contents;
            int from = nextPicked;
            int to = from;
            long bytes = 0;
            long end = -1;
            while (to < plan.picked) {
                long offset = plan.offsets[to];
                long more = end >= 0 && offset - end < RUN_GAP ? offset - end + plan.lengths[to] : plan.lengths[to];
                if (to > from && bytes + more > chunkBytes) {
                    break;
                }
                bytes += more;
                end = offset + plan.lengths[to];
                to++;
            }
            nextPicked = to;
            long progressTo = to == plan.picked ? plan.coveredBytes : end;
            Picked p = new Picked(indexedFile, from, to, progressTo - plannedProgress);
            plannedProgress = progressTo;
            ChunkReader.Chunk chunk = chunks.poll();
            chunk.source = channelSource;
            chunk.output = index;
            chunk.indexInFile = nextIndex++;
            ahead.add(pool.submit(() -> {
                try {
                    Result r = pickedWork(chunk, p);
                    progress.advance(p.progressBytes());
                    return r;
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
        Horspool search = w.search();
        FieldsEvent fieldsEvent = w.event();
        if (search != null) {
            int from = 0;
            for (int hit = search.indexOf(b, from, length); hit >= 0; hit = search.indexOf(b, from, length)) {
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
        r.lines = w.parser().parse(b, 0, length, new ChunkParser.Handler() {
            private int start;

            @Override
            public int scan(byte[] bytes, int at, int to) {
                start = at;
                return fieldsEvent.scan(bytes, at, to);
            }

            @Override
            public void read(JsonParser parser) throws IOException {
                fieldsEvent.read(parser);
            }

            @Override
            public void take(int line) {
                if (selects(fieldsEvent)) {
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

    /**
     * Lines of an index's chunk closer than this are read in one read with what lies between them: fewer reads, a
     * little more read.
     */
    private static final int RUN_GAP = 16 << 10;

    /**
     * One chunk of lines an index picked, on a pool thread: read in runs of near lines, each checked to be the line
     * its record describes (a whole line, of that event name and time to the millisecond), then judged.
     */
    private Result pickedWork(ChunkReader.Chunk chunk, Picked p) throws IOException {
        Worker w = workers.get();
        RandomAccessFile[] readers = p.file().readers;
        Decided decided = p.file().decided;
        RandomAccessFile file = w.slot < readers.length ? readers[w.slot] : null; // else: a thread made anew
        Result r = new Result();
        r.source = chunk.source;
        r.numbered = true;
        LineIndex.Contents index = p.file().contents;
        // the lines to read: for --count, a line the name and the time decide is counted from its record, and
        // only every CHECKED-th of them (and the file's last) is read to check the index still describes the file
        int[] read = new int[p.to() - p.from()];
        int m = 0;
        for (int j = p.from(); j < p.to(); j++) {
            if (countOnly && j % CHECKED != 0 && j != index.picked - 1 && decided.byCode()[index.codes[j]]
                    && timeDecided(index.epochMillis[j])) {
                r.count++;
            } else {
                read[m++] = j;
            }
        }
        int[] at = new int[m];
        byte[] b = chunk.buffer;
        int n = 0;
        for (int i = 0; i < m; ) {
            long runStart = index.offsets[read[i]];
            long runEnd = runStart + index.lengths[read[i]];
            int k = i + 1;
            while (k < m && index.offsets[read[k]] - runEnd < RUN_GAP) {
                runEnd = index.offsets[read[k]] + index.lengths[read[k]];
                k++;
            }
            int span = (int) (runEnd - runStart);
            if (b.length < n + span) {
                b = java.util.Arrays.copyOf(b, Math.max(b.length * 2, n + span));
                chunk.buffer = b;
            }
            if (file == null) {
                if (RangeReader.readFully(readers[0].getChannel(), b, n, span, runStart) != span) {
                    throw new IndexMismatch("the file is shorter than its index says");
                }
            } else {
                file.seek(runStart);
                try {
                    file.readFully(b, n, span);
                } catch (java.io.EOFException e) {
                    throw new IndexMismatch("the file is shorter than its index says");
                }
            }
            for (int x = i; x < k; x++) {
                at[x] = n + (int) (index.offsets[read[x]] - runStart);
            }
            n += span;
            i = k;
        }
        for (int x = 0; x < m; x++) {
            int j = read[x];
            int start = at[x];
            int end = start + index.lengths[j] - 1;
            long line = index.lineNumbers[j];
            if (b[end] != '\n' || b[start] != '{') {
                throw new IndexMismatch("line " + line + " is not where its index says");
            }
            int code = index.codes[j];
            if (decided.byCode()[code] && timeDecided(index.epochMillis[j])
                    && laidOutAs(b, start, end, decided.nameBytes()[code])) {
                matched(b, start, end, line, r);
                continue;
            }
            pickedLine(w, b, start, end, line, index.names[index.codes[j]], index.epochMillis[j], r);
        }
        return r;
    }

    /**
     * For {@code --count}: one line in this many of those an index decided is read, to check that the index still
     * describes its file (a file edited after it was indexed moves every line after the edit); the others are
     * counted from their records. Reading each cost about 4 us (two system calls), two thirds of such a count.
     */
    private static final int CHECKED = 16;

    /** Whether every line of this millisecond is within --since and --until. */
    private boolean timeDecided(long epochMillis) {
        long first = epochMillis * 1_000_000L;
        return first >= selection.sinceNanos && first + 999_999L <= selection.untilNanos;
    }

    /** Whether the line begins as the agent writes one of that name. */
    private static boolean laidOutAs(byte[] b, int start, int end, byte[] name) {
        return end - start > NAME_AT + name.length
                && Arrays.equals(b, start, start + LINE_START.length, LINE_START, 0, LINE_START.length)
                && b[start + NAME_AT - 1] == '"'
                && Arrays.equals(b, start + NAME_AT, start + NAME_AT + name.length, name, 0, name.length);
    }

    /** A line an index picked: checked against its record, judged, and taken when it matches. */
    private void pickedLine(Worker w, byte[] b, int start, int end, long lineNumber, String name, long millis,
            Result r) {
        FieldsEvent fieldsEvent = w.event();
        EventView event = fieldsEvent;
        if (fieldsEvent.scan(b, start, end) == FieldsEvent.GIVE_UP) {
            try {
                event = JsonLines.parse(new String(b, start, end - start, StandardCharsets.UTF_8), r.source,
                        lineNumber);
            } catch (JsonLines.BrokenLine e) {
                r.broken.add("=" + lineNumber + ": " + e.getMessage()); // where its index says, but damaged
                return;
            }
        }
        if (!name.equals(event.text(FieldNames.EVENT_NAME))
                || Math.floorDiv(event.timestampNanos(), 1_000_000L) != millis) {
            throw new IndexMismatch("line " + lineNumber + " is not the event its index describes");
        }
        if (!selects(event)) {
            return;
        }
        if (event == fieldsEvent) {
            matched(b, start, end, lineNumber, r);
        } else if (countOnly) {
            r.count++;
        } else {
            r.matches.add((EventRecord) event);
        }
    }

    private boolean selects(EventView event) {
        return selection.test(event) && filter.test(event);
    }

    /** A line found by the search: read, judged, and taken when it matches. */
    private void line(Worker w, byte[] b, int start, int end, int lineNumber, Result r, long fileOffset)
            throws IOException {
        FieldsEvent fieldsEvent = w.event();
        int next = fieldsEvent.scan(b, start, end);
        if (next != FieldsEvent.GIVE_UP) {
            if (selects(fieldsEvent)) {
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

    private void matched(byte[] b, int start, int end, long lineNumber, Result r) {
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
