package io.eventweave.runtime.concurrent;

import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;

/**
 * A task handed to another thread, with the trace context of the thread that handed it over: while it runs that
 * context is the running thread's, and the thread's own is restored after, however the task ends (no leak from one
 * task into the next on a reused thread). Made only when the handing thread has a context: otherwise the task is
 * passed on as it is, for the cost of one thread-local read.
 */
public final class ContextRunnable implements Runnable {
    private final Runnable task;
    private final TraceContext context;

    private ContextRunnable(Runnable task, TraceContext context) {
        this.task = task;
        this.context = context;
    }

    /** {@code task}, to run in this thread's context; {@code task} itself when there is none (or it already has one). */
    public static Runnable wrap(Runnable task) {
        if (task == null || task instanceof ContextRunnable) {
            return task;
        }
        TraceContext context = Trace.attached();
        return context == null ? task : new ContextRunnable(task, context);
    }

    @Override
    public void run() {
        TraceContext previous = Trace.attach(context);
        try {
            task.run();
        } finally {
            Trace.restore(previous);
        }
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
