package io.eventweave.agent.output;

import java.nio.file.Path;

/** What the output does: file, rotation, compression, retention, line size, durability: the output.* settings. */
public final class OutputSettings {
    public enum Fsync { NONE, INTERVAL, ALWAYS }

    final Path path;
    final long maxFileSize;
    final long rotateIntervalNanos;
    final boolean gzip;
    final int maxFiles;
    final long totalSizeCap;
    final String permissions;
    final int maxLineSize;
    final Fsync fsync;
    /** Whether a plain file gets its {@link io.eventweave.format.LineIndex} ({@code output.index}). */
    final boolean index;

    public OutputSettings(Path path, long maxFileSize, long rotateIntervalNanos, boolean gzip, int maxFiles,
            long totalSizeCap, String permissions, int maxLineSize, Fsync fsync, boolean index) {
        this.path = path;
        this.maxFileSize = maxFileSize;
        this.rotateIntervalNanos = rotateIntervalNanos;
        this.gzip = gzip;
        this.maxFiles = maxFiles;
        this.totalSizeCap = totalSizeCap;
        this.permissions = permissions;
        this.maxLineSize = maxLineSize;
        this.fsync = fsync;
        this.index = index;
    }

    /** Defaults of everything but the path (tests). */
    public static OutputSettings defaults(Path path) {
        return new OutputSettings(path, 100L << 20, 0, true, 10, 1L << 30, "rw-------", 16 * 1024, Fsync.NONE, true);
    }
}
