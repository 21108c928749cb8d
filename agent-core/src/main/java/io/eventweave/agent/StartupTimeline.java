package io.eventweave.agent;

import java.io.PrintStream;
import java.util.Locale;

/**
 * How long each phase of the agent's start took, in the order they ran on one thread: {@link #mark} after each phase,
 * {@link #print} once at the end when {@code eventweave.startup.timing} is on. Marks cost one {@link System#nanoTime}
 * each, so they are always taken. One timeline per thread that starts something (premain, the drainer thread, the
 * first instrumented class).
 */
final class StartupTimeline {
    private final String what;
    private final long origin;
    private final StringBuilder phases = new StringBuilder();
    private long last;

    /** @param originNanos when this timeline's first phase began ({@link System#nanoTime}) */
    StartupTimeline(String what, long originNanos) {
        this.what = what;
        this.origin = originNanos;
        this.last = originNanos;
    }

    /** Ends the phase that began at the previous mark. */
    void mark(String phase) {
        long now = System.nanoTime();
        if (phases.length() > 0) {
            phases.append(", ");
        }
        phases.append(phase).append(' ').append(millis(now - last));
        last = now;
    }

    /** One line: {@code eventweave: start-up timing: <what> <total> ms (<phase> <ms>, ...)}. */
    void print(PrintStream err) {
        err.println("eventweave: start-up timing: " + what + " " + millis(last - origin) + " ms (" + phases + ")");
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
