package io.eventweave.agent;

import java.io.PrintStream;

/**
 * How long each phase of the agent's start took, in the order they ran on one thread: {@link #mark} after each phase,
 * {@link #print} once at the end when {@code eventweave.startup.timing} is on. Marks cost one {@link System#nanoTime}
 * each, so they are always taken. One timeline per thread that starts something (premain, the drainer thread, the
 * first instrumented class).
 */
final class StartupTimeline {
    private static final int MAX_PHASES = 16;

    private final String what;
    private final long origin;
    private final String[] phases = new String[MAX_PHASES];
    private final long[] phaseNanos = new long[MAX_PHASES];
    private int count;
    private long last;

    /** @param originNanos when this timeline's first phase began ({@link System#nanoTime}) */
    StartupTimeline(String what, long originNanos) {
        this.what = what;
        this.origin = originNanos;
        this.last = originNanos;
    }

    /**
     * Ends the phase that began at the previous mark. Nothing is formatted here: {@code String.format} would load
     * the {@code Formatter}, its regular expressions and the locale data in every run, timing on or off.
     */
    void mark(String phase) {
        long now = System.nanoTime();
        if (count < MAX_PHASES) {
            phases[count] = phase;
            phaseNanos[count++] = now - last;
        }
        last = now;
    }

    /** One line: {@code eventweave: start-up timing: <what> <total> ms (<phase> <ms>, ...)}. */
    void print(PrintStream err) {
        StringBuilder line = new StringBuilder("eventweave: start-up timing: ").append(what).append(' ');
        appendMillis(line, last - origin).append(" ms (");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                line.append(", ");
            }
            appendMillis(line.append(phases[i]).append(' '), phaseNanos[i]);
        }
        err.println(line.append(')'));
    }

    /** Milliseconds with one decimal, rounded half up ({@code 1.25 ms} is {@code 1.3}). */
    static StringBuilder appendMillis(StringBuilder out, long nanos) {
        long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
        return out.append(tenths / 10).append('.').append(tenths % 10);
    }
}
