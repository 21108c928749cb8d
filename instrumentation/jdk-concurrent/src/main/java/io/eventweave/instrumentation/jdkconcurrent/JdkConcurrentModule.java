package io.eventweave.instrumentation.jdkconcurrent;

import io.eventweave.instrumentation.api.InstrumentationModule;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import java.util.List;

/**
 * The JDK's executors, fork/join pool, {@code CompletableFuture}'s async stages (which run on them) and threads: work
 * handed to another thread runs in the trace context of the thread that handed it over, and the worker's own is
 * restored after. It records no event. It {@linkplain #followsOthers() follows the other modules}: these classes are
 * woven only once another module's first class has been, since only their hooks create a context to carry.
 */
public final class JdkConcurrentModule implements InstrumentationModule {
    @Override
    public String name() {
        return "jdk-concurrent";
    }

    @Override
    public String description() {
        return "The trace context follows work to JDK executors, fork/join tasks, CompletableFuture stages, threads.";
    }

    @Override
    public boolean followsOthers() {
        return true;
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new ThreadPoolExecutorInstrumentation(), new AbstractExecutorServiceInstrumentation(),
                new ScheduledThreadPoolExecutorInstrumentation(), new ForkJoinPoolInstrumentation(),
                new ForkJoinTaskInstrumentation(), new ThreadInstrumentation(), new VirtualThreadInstrumentation());
    }
}
