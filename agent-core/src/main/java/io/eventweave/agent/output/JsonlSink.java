package io.eventweave.agent.output;

import io.eventweave.format.LineIndex;
import io.eventweave.format.OutputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The JSON Lines file. Appends whole lines handed over by the drainer (drainer thread only).
 *
 * <ul>
 *   <li><b>Rotation</b> renames the active file to {@code <name>.<number>.jsonl} (never copy-and-truncate, so
 *       {@code tail -F} and log shippers follow) and opens a new one; rotated names sort in time order. The renamed
 *       file goes to {@link RotatedFiles} for compression and retention, off this thread.</li>
 *   <li><b>Faults</b>: a failed write is cut back to the last whole line ({@code truncate}), the file is closed and
 *       reopened with growing back-off (1 s to 30 s); the caller counts the events as {@code io_error}. A file that
 *       ends in a partial line when (re)opened is cut back to its last newline.</li>
 *   <li>New files get {@code output.file-permissions} (0600 by default); the directory is created.</li>
 * </ul>
 */
final class JsonlSink implements AutoCloseable {
    private static final long FIRST_RETRY_NANOS = 1_000_000_000L;
    private static final long MAX_RETRY_NANOS = 30_000_000_000L;

    private final OutputSettings settings;
    private final Path path;
    private final RotatedFiles rotated;
    private FileChannel channel;
    /** Rotation only for a regular file (never for /dev/stdout, /dev/full, a pipe). */
    private boolean rotatable;
    private long bytesInFile;
    private long openedAtNanos;
    /**
     * The number the active file takes when rotated; 0 until first asked for ({@link #fileNumber()}), so the directory
     * is read at the first rotation, not at start-up: a log folder of thousands of files costs the start nothing.
     */
    private int fileNumber;
    private long retryAtNanos;
    private long retryDelayNanos = FIRST_RETRY_NANOS;
    /**
     * The active file's {@link LineIndex}, written after its lines; null without one (output.index=false, not a
     * regular file, an index that could not be matched or written: until the next file).
     */
    private LineIndexFile index;

    JsonlSink(OutputSettings settings, RotatedFiles rotated) {
        this.settings = settings;
        this.path = settings.path;
        this.rotated = rotated;
    }

    Path path() {
        return path;
    }

    /**
     * The number the active file takes when it is rotated: 1 for the first file of the process (or one past an
     * earlier run's highest on the same path), +1 at every rotation.
     */
    int fileNumber() {
        if (fileNumber == 0) {
            fileNumber = firstFileNumber();
        }
        return fileNumber;
    }

    /** Opens (creates) the file and its directory. */
    void open() throws IOException {
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        channel = create(path, settings.permissions, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        rotatable = Files.isRegularFile(path);
        bytesInFile = rotatable ? repairTail() : 0;
        openedAtNanos = System.nanoTime();
        retryDelayNanos = FIRST_RETRY_NANOS;
        index = null;
        if (rotatable && settings.index) {
            try {
                index = LineIndexFile.open(path, bytesInFile);
            } catch (IOException | RuntimeException e) {
                LineIndexFile.deleteQuietly(LineIndex.of(path)); // this file goes without one
            }
        }
    }

    /** Opens {@code file} with {@code options}, created with {@code permissions} where the file system has them. */
    static FileChannel create(Path file, String permissions, StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> all = new java.util.HashSet<>(Set.of(options));
        all.add(StandardOpenOption.CREATE);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, all,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        }
        return FileChannel.open(file, all);
    }

