package io.eventweave.runtime.concurrent;

import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.WeakIdentityMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The trace context handed over with work whose identity the application keeps and so cannot be wrapped: a
 * {@code ForkJoinTask} (the application joins the very task it forked) and a {@code Thread}. The context of the
 * thread that hands it over is noted against the object (weakly: a finished task or thread is not kept alive) and
 * attached where it runs. Nothing is noted, and nothing allocated, when that thread has no context.
 */
public final class TaskContexts {
    private static final WeakIdentityMap<TraceContext> CONTEXTS = new WeakIdentityMap<>();

    private TaskContexts() {
    }

    /** Notes this thread's context for {@code work}, which will run elsewhere; the first note wins. */
    public static void handOver(Object work) {
        if (work == null) {
            return;
        }
        TraceContext context = Trace.attached();
        if (context != null) {
            CONTEXTS.putIfAbsent(work, context);
        }
    }

    /** The context noted for {@code work}, or null. No allocation, no lock. */
    public static TraceContext of(Object work) {
        return CONTEXTS.get(work);
    }

    /**
     * A thread is being started: its context is noted unless it is a pool's worker or one of the agent's, which
     * outlive the work that started them (a fork/join worker thread, a Netty event loop thread, a thread named
     * {@code eventweave-...}); the JDK's {@code ThreadPoolExecutor} starts its workers with no context at all.
     */
    public static void threadStarting(Thread thread) {
        if (thread == null || Trace.attached() == null) {
            return;
        }
        String type = thread.getClass().getName();
        if (thread instanceof java.util.concurrent.ForkJoinWorkerThread || type.startsWith("io.netty.")
                || thread.getName().startsWith("eventweave-")) {
            return;
        }
        handOver(thread);
    }

    /** Removes this thread's context, for the duration of a pool's starting a worker; returns it for restoring. */
    public static TraceContext suspend() {
        TraceContext previous = Trace.attached();
        if (previous != null) {
            Trace.restore(null);
        }
        return previous;
    }

    /** Puts back what {@link #suspend} removed. */
    public static void resume(TraceContext previous) {
        if (previous != null) {
            Trace.attach(previous);
        }
    }

    /**
     * A {@code Runnable} handed to a pool that also takes {@code ForkJoinTask}s: a task is noted (it is the
     * application's to join), anything else wrapped.
     */
    public static Runnable handOverOrWrap(Runnable task) {
        if (task instanceof java.util.concurrent.ForkJoinTask) {
            handOver(task);
            return task;
        }
        return ContextRunnable.wrap(task);
    }

    /** {@code invokeAll}/{@code invokeAny}'s callables, each to run in this thread's context (a new list), or as given. */
    public static <T> Collection<? extends Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
        if (tasks == null || Trace.attached() == null) {
            return tasks;
        }
        List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            wrapped.add(ContextCallable.wrap(task));
        }
        return wrapped;
    }
}
