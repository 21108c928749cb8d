package io.eventweave.cli.input;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long read on stderr, one line rewritten in place: bytes read of the total, the rate and the time
 * left. Only on a terminal (the command line decides: {@link #NONE} when output is piped), at most five updates a
 * second, shown only after the first second (a short read prints nothing), and erased when the read ends.
 */
public class Progress {
    /** No progress: output piped, or a read too short to need it. */
    public static final Progress NONE = new Progress(null);

    private static final long UPDATE_NANOS = 200_000_000L;
    private static final long QUIET_NANOS = 1_000_000_000L;

    private final PrintStream err;
    private long total;
    private long read;
    private long startNanos;
    private long nextUpdate;
    private boolean shown;

    /** How long a read is quiet before its first progress line. */
    private final long quietNanos;

    public Progress(PrintStream err) {
        this(err, QUIET_NANOS);
    }

    /** @param quietNanos how long a read goes before its first line (tests show it at once) */
    public Progress(PrintStream err, long quietNanos) {
        this.err = err;
        this.quietNanos = quietNanos;
    }

    void start(long totalBytes) {
        total = totalBytes;
        read = 0;
        startNanos = System.nanoTime();
        nextUpdate = startNanos + quietNanos;
    }

    synchronized void advance(long bytes) {
        read += bytes;
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextUpdate < 0) {
            return;
        }
        nextUpdate = now + UPDATE_NANOS;
        double seconds = (now - startNanos) / 1e9;
        double rate = read / seconds;
        StringBuilder line = new StringBuilder("\r\u001b[2Kreading ").append(bytes(read));
        if (total > 0) {
            line.append(" of ").append(bytes(total));
        }
        line.append(", ").append(bytes((long) rate)).append("/s");
        if (total > read && rate > 0) {
            line.append(", ").append(String.format(Locale.ROOT, "%.0f", (total - read) / rate)).append(" s left");
        }
        err.print(line);
        err.flush();
        shown = true;
    }

    void finish() {
        if (shown) {
            err.print("\r\u001b[2K");
            err.flush();
            shown = false;
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        String[] units = {"KB", "MB", "GB", "TB"};
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