    /**
     * 1, or one past the highest rotated file an earlier run on the same path left: its files keep their names (a
     * rotation never replaces one, which a shipper or a reader may not have read yet) and the numbers go on in time
     * order.
     */
    private int firstFileNumber() {
        if (!rotatable) {
            return 1;
        }
        try {
            long highest = 0;
            for (Path rotatedFile : OutputFiles.rotatedInOrder(path)) {
                highest = Math.max(highest, OutputFiles.rotationNumber(path, rotatedFile).orElse(0));
            }
            return (int) Math.min(Integer.MAX_VALUE - 1, highest + 1);
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    /**
     * Cuts a partial last line (left by a failed write or a crash) back to the last newline; returns the size. Reads
     * through a channel of its own: the file is written through an APPEND channel, which cannot read.
     */
    private long repairTail() throws IOException {
        if (channel.size() == 0) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return repairTail(channel);
        }
    }

    private static long repairTail(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, size - 1);
        if (one.get(0) == '\n') {
            return size;
        }
        ByteBuffer block = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            channel.read(block, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    channel.truncate(start + i + 1);
                    return start + i + 1;
                }
            }
            end = start;
        }
        channel.truncate(0);
        return 0;
    }

    /**
     * Whether the active file was deleted or replaced behind our back (its directory removed, a clean-up job):
     * writes would go on into an unlinked file that nobody can read. Checked about once a second by the drainer.
     */
    boolean vanished() {
        if (channel == null || !rotatable) {
            return false;
        }
        try {
            return !Files.isSameFile(path, path) || Files.size(path) < bytesInFile;
        } catch (IOException missing) {
            return true;
        }
    }

    /** Closes the file that vanished and opens a new one at the configured path (directory created again). */
    void reopenVanished() throws IOException {
        closeQuietly();
        fileNumber = fileNumber() + 1;
        open();
    }

    /** Whether the file should be rotated before {@code nextBytes} more are written. */
    boolean rotationDue(long nextBytes, long nowNanos) {
        if (channel == null || !rotatable || bytesInFile == 0) {
            return false;
        }
        return bytesInFile + nextBytes > settings.maxFileSize
                || settings.rotateIntervalNanos > 0 && nowNanos - openedAtNanos >= settings.rotateIntervalNanos;
    }

    /**
     * Renames the active file to its numbered name, hands it to {@link RotatedFiles} and opens a new active file.
     * Returns the rotated file's path.
     */
    Path rotate() throws IOException {
        Path target = OutputFiles.rotatedName(path, fileNumber());
        channel.close();
        channel = null;
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        if (index != null) {
            index.moveWith(target);
            index = null;
        } else {
            LineIndexFile.deleteQuietly(LineIndex.of(path));
        }
        rotated.submit(target);
        fileNumber++;
        open();
        return target;
    }

    /**
     * Appends {@code bytes[0, length)}, whole lines, then their index records ({@code lines}, starts within
     * {@code bytes}).
     */
    void write(byte[] bytes, int length, BatchLines lines) throws IOException {
        if (channel == null) {
            long now = System.nanoTime();
            if (now - retryAtNanos < 0) {
                throw new IOException("output " + path + " is unavailable; next retry in "
                        + (retryAtNanos - now) / 1_000_000 + " ms");
            }
            try {
                open();
            } catch (IOException e) {
                closeQuietly();
                scheduleRetry();
                throw e;
            }
        }
        ByteBuffer src = ByteBuffer.wrap(bytes, 0, length);
        long before = bytesInFile;
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
            bytesInFile += length;
            if (settings.fsync == OutputSettings.Fsync.ALWAYS) {
                channel.force(false);
            }
            indexLines(bytes, lines, before);
        } catch (IOException e) {
            if (rotatable) {
                try {
                    channel.truncate(before); // no partial line stays behind
                } catch (IOException ignored) {
                    // repaired when the file is opened again
                }
            }
            closeQuietly();
            scheduleRetry();
            throw e;
        }
    }

    /** The lines just written at {@code fileOffset} into the index; a failure leaves this file without one. */
    private void indexLines(byte[] bytes, BatchLines lines, long fileOffset) {
        if (index == null) {
            return;
        }
        try {
            index.append(lines, bytes, fileOffset, settings.permissions);
        } catch (IOException | RuntimeException e) {
            index.abandon();
            index = null;
        }
    }

    /** {@code output.fsync=interval}: called by the drainer at every flush tick. */
    void syncIfConfigured() {
        if (settings.fsync == OutputSettings.Fsync.INTERVAL && channel != null) {
            try {
                channel.force(false);
            } catch (IOException ignored) {
                // the next write reports the failure
            }
        }
    }

    private void scheduleRetry() {
        retryAtNanos = System.nanoTime() + retryDelayNanos;
        retryDelayNanos = Math.min(retryDelayNanos * 2, MAX_RETRY_NANOS);
    }

    private void closeQuietly() {
        if (index != null) {
            index.close();
            index = null;
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // already failing; the caller reports the write error
        } finally {
            channel = null;
        }
    }

    @Override
    public void close() {
        if (channel != null && settings.fsync != OutputSettings.Fsync.NONE) {
            try {
                channel.force(false);
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        closeQuietly();
    }
}
