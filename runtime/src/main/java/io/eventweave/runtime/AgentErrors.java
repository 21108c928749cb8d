package io.eventweave.runtime;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Internal failures of the agent, counted by kind. Application threads only count and remember the latest
 * throwable (no I/O on their time); the drainer reports them on stderr at most once per minute per kind and in
 * {@code agent.stats}.
 */
public final class AgentErrors {
    /** A throwable escaped advice code and was suppressed. */
    public static final int ADVICE = 0;
    /** Byte Buddy could not transform a class. */
    public static final int INSTRUMENTATION = 1;
    /** The encoder failed on an event (the event is dropped as internal_error). */
    public static final int ENCODER = 2;
    /** Reading the application's OpenTelemetry context failed; the bridge turned itself off. */
    public static final int TRACE_BRIDGE = 3;
    /** A completion callback (async HTTP) failed. */
    public static final int CALLBACK = 4;
    /** The drainer loop itself failed. */
    public static final int DRAINER = 5;
    /**
     * A value a configuration rule names could not be read: the application's accessor threw. Not the agent's own
     * failure but counted beside them: the event was written without that field.
     */
    public static final int RULE_VALUE = 6;

    private static final String[] NAMES = {"advice", "instrumentation", "encoder", "trace_bridge", "callback", "drainer",
        "rule_value"};
    private static final AtomicLongArray COUNTS = new AtomicLongArray(NAMES.length);
    private static final AtomicReferenceArray<Throwable> LAST = new AtomicReferenceArray<>(NAMES.length);

    private AgentErrors() {
    }

    /** Exception handler of every advice method (wired in by the agent's Byte Buddy setup). */
    public static void adviceFailed(Throwable t) {
        record(ADVICE, t);
    }

    public static void record(int kind, Throwable t) {
        COUNTS.incrementAndGet(kind);
        LAST.set(kind, t);
    }

    public static int kinds() {
        return NAMES.length;
    }

    public static String name(int kind) {
        return NAMES[kind];
    }

    public static long count(int kind) {
        return COUNTS.get(kind);
    }

    /** The agent's own failures: every kind but {@link #RULE_VALUE}, which is the application's accessor's. */
    public static long total() {
        long total = 0;
        for (int i = 0; i < NAMES.length; i++) {
            if (i != RULE_VALUE) {
                total += COUNTS.get(i);
            }
        }
        return total;
    }

    /** The latest throwable of {@code kind} not yet taken by the reporter, or null. */
    public static Throwable takeLast(int kind) {
        return LAST.getAndSet(kind, null);
    }
}
