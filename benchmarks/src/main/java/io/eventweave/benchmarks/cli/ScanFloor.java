package io.eventweave.benchmarks.cli;

import io.eventweave.cli.input.Horspool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under a selective {@code query} (issue 13): the JSONL files of a directory read in 1 MB ranges by
 * {@code THREADS} threads at their own positions, as the command line reads them, and, with a text, searched for it
 * (with the command line's own {@link Horspool}, as {@code MatchScan} searches) with nothing else done: no line parsed, no
 * order kept, no command line. Beside {@link ReadAll} it says how much of a query's time reading and searching
 * alone take on a machine.
 *
 * <p>How the bytes reach the array the search runs over ({@code HOW}, default {@code heap}): {@code heap} reads
 * into it through the channel, as the command line does (the JDK reads into a temporary direct buffer of its own and
 * copies from it); {@code direct} reads into a direct buffer of the thread's and copies it into the array; {@code map}
 * copies each range out of the file mapped into memory ({@link FileChannel#map}). The three ways to the same search,
 * side by side on one machine.
 *
 * <p>Usage: {@code ScanFloor DIR THREADS [TEXT [heap|direct|map]]}; prints
 * {@code RESULT bytes=<n> hits=<n> seconds=<in-process>}.
 */
public final class ScanFloor {
    private static final int RANGE = 1 << 20;

    private ScanFloor() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        byte[] needle = args.length > 2 ? args[2].getBytes(StandardCharsets.UTF_8) : null;
        String how = args.length > 3 ? args[3] : "heap";
        if (!List.of("heap", "direct", "map").contains(how)) {
            throw new IllegalArgumentException("HOW is heap, direct or map, not " + how);
        }
        List<FileChannel> channels = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>(); // channel index, offset, length
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl")) {
            for (Path file : files) {
                FileChannel channel = FileChannel.open(file);
                channels.add(channel);
                long size = channel.size();
                for (long offset = 0; offset < size; offset += RANGE) {
                    ranges.add(new long[] {channels.size() - 1, offset, Math.min(RANGE, size - offset)});
                }
            }
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong hits = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                byte[] buffer = new byte[RANGE];
                ByteBuffer direct = how.equals("direct") ? ByteBuffer.allocateDirect(RANGE) : null;
                Horspool search = needle == null ? null : new Horspool(needle);
                long found = 0;
                long read = 0;
                try {
                    for (int r = next.getAndIncrement(); r < ranges.size(); r = next.getAndIncrement()) {
                        long[] range = ranges.get(r);
                        FileChannel channel = channels.get((int) range[0]);
                        int length;
                        if (how.equals("map")) {
                            length = (int) range[2];
                            channel.map(FileChannel.MapMode.READ_ONLY, range[1], length).get(0, buffer, 0, length);
                        } else {
                            ByteBuffer target = direct != null ? direct.clear().limit((int) range[2])
                                    : ByteBuffer.wrap(buffer, 0, (int) range[2]);
                            while (target.hasRemaining()) {
                                if (channel.read(target, range[1] + target.position()) < 0) {
                                    break;
                                }
                            }
                            length = target.position();
                            if (direct != null) {
                                direct.get(0, buffer, 0, length);
                            }
                        }
                        read += length;
                        if (needle != null) {
                            for (int at = search.indexOf(buffer, 0, length); at >= 0;
                                    at = search.indexOf(buffer, at + 1, length)) {
                                found++;
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                hits.addAndGet(found);
                bytes.addAndGet(read);
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (FileChannel channel : channels) {
            channel.close();
        }
        System.out.printf("RESULT bytes=%d hits=%d seconds=%.3f%n", bytes.get(), hits.get(), seconds);
    }
}
