package io.eventweave.instrumentation.jdkconcurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.concurrent.ContextRunnable;
import io.eventweave.runtime.concurrent.TaskContexts;
import java.util.List;
import java.util.concurrent.RunnableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code ThreadPoolExecutor} (JDK 17 to 25; every {@code Executors.newFixedThreadPool}, {@code newCachedThreadPool},
 * {@code newSingleThreadExecutor} and subclasses):
 * <ul>
 *   <li>{@code execute(Runnable)}: a task given directly is wrapped in a {@link ContextRunnable}. A
 *       {@code RunnableFuture} is not: it comes from {@code submit}/{@code invokeAll}, which wrapped what it runs
 *       ({@link AbstractExecutorServiceInstrumentation}), so the queue, {@code remove} and {@code shutdownNow} keep
 *       the application's own future.</li>
 *   <li>{@code addWorker(Runnable, boolean)}: the pool starts a worker thread with no context, whatever the thread
 *       whose task made it start one had: a worker outlives that task.</li>
 * </ul>
 */
public final class ThreadPoolExecutorInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.base");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("java.util.concurrent.ThreadPoolExecutor");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("execute").and(takesArguments(Runnable.class)), advice + "$ExecuteAdvice");
        transformer.applyAdvice(named("addWorker").and(takesArguments(Runnable.class, boolean.class)),
                advice + "$AddWorkerAdvice");
    }

    public static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
            if (!(task instanceof RunnableFuture)) {
                task = ContextRunnable.wrap(task);
            }
        }
    }

    public static final class AddWorkerAdvice {
        private AddWorkerAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static TraceContext enter() {
            return TaskContexts.suspend();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter TraceContext suspended) {
            TaskContexts.resume(suspended);
        }
    }
}
