package io.eventweave.cli.input;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link EventInput#forEachInParallel}: the calling thread reads chunks of whole lines ({@link ChunkReader}) and
 * hands them to {@code threads} parsing threads through a bounded queue; each thread feeds its own reader. Memory is
 * a fixed number of chunks, whatever the input's size.
 */
final class ParallelScan<R extends Consumer<EventView>> {
    /** A chunk's size: large enough that a parser per chunk costs nothing, small enough for a small heap. */
    static final int CHUNK_BYTES = 4 << 20;
    private static final ChunkReader.Chunk END = new ChunkReader.Chunk(0);

    private final int threads;
    private final Collection<String> fields;
    private final Supplier<R> readers;
    private final EventInput.Selection selection;
    private final BlockingQueue<ChunkReader.Chunk> work;
    /** The queue full, one chunk being parsed per thread, one being read. */
    private final ChunkPool chunks;
    private final List<R> made = new ArrayList<>();
    /** Each chunk parsed, for line numbers: its file's chunks before it give its first line. */
    private final ConcurrentLinkedQueue<Parsed> parsed = new ConcurrentLinkedQueue<>();
    private volatile Throwable failure;

    /** A parsed chunk: where it was, how many lines it had and which of them were broken. */
    private record Parsed(int output, int file, String source, int indexInFile, int lines, List<Broken> broken) {
    }

    private record Broken(int line, String reason) {
    }

    ParallelScan(int threads, Collection<String> fields, Supplier<R> readers, EventInput.Selection selection) {
        this(threads, fields, readers, selection, CHUNK_BYTES);
    }

    /** @param chunkBytes the size of a chunk (grown for a longer line) */
    ParallelScan(int threads, Collection<String> fields, Supplier<R> readers, EventInput.Selection selection,
            int chunkBytes) {
        this.threads = Math.max(1, threads);
        this.fields = fields;
        this.readers = readers;
        this.selection = selection;
        this.work = new ArrayBlockingQueue<>(2 * this.threads);
        this.chunks = new ChunkPool(3 * this.threads + 1, chunkBytes);
    }

    void run(List<ChunkReader> sources) throws IOException {
        List<Thread> workers = new ArrayList<>();

        for (int i = 0; i < threads; i++) {
            R reader = readers.get();
            made.add(reader);
            Thread t = new Thread(() -> parse(reader), "eventweave-parse-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        try {
            for (ChunkReader source : sources) {
                try (source) {
                    for (;;) {
                        ChunkReader.Chunk chunk = chunks.take();
                        if (failure != null || !source.next(chunk)) {
                            chunks.give(chunk);
                            break;
                        }
                        put(chunk);
                    }
                }
                if (failure != null) {
                    break;
                }
            }
        } finally {
            for (int i = 0; i < threads; i++) {
                put(END);
            }
            for (Thread t : workers) {
                join(t);
            }
        }
        Throwable f = failure;
        if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
        if (f instanceof IOException) {
            throw (IOException) f;
        }
    }

    private void parse(R reader) {
        FieldsEvent event = new FieldsEvent(fields);
        ChunkParser parser = new ChunkParser();
        List<Broken> broken = new ArrayList<>();
        ChunkParser.Handler handler = new ChunkParser.Handler() {
            @Override
            public int scan(byte[] bytes, int from, int to) {
                return event.scan(bytes, from, to);
            }

            @Override
            public void read(JsonParser p) throws IOException {
                event.read(p);
            }

            @Override
            public void take(int line) {
                if (selection.test(event)) {
                    reader.accept(event);
                }
            }

            @Override
            public void broken(int line, String reason) {
                broken.add(new Broken(line, reason));
            }
        };
        for (;;) {
            ChunkReader.Chunk chunk = take(work);
            if (chunk == END) {
                return;
            }
            try {
                if (failure == null) {
                    int lines = parser.parse(chunk.buffer, 0, chunk.length, handler);
                    parsed.add(new Parsed(chunk.output, chunk.file, chunk.source, chunk.indexInFile, lines,
                            broken.isEmpty() ? List.of() : List.copyOf(broken)));
                }
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            } finally {
                broken.clear();
                chunks.give(chunk);
            }
        }
    }

    List<R> readers() {
        return made;
    }

    long lines() {
        long n = 0;
        for (Parsed p : parsed) {
            n += p.lines;
        }
        return n;
    }

    long brokenCount() {
        long n = 0;
        for (Parsed p : parsed) {
            n += p.broken.size();
        }
        return n;
    }

    /** The first {@code shown} broken lines in reading order, as {@code file:line: reason}. */
    List<String> brokenLines(int shown) {
        List<Parsed> all = new ArrayList<>(parsed);
        all.sort(Comparator.comparingInt(Parsed::output).thenComparingInt(Parsed::file)
                .thenComparingInt(Parsed::indexInFile));
        List<String> lines = new ArrayList<>();
        long lineBase = 0;
        String file = null;
        for (Parsed p : all) {
            if (!p.source.equals(file)) {
                file = p.source;
                lineBase = 0;
            }
            for (Broken b : p.broken) {
                if (lines.size() < shown) {
                    lines.add(p.source + ":" + (lineBase + b.line) + ": " + b.reason);
                }
            }
            lineBase += p.lines;
        }
        return lines;
    }

    private static ChunkReader.Chunk take(BlockingQueue<ChunkReader.Chunk> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
        }
    }

    private void put(ChunkReader.Chunk chunk) {
        try {
            work.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
