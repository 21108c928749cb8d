package io.eventweave.agent.output;

import io.eventweave.format.OutputFiles;
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
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    private volatile Thread thread;
    private volatile boolean busy;

    RotatedFiles(OutputSettings settings, PrintStream err) {
        this.settings = settings;
        this.err = err;
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
        Path gz = OutputFiles.compressedName(file);
        Path tmp = OutputFiles.compressingName(file);
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
                OptionalLong number = OutputFiles.rotationNumber(settings.path, entry);
                if (number.isPresent()) {
                    files.add(entry);
                    numbers.add(number.getAsLong());
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
