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
        TraceContext onThread = onThread();
        if (onThread != null) {
            return onThread;
        }
        return processContext;
    }

    /** This thread's context, the root {@link #startTraceIfNone} promised made now if it is the first to ask. */
    private static TraceContext onThread() {
        TraceContext onThread = THREAD.get();
        if (onThread == ROOT_TO_MAKE) {
            onThread = TraceContext.newRoot();
            THREAD.set(onThread);
        }
        return onThread;
    }

    /**
     * The context eventweave carries on this thread ({@link #attach}), or null: what work handed to another thread
     * takes along. Not the application's OpenTelemetry span (its own context propagation carries it) nor the process
     * context (every thread has it).
     */
    public static TraceContext attached() {
        return onThread();
    }

    /** Makes {@code context} this thread's context; returns the previous one, to be passed back to {@link #restore}. */
    public static TraceContext attach(TraceContext context) {
        TraceContext previous = THREAD.get(); // a root still to make is given back as it is, and restored so
        THREAD.set(context);
        return previous;
    }

    /**
     * Makes {@code previous} (null: none) this thread's context again. None is stored as a null value, not by
     * {@code ThreadLocal.remove()}: a thread that takes a context and drops it once per call (a guarded call, a pool
     * task) would otherwise allocate a new map entry for every call. The entry's key is this class's static
     * {@code ThreadLocal}, so it holds nothing of the application's.
     */
    public static void restore(TraceContext previous) {
        THREAD.set(previous);
    }

    /**
     * {@link #beginScope}'s answer when the thread had no context before: {@link #endScope} then leaves it without.
     * Its own object (null means "nothing was attached").
     */
    private static final TraceContext HAD_NONE = TraceContext.marker();
    /**
     * Set by {@link #startTraceIfNone}: the thread is in a new trace whose root is made the first time anything asks
     * for the thread's context (an event, a hand-over, an outgoing request). A guarded call that emits nothing and
     * hands nothing over then costs no ids and no object.
     */
    private static final TraceContext ROOT_TO_MAKE = TraceContext.marker();

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
        TraceContext previous = THREAD.get(); // a root still to make stays one: it is restored as it was
        THREAD.set(context);
        return previous == null ? HAD_NONE : previous;
    }

    /** Undoes {@link #beginScope}: restores the context the thread had before it, if it attached one. */
    public static void endScope(TraceContext token) {
        if (token == HAD_NONE) {
            THREAD.set(null);
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
        if (THREAD.get() != null || processContext != null || OpenTelemetryBridge.currentContext() != null) {
            return false;
        }
        THREAD.set(ROOT_TO_MAKE);
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
