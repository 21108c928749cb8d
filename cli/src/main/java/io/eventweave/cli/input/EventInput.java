package io.eventweave.cli.input;

import io.eventweave.cli.filter.Filter;
import io.eventweave.format.FieldNames;
import io.eventweave.format.LineIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * The events of a command's input, read once: each process output's files in writing order (rotated, compressed and
 * active alike), several outputs merged by {@code @timestamp} (a k-way merge of each output's own order: one process's
 * lines keep their order, {@code event.sequence}, even where an event that began earlier was written later), then the
 * selection ({@code --since}, {@code --until}, {@code --where}). A line that is not one JSON object is counted and
 * reported with its file and line number ({@link #brokenLines()}), never fatal.
 */
public final class EventInput {
    /** Lines shown in the report of broken lines; the rest are counted. */
    private static final int BROKEN_SHOWN = 10;

    private final List<InputFiles.Output> outputs;
    private final boolean standardInput;
    private final InputStream stdin;
    private final Selection selection;
    private final Progress progress;
    private final List<String> broken = new ArrayList<>();
    private long brokenCount;
    private long linesRead;

    /** Which events a command looks at: a time range (nanoseconds since the epoch, inclusive) and a filter. */
    public static final class Selection {
        public static final Selection ALL = new Selection(Long.MIN_VALUE, Long.MAX_VALUE, null);

        final long sinceNanos;
        final long untilNanos;
        final Filter where;

        public Selection(long sinceNanos, long untilNanos, Filter where) {
            this.sinceNanos = sinceNanos;
            this.untilNanos = untilNanos;
            this.where = where;
        }

        /** The fields {@link #test} reads. */
        public List<String> fields() {
            List<String> fields = new ArrayList<>();
            if (sinceNanos != Long.MIN_VALUE || untilNanos != Long.MAX_VALUE) {
                fields.add(FieldNames.TIMESTAMP);
            }
            if (where != null) {
                fields.addAll(where.fields());
            }
            return fields;
        }

        public boolean test(EventView event) {
            if (sinceNanos != Long.MIN_VALUE || untilNanos != Long.MAX_VALUE) {
                long at = event.timestampNanos();
                if (at == Timestamps.INVALID || at < sinceNanos || at > untilNanos) {
                    return false;
                }
            }
            return where == null || where.test(event);
        }
    }

    /** Whether {@link #forEachMatch} consults the files' line indexes ({@code query --no-index}: not). */
    private boolean lineIndex = true;

    /** {@code false}: {@link #forEachMatch} reads every line, whatever indexes the files have. */
    public void useLineIndex(boolean use) {
        this.lineIndex = use;
    }

    public EventInput(List<InputFiles.Output> outputs, boolean standardInput, InputStream stdin, Selection selection,
            Progress progress) {
        this.outputs = outputs;
        this.standardInput = standardInput;
        this.stdin = stdin;
        this.selection = selection;
        this.progress = progress;
    }

    /**
     * Whether {@link #forEachMatch} with {@code filter} reads mostly through line indexes: the filter, {@code --where}
     * or the time selection narrow by what an index holds (the event name, the time), and plain files with an index
     * hold at least half of the input's bytes. Such a query reads little, so it is not worth a second JVM.
     */
    public boolean readsThroughIndexes(Filter filter) {
        boolean narrows = filter.fields().contains(FieldNames.EVENT_NAME)
                || selection.where != null && selection.where.fields().contains(FieldNames.EVENT_NAME)
                || selection.sinceNanos != Long.MIN_VALUE || selection.untilNanos != Long.MAX_VALUE;
        if (!lineIndex || !narrows) {
            return false;
        }
        long indexed = 0;
        for (InputFiles.Output output : outputs) {
            for (Path file : output.files) {
                if (!file.getFileName().toString().endsWith(".gz") && Files.exists(LineIndex.of(file))) {
                    try {
                        indexed += Files.size(file);
                    } catch (IOException e) {
                        // gone since it was listed
                    }
                }
            }
        }
        return indexed * 2 >= totalBytes();
    }

    /** Total bytes of the input files (compressed bytes for {@code .gz}), for progress. */
    public long totalBytes() {
        long total = 0;
        for (InputFiles.Output output : outputs) {
            for (Path file : output.files) {
                try {
                    total += Files.size(file);
                } catch (IOException e) {
                    // gone since it was listed (rotation compressed it): counted as it is read
                }
            }
        }
        return total;
    }

    /** Every selected event, in the merged order. */
    public void forEach(Consumer<EventRecord> action) throws IOException {
        progress.start(totalBytes());
        List<OutputReader> readers = new ArrayList<>();
        for (InputFiles.Output output : outputs) {
            readers.add(new OutputReader(output.files, null));
        }
        if (standardInput) {
            readers.add(new OutputReader(List.of(), stdin));
        }
        try {
            if (readers.size() == 1) {
                OutputReader only = readers.get(0);
                for (EventRecord e = only.next(); e != null; e = only.next()) {
                    accept(e, action);
                }
                return;
            }
            PriorityQueue<MergeHead<OutputReader>> heads = new PriorityQueue<>();
            for (OutputReader reader : readers) {
                EventRecord first = reader.next();
                if (first != null) {
                    heads.add(MergeHead.of(first, reader, heads.size()));
                }
            }
            while (!heads.isEmpty()) {
                MergeHead<OutputReader> head = heads.poll();
                accept(head.event(), action);
                EventRecord next = head.source().next();
                if (next != null) {
                    heads.add(MergeHead.of(next, head.source(), head.order()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (OutputReader reader : readers) {
                reader.close();
            }
            progress.finish();
        }
    }

    /** Threads a parallel read uses: one per processor, at most 8. */
    public static int parsingThreads() {
        return Math.min(8, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Every selected event to one of {@code readers}, in no particular order, each reader called by one thread of
     * its own: for aggregations over large inputs ({@code summary}). The files are read in chunks of whole lines,
     * and each thread parses the chunks it takes with {@link ChunkParser}, reading only {@code fields} (and the ones
     * the selection needs) into a {@link FieldsEvent}, which is filled again for the next line: a reader keeps
     * nothing of it. Broken lines are reported as {@link #forEach} reports them, in file and line order.
     *
     * @return the readers made, one per thread, for the caller to merge
     */
    public <R extends Consumer<EventView>> List<R> forEachInParallel(Collection<String> fields, int threads,
            Supplier<R> readers) throws IOException {
        return forEachInParallel(fields, threads, readers, ParallelScan.CHUNK_BYTES);
    }

    /** {@link #forEachInParallel} in chunks of {@code chunkBytes} (tests use small ones). */
    <R extends Consumer<EventView>> List<R> forEachInParallel(Collection<String> fields, int threads,
            Supplier<R> readers, int chunkBytes) throws IOException {
        Set<String> wanted = new LinkedHashSet<>(fields);
        wanted.addAll(selection.fields());
        ParallelScan<R> scan = new ParallelScan<>(threads, wanted, readers, selection, chunkBytes);
        progress.start(totalBytes());
        try {
            List<ChunkReader> sources = new ArrayList<>();
            for (int i = 0; i < outputs.size(); i++) {
                sources.add(new ChunkReader(outputs.get(i).files, null, i, progress));
            }
            if (standardInput) {
                sources.add(new ChunkReader(List.of(), stdin, outputs.size(), progress));
            }
            scan.run(sources);
        } finally {
            progress.finish();
        }
        addRead(scan.lines(), scan.brokenCount(), scan.brokenLines(BROKEN_SHOWN));
        return scan.readers();
    }

    /**
     * The selected events {@code filter} matches, in the merged order (as {@link #forEach} gives them), to
     * {@code action}, at most {@code limit}; found by {@code threads} threads ({@link MatchScan}). With
     * {@code countOnly} nothing is handed on.
     *
     * @return how many matched (at most {@code limit})
     */
    public long forEachMatch(Filter filter, int threads, boolean countOnly, long limit, Consumer<EventRecord> action)
            throws IOException {
        return forEachMatch(filter, threads, countOnly, limit, action, 0);
    }

    /** {@link #forEachMatch} in chunks of {@code chunkBytes} (tests use small ones; 0: the default). */
    long forEachMatch(Filter filter, int threads, boolean countOnly, long limit, Consumer<EventRecord> action,
            int chunkBytes) throws IOException {
        MatchScan scan = new MatchScan(threads, filter, selection, countOnly, BROKEN_SHOWN, chunkBytes, lineIndex);
        progress.start(totalBytes());
        long matched;
        try {
            List<List<Path>> files = new ArrayList<>();
            for (InputFiles.Output output : outputs) {
                files.add(output.files);
            }
            matched = scan.run(files, standardInput ? stdin : null, progress, limit, action);
        } finally {
            progress.finish();
        }
        addRead(scan.lines, scan.brokenCount, scan.broken);
        return matched;
    }

    /** What a parallel read saw: its lines, its broken lines, the first of them as {@code file:line: reason}. */
    private void addRead(long lines, long brokenLines, List<String> first) {
        linesRead += lines;
        brokenCount += brokenLines;
        for (String b : first) {
            if (broken.size() < BROKEN_SHOWN) {
                broken.add(b);
            }
        }
    }

    private void accept(EventRecord event, Consumer<EventRecord> action) {
        if (selection.test(event)) {
            action.accept(event);
        }
    }

    /** Lines read, broken ones included. */
    public long linesRead() {
        return linesRead;
    }

    public long brokenCount() {
        return brokenCount;
    }

    /** The first broken lines, as {@code file:line: reason}. */
    public List<String> brokenLines() {
        return broken;
    }

    /** One stderr report of the broken lines, if any: never silent, never fatal. */
    public void reportBrokenLines(PrintStream err) {
        if (brokenCount == 0) {
            return;
        }
        err.println("eventweave: " + brokenCount + " broken line" + (brokenCount == 1 ? "" : "s")
                + " skipped (not one JSON object):");
        for (String line : broken) {
            err.println("  " + line);
        }
        if (brokenCount > broken.size()) {
            err.println("  and " + (brokenCount - broken.size()) + " more");
        }
    }

    /** The lines of one output's files in turn (or of standard input), parsed; broken ones reported and skipped. */
    private final class OutputReader {
        private final List<Path> files;
        private int nextFile;
        private BufferedReader reader;
        private String source;
        private long line;

        OutputReader(List<Path> files, InputStream stream) {
            this.files = files;
            if (stream != null) {
                reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
                source = InputFiles.STDIN;
                nextFile = files.size();
            }
        }

        EventRecord next() {
            try {
                for (;;) {
                    if (reader == null && !open()) {
                        return null;
                    }
                    String text = reader.readLine();
                    if (text == null) {
                        reader.close();
                        reader = null;
                        continue;
                    }
                    line++;
                    linesRead++;
                    if (text.isBlank()) {
                        continue;
                    }
                    try {
                        return JsonLines.parse(text, source, line);
                    } catch (JsonLines.BrokenLine e) {
                        if (brokenCount++ < BROKEN_SHOWN) {
                            broken.add(source + ":" + line + ": " + e.getMessage());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private boolean open() throws IOException {
            while (nextFile < files.size()) {
                Path file = files.get(nextFile++);
                InputStream in;
                try {
                    in = new ChunkReader.Counted(Files.newInputStream(file), progress);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // compressed and deleted by a running agent since it was listed: its .gz follows
                }
                if (file.getFileName().toString().endsWith(".gz")) {
                    in = new GZIPInputStream(in, 1 << 16);
                }
                reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
                source = file.toString();
                line = 0;
                return true;
            }
            return false;
        }

        void close() {
            try {
                if (reader != null) {
                    reader.close();
                }
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

}
