package io.eventweave.agent.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * What happens to a file once rotation has renamed it, on a thread of its own ({@code eventweave-files}, daemon,
 * idle unless a file was rotated) so that writing never waits: gzip to {@code <name>.gz.tmp}, rename to
 * {@code <name>.gz}, delete the plain file; then retention deletes the oldest rotated files beyond
 * {@code output.max-files} or {@code output.total-size-cap}.
 */
final class RotatedFiles implements Runnable {
    private static final Path STOP = Path.of("");

    private final OutputSettings settings;
    private final PrintStream err;
    private final LinkedBlockingQueue<Path> queue = new LinkedBlockingQueue<>();
    private final Pattern rotatedPattern;
    private volatile Thread thread;
    private volatile boolean busy;

    RotatedFiles(OutputSettings settings, PrintStream err) {
        this.settings = settings;
        this.err = err;
        String name = settings.path.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        String suffix = name.endsWith(".jsonl") ? "\\.jsonl" : "";
        rotatedPattern = Pattern.compile(Pattern.quote(stem) + "\\.(\\d{6,})" + suffix + "(\\.gz)?");
    }

    /**
     * {@code events-12.jsonl} → {@code events-12.000003.jsonl}; a name without {@code .jsonl} gets the number at the
     * end ({@code events.log.000003}). Six digits at least, so the names sort in rotation order.
     */
    static Path rotatedName(Path active, int fileNumber) {
        String name = active.getFileName().toString();
        String number = String.format("%06d", fileNumber);
        String rotated = name.endsWith(".jsonl")
                ? name.substring(0, name.length() - ".jsonl".length()) + "." + number + ".jsonl"
                : name + "." + number;
        return active.resolveSibling(rotated);
    }

    void submit(Path rotatedFile) {
        if (thread == null) {
            Thread t = new Thread(this, "eventweave-files");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            thread = t;
            t.start();
        }
        queue.add(rotatedFile);
    }

    @Override
    public void run() {
        try {
            while (true) {
                Path file = queue.take();
                if (file == STOP) {
                    return;
                }
                busy = true;
                try {
                    if (settings.gzip) {
                        compress(file);
                    }
                    applyRetention();
                } catch (IOException | RuntimeException e) {
                    err.println("eventweave: could not compress or clean up " + file + ": " + e);
                } finally {
                    busy = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void compress(Path file) throws IOException {
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        Path tmp = file.resolveSibling(file.getFileName() + ".gz.tmp");
        try (InputStream in = Files.newInputStream(file);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
            in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(file);
    }

    /** Deletes the oldest rotated files of this output beyond the count and the total size allowed. */
    void applyRetention() throws IOException {
        List<Path> files = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        Path dir = settings.path.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Matcher m = rotatedPattern.matcher(entry.getFileName().toString());
                if (m.matches()) {
                    files.add(entry);
                    numbers.add(Long.parseLong(m.group(1)));
                }
            }
        }
        Integer[] order = new Integer[files.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(numbers.get(b), numbers.get(a))); // newest first
        long total = 0;
        int kept = 0;
        boolean full = false;
        for (Integer index : order) {
            Path file = files.get(index);
            long size = Files.size(file);
            full = full || kept >= settings.maxFiles || total + size > settings.totalSizeCap;
            if (full) {
                Files.deleteIfExists(file); // this one and every older one
            } else {
                kept++;
                total += size;
            }
        }
    }

    /** At shutdown: lets the files thread finish what was submitted, for at most {@code timeoutNanos}. */
    void finish(long timeoutNanos) {
        Thread t = thread;
        if (t == null) {
            return;
        }
        queue.add(STOP);
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive() || busy) {
            err.println("eventweave: rotated files still being compressed at exit are left as they are");
        }
    }
}
