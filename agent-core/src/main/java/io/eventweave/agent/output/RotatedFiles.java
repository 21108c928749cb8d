package io.eventweave.agent.output;

import io.eventweave.format.LineIndex;
import io.eventweave.format.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The rotated files of the output, and what happens to them once rotation has renamed them, on a thread of its own
 * ({@code eventweave-files}, daemon, idle unless a file was rotated) so that writing never waits: gzip to
 * {@code <name>.gz.tmp}, rename to {@code <name>.gz}, delete the plain file; retention deletes the oldest beyond
 * {@code output.max-files} or {@code output.total-size-cap}.
 *
 * <p>That thread is the one owner of the set of rotated files: it knows each one (number, path, plain or compressed,
 * size), decides retention on that set rather than on a directory listing, and deletes a file only through it, so
 * compression never meets a file retention deleted. When files rotate faster than they compress, the ones retention
 * would delete anyway are deleted before they are compressed, and counted ({@link Counts#deletedUncompressed}).
 *
 * <ul>
 *   <li>The set starts with the rotated files of an earlier run of the same output path, found in the directory at
 *       the first rotation; they are older than any file of this run, whatever their numbers.</li>
 *   <li>Files waiting to be compressed are compressed newest first, and count towards the size cap with the
 *       smallest size they can have (1 byte) until then: a file is never deleted for a size it will not have, and
 *       one that the newer files' sizes already doom is not compressed first.</li>
 *   <li>An I/O failure (a full disk) is counted and reported on stderr at most once per minute, with the count.
 *       A file that could not be compressed stays plain; a file someone else removed leaves the set silently.</li>
 * </ul>
 */
final class RotatedFiles implements Runnable {
    static final long REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Path STOP = Path.of("");
    /** The least a file waiting for compression will take: a gzip stream is never empty. */
    private static final long SMALLEST_COMPRESSED_SIZE = 1;

    /**
     * What the files thread did since the start of the run. After {@link #finish}, or whenever nothing is being
     * handed over: {@code earlierRun + rotated = kept + deleted + vanished}; {@code deletedUncompressed <= deleted}.
     *
     * @param rotated files handed over by rotation (counted when handed over, the others when the thread took them)
     * @param earlierRun rotated files of an earlier run of the same path, found at the first rotation
     * @param kept rotated files there are now (plain or compressed)
     * @param compressed files compressed
     * @param deleted files deleted by retention (of this run or an earlier one), including an earlier run's file that
     *     a file of this run with the same name replaced
     * @param deletedUncompressed of {@code deleted}: files of this run deleted before they could be compressed
     * @param vanished files of the set that something else removed before retention did
     * @param compressionFailures files that could not be compressed (they stay plain)
     * @param deleteFailures deletions that failed (retried at the next retention)
     */
    record Counts(long rotated, long earlierRun, long kept, long compressed, long deleted, long deletedUncompressed,
            long vanished, long compressionFailures, long deleteFailures) {
    }

    /** One rotated file; read and written by the files thread only. */
    private static final class RotatedFile {
        final long number;
        final boolean earlierRun;
        Path path;
        boolean compressed;
        /** Plain, of this run, gzip on, not failed: still to be compressed. */
        boolean waiting;
        long size;

        RotatedFile(long number, boolean earlierRun, Path path, boolean compressed, boolean waiting, long size) {
            this.number = number;
            this.earlierRun = earlierRun;
            this.path = path;
            this.compressed = compressed;
            this.waiting = waiting;
            this.size = size;
        }
    }

    private final OutputSettings settings;
    private final PrintStream err;
    private final long reportIntervalNanos;
    private final LinkedBlockingQueue<Path> submitted = new LinkedBlockingQueue<>();
    private final AtomicLong rotated = new AtomicLong();
    private volatile Thread thread;
    private volatile Counts published = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Listed by the first {@link #submit}, before it starts the files thread; then the files thread's. */
    private List<Path> earlierRunPaths = List.of();
    // the files thread's only
    /** Oldest first: the earlier run's files by number, then this run's in rotation order. */
    private final List<RotatedFile> files = new ArrayList<>();
    private long earlierRun;
    private long compressed;
    private long deleted;
    private long deletedUncompressed;
    private long vanished;
    private long compressionFailures;
    private long deleteFailures;
    private long unreportedFailures;
    private String latestFailure;
    private long lastReportNanos;

    /** Told before retention deletes a file; set once, before the first rotation. */
    private volatile RetentionListener retentionListener;

    void retentionListener(RetentionListener listener) {
        retentionListener = listener;
    }

    RotatedFiles(OutputSettings settings, PrintStream err) {
        this(settings, err, REPORT_INTERVAL_NANOS);
    }

    RotatedFiles(OutputSettings settings, PrintStream err, long reportIntervalNanos) {
        this.settings = settings;
        this.err = err;
        this.reportIntervalNanos = reportIntervalNanos;
        this.lastReportNanos = System.nanoTime() - reportIntervalNanos - 1;
    }

    /**
     * Hands over a file rotation has just renamed (drainer thread). The first one also lists the directory for the
     * files of an earlier run: only the drainer renames, so that listing sees no other file of this run.
     */
    void submit(Path rotatedFile) {
        if (thread == null) {
            earlierRunPaths = listEarlierRun(rotatedFile);
            Thread t = new Thread(this, "eventweave-files");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            thread = t;
            t.start();
        }
        rotated.incrementAndGet();
        submitted.add(rotatedFile);
    }

    /** What was done so far; safe from any thread. */
    Counts counts() {
        Counts c = published;
        return new Counts(rotated.get(), c.earlierRun, c.kept, c.compressed, c.deleted, c.deletedUncompressed,
                c.vanished, c.compressionFailures, c.deleteFailures);
    }

    private List<Path> listEarlierRun(Path exclude) {
        List<Path> found = new ArrayList<>();
        Path dir = settings.path.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Path file = settings.path.resolveSibling(entry.getFileName().toString());
                if (OutputFiles.rotationNumber(settings.path, entry).isPresent() && !file.equals(exclude)) {
                    found.add(file);
                }
            }
        } catch (IOException e) {
            // the directory was readable a moment ago (the rename); without the listing only this run's files count
        }
        return found;
    }

    @Override
    public void run() {
        try {
            takeOverEarlierRun();
            boolean stopping = false;
            while (true) {
                Path file = unreportedFailures > 0
                        ? submitted.poll(Math.max(1, lastReportNanos + reportIntervalNanos - System.nanoTime()),
                                TimeUnit.NANOSECONDS)
                        : submitted.take();
                try {
                    while (file != null) {
                        if (file == STOP) {
                            stopping = true;
                        } else {
                            add(file);
                        }
                        file = submitted.poll();
                    }
                    applyRetention();
                    RotatedFile next;
                    while (submitted.isEmpty() && (next = newestWaiting()) != null) {
                        compress(next);
                        applyRetention();
                    }
                } catch (RuntimeException e) {
                    failed("handle the rotated files of", settings.path, e); // and go on with the next file
                }
                reportFailures(false);
                if (stopping && submitted.isEmpty()) {
                    reportFailures(true);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void takeOverEarlierRun() {
        List<RotatedFile> found = new ArrayList<>();
        for (Path file : earlierRunPaths) {
            try {
                long number = OutputFiles.rotationNumber(settings.path, file).getAsLong();
                found.add(new RotatedFile(number, true, file, OutputFiles.isCompressed(file), false, Files.size(file)));
            } catch (NoSuchFileException gone) {
                // removed since the listing
            } catch (IOException e) {
                failed("read the size of", file, e);
            }
        }
        found.sort(Comparator.comparingLong((RotatedFile f) -> f.number).thenComparing(f -> f.compressed));
        files.addAll(found);
        earlierRun = found.size();
        earlierRunPaths = List.of();
        publish();
    }

    private void add(Path file) {
        OptionalLong number = OutputFiles.rotationNumber(settings.path, file);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException gone) {
            vanished++;
            publish();
            return;
        } catch (IOException e) {
            size = 0; // counted at its smallest until the compression or the next look tells
            failed("read the size of", file, e);
        }
        replaceEarlierRun(file);
        files.add(new RotatedFile(number.orElse(Long.MAX_VALUE), false, file, false, settings.gzip, size));
        publish();
    }

    /** An earlier run's file at {@code path} is replaced by one of this run (the numbers start at 1 again). */
    private void replaceEarlierRun(Path path) {
        for (int i = 0; i < files.size(); i++) {
            RotatedFile f = files.get(i);
            if (f.earlierRun && f.path.equals(path)) {
                files.remove(i);
                deleted++;
                return;
            }
        }
    }

    private RotatedFile newestWaiting() {
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).waiting) {
                return files.get(i);
            }
        }
        return null;
    }

    private void compress(RotatedFile file) {
        Path plain = file.path;
        Path gz = OutputFiles.compressedName(plain);
        Path tmp = OutputFiles.compressingName(plain);
        try {
            try (InputStream in = Files.newInputStream(plain);
                    OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                in.transferTo(out);
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(plain));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            long size = Files.size(tmp);
            Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
            replaceEarlierRun(gz);
            file.path = gz;
            file.compressed = true;
            file.waiting = false;
            file.size = size;
            compressed++;
        } catch (NoSuchFileException e) {
            if (Files.exists(plain)) {
                compressionFailed(file, e);
            } else {
                files.remove(file);
                vanished++;
            }
            publish();
            return;
        } catch (IOException e) {
            compressionFailed(file, e);
            publish();
            return;
        }
        LineIndexFile.deleteQuietly(LineIndex.of(plain)); // a compressed file is read whole: no index
        try {
            Files.deleteIfExists(plain);
        } catch (IOException e) {
            deleteFailures++;
            failed("delete", plain, e);
        }
        publish();
    }

    private void compressionFailed(RotatedFile file, IOException e) {
        file.waiting = false; // stays plain; not retried, so a full disk is not hammered
        compressionFailures++;
        failed("compress", file.path, e);
    }

    /**
     * Deletes the oldest files beyond the count and the total size allowed: walking from the newest, the first file
     * that would exceed either limit is deleted, and every older one.
     */
    private void applyRetention() {
        long total = 0;
        int kept = 0;
        boolean full = false;
        boolean changed = false;
        for (int i = files.size() - 1; i >= 0; i--) {
            RotatedFile file = files.get(i);
            long size = file.waiting ? SMALLEST_COMPRESSED_SIZE : file.size;
            full = full || kept >= settings.maxFiles || total + size > settings.totalSizeCap;
            if (!full) {
                kept++;
                total += size;
                continue;
            }
            try {
                RetentionListener listener = retentionListener;
                if (listener != null) {
                    listener.beforeDelete(file.path);
                }
                LineIndexFile.deleteQuietly(LineIndex.of(file.path));
                if (Files.deleteIfExists(file.path)) {
                    deleted++;
                    if (file.waiting) {
                        deletedUncompressed++;
                    }
                } else {
                    vanished++;
                }
                files.remove(i);
                changed = true;
            } catch (IOException e) {
                deleteFailures++;
                failed("delete", file.path, e);
            }
        }
        if (changed) {
            publish();
        }
    }

    private void publish() {
        published = new Counts(0, earlierRun, files.size(), compressed, deleted, deletedUncompressed, vanished,
                compressionFailures, deleteFailures);
    }

    private void failed(String action, Path file, Exception e) {
        unreportedFailures++;
        latestFailure = "could not " + action + " " + file + ": " + e;
        reportFailures(false);
    }

    /** One stderr line per interval at most, with the count since the last; {@code all}: whatever is left. */
    private void reportFailures(boolean all) {
        long now = System.nanoTime();
        if (unreportedFailures == 0 || !all && now - lastReportNanos < reportIntervalNanos) {
            return;
        }
        err.println("eventweave: " + unreportedFailures + " rotated-file operation(s) failed since the last report "
                + "(compression failures: " + compressionFailures + ", delete failures: " + deleteFailures
                + " in all); latest: " + latestFailure);
        unreportedFailures = 0;
        lastReportNanos = now;
    }

    /** At shutdown: lets the files thread finish what was submitted, for at most {@code timeoutNanos}. */
    void finish(long timeoutNanos) {
        Thread t = thread;
        if (t == null) {
            return;
        }
        submitted.add(STOP);
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            err.println("eventweave: rotated files still being compressed at exit are left as they are");
        }
    }
}
