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
        ThreadState thread = ThreadState.current();
        TraceContext onThread = thread.trace;
        if (onThread == ROOT_TO_MAKE) {
            onThread = TraceContext.newRoot();
            thread.trace = onThread;
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
        ThreadState thread = ThreadState.current();
        TraceContext previous = thread.trace; // a root still to make is given back as it is, and restored so
        thread.trace = context;
        return previous;
    }

    /** Makes {@code previous} (null: none) this thread's context again. */
    public static void restore(TraceContext previous) {
        ThreadState.current().trace = previous;
    }

    /** {@link #restore} for a caller that already holds this thread's state. */
    public static void restore(ThreadState thread, TraceContext previous) {
        thread.trace = previous;
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
        ThreadState thread = ThreadState.current();
        TraceContext previous = thread.trace; // a root still to make stays one: it is restored as it was
        thread.trace = context;
        return previous == null ? HAD_NONE : previous;
    }

    /** Undoes {@link #beginScope}: restores the context the thread had before it, if it attached one. */
    public static void endScope(TraceContext token) {
        if (token == HAD_NONE) {
            ThreadState.current().trace = null;
        } else if (token != null) {
            ThreadState.current().trace = token;
        }
    }

    /**
     * Makes the root of a new trace this thread's context when it has none at all (no OpenTelemetry span, nothing
     * attached, no process context): for the outermost call of a library's decorators, so that its policies' events,
     * its HTTP requests and its fallback share a trace id. Returns whether it did; if so, {@code restore(null)} when
     * that call returns.
     */
    public static boolean startTraceIfNone() {
        return startTraceIfNone(ThreadState.current());
    }

    /** {@link #startTraceIfNone()} for a caller that already holds this thread's state. */
    public static boolean startTraceIfNone(ThreadState thread) {
        if (thread.trace != null || processContext != null || OpenTelemetryBridge.currentContext() != null) {
            return false;
        }
        thread.trace = ROOT_TO_MAKE;
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
