package io.eventweave.agent.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The JSON Lines file. Appends whole lines handed over by the drainer; created with permissions 0600 (the events
 * may name hosts and paths of the application). Used by the drainer thread only.
 *
 * <p>When the file cannot be opened or written, {@link #write} throws and the caller counts the events as
 * {@code io_error}; the sink retries opening the file with growing back-off (1 s up to 30 s) and resumes by itself.
 */
final class JsonlSink implements AutoCloseable {
    private static final long FIRST_RETRY_NANOS = 1_000_000_000L;
    private static final long MAX_RETRY_NANOS = 30_000_000_000L;

    private final Path path;
    private FileChannel channel;
    private long retryAtNanos;
    private long retryDelayNanos = FIRST_RETRY_NANOS;

    JsonlSink(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Opens (creates) the file and its directory. */
    void open() throws IOException {
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            channel = FileChannel.open(path, options, ownerOnly);
        } else {
            channel = FileChannel.open(path, options);
        }
        retryDelayNanos = FIRST_RETRY_NANOS;
    }

    boolean isOpen() {
        return channel != null;
    }

    void write(byte[] bytes, int length) throws IOException {
        if (channel == null) {
            long now = System.nanoTime();
            if (now - retryAtNanos < 0) {
                throw new IOException("output " + path + " is unavailable; next retry in "
                        + (retryAtNanos - now) / 1_000_000 + " ms");
            }
            try {
                open();
            } catch (IOException e) {
                scheduleRetry();
                throw e;
            }
        }
        ByteBuffer src = ByteBuffer.wrap(bytes, 0, length);
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (IOException e) {
            closeQuietly();
            scheduleRetry();
            throw e;
        }
    }

    private void scheduleRetry() {
        retryAtNanos = System.nanoTime() + retryDelayNanos;
        retryDelayNanos = Math.min(retryDelayNanos * 2, MAX_RETRY_NANOS);
    }

    private void closeQuietly() {
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
        closeQuietly();
    }
}
