package io.eventweave.runtime.concurrent;

import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import java.util.concurrent.Callable;

/** The {@link Callable} form of {@link ContextRunnable}: runs in the context of the thread that handed it over. */
public final class ContextCallable<V> implements Callable<V> {
    private final Callable<V> task;
    private final TraceContext context;

    private ContextCallable(Callable<V> task, TraceContext context) {
        this.task = task;
        this.context = context;
    }

    /** {@code task}, to run in this thread's context; {@code task} itself when there is none (or it already has one). */
    public static <V> Callable<V> wrap(Callable<V> task) {
        if (task == null || task instanceof ContextCallable) {
            return task;
        }
        TraceContext context = Trace.attached();
        return context == null ? task : new ContextCallable<>(task, context);
    }

    @Override
    public V call() throws Exception {
        TraceContext previous = Trace.attach(context);
        try {
            return task.call();
        } finally {
            Trace.restore(previous);
        }
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
