package io.eventweave.runtime;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an event's trace context comes from, first match wins:
 * <ol>
 *   <li>the application's active OpenTelemetry span, read through the application's own {@code io.opentelemetry.api}
 *       ({@link OpenTelemetryBridge});</li>
 *   <li>the context eventweave carries on this thread ({@link #attach});</li>
 *   <li>the process context from the environment ({@code TRACEPARENT} or {@code EVENTWEAVE_TRACE_ID}).</li>
 * </ol>
 */
public final class Trace {
    private static final ThreadLocal<TraceContext> THREAD = new ThreadLocal<>();
    private static volatile TraceContext processContext;

    private Trace() {
    }

    /** The trace context for an event emitted now on this thread, or null when there is none. */
    public static TraceContext current() {
        TraceContext fromOtel = OpenTelemetryBridge.currentContext();
        if (fromOtel != null) {
            return fromOtel;
        }
        TraceContext onThread = THREAD.get();
        if (onThread != null) {
            return onThread;
        }
        return processContext;
    }

    /**
     * The context eventweave carries on this thread ({@link #attach}), or null: what work handed to another thread
     * takes along. Not the application's OpenTelemetry span (its own context propagation carries it) nor the process
     * context (every thread has it).
     */
    public static TraceContext attached() {
        return THREAD.get();
    }

    /** Makes {@code context} this thread's context; returns the previous one, to be passed back to {@link #restore}. */
    public static TraceContext attach(TraceContext context) {
        TraceContext previous = THREAD.get();
        THREAD.set(context);
        return previous;
    }

    public static void restore(TraceContext previous) {
        if (previous == null) {
            THREAD.remove();
        } else {
            THREAD.set(previous);
        }
    }

    /** {@link #beginScope}'s answer when the thread had no context before: {@link #endScope} then removes it. */
    private static final TraceContext HAD_NONE = TraceContext.of(0, 0, 0, (byte) 0);

    /**
     * For advice that runs a library method in a context it looked up: makes {@code context} this thread's context,
     * unless it is null, and returns the token {@link #endScope} needs to undo exactly that. Enter advice returns it
     * and exit advice passes it back ({@code @Advice.Enter}). Null means nothing was attached, which is also what
     * exit advice gets when the enter advice failed: the thread's context is then left alone.
     */
    public static TraceContext beginScope(TraceContext context) {
        if (context == null) {
            return null;
        }
        TraceContext previous = THREAD.get();
        THREAD.set(context);
        return previous == null ? HAD_NONE : previous;
    }

    /** Undoes {@link #beginScope}: restores the context the thread had before it, if it attached one. */
    public static void endScope(TraceContext token) {
        if (token == HAD_NONE) {
            THREAD.remove();
        } else if (token != null) {
            THREAD.set(token);
        }
    }

    /**
     * Makes the root of a new trace this thread's context when it has none at all (no OpenTelemetry span, nothing
     * attached, no process context): for the outermost call of a library's decorators, so that its policies' events,
     * its HTTP requests and its fallback share a trace id. Returns whether it did; if so, {@code restore(null)} when
     * that call returns.
     */
    public static boolean startTraceIfNone() {
        if (current() != null) {
            return false;
        }
        THREAD.set(TraceContext.newRoot());
        return true;
    }

    public static void setProcessContext(TraceContext context) {
        processContext = context;
    }

    public static TraceContext processContext() {
        return processContext;
    }

    /** A random, non-zero span id. */
    public static long newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }
}
