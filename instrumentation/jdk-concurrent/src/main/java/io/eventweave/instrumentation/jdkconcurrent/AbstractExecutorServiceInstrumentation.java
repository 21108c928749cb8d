package io.eventweave.instrumentation.jdkconcurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.concurrent.TaskContexts;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code AbstractExecutorService}'s {@code submit} (a {@code Runnable}, with or without a result, or a
 * {@code Callable}), {@code invokeAll} and {@code invokeAny} (JDK 17 to 25): what the application hands over is
 * wrapped before the service makes its {@code FutureTask} of it, so the future the application gets, and the one in
 * the queue, are the service's own. Covers {@code ThreadPoolExecutor} and any executor service built on this class;
 * {@code ScheduledThreadPoolExecutor} and {@code ForkJoinPool} override these and have their own.
 */
public final class AbstractExecutorServiceInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.base");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("java.util.concurrent.AbstractExecutorService");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String wrapRunnable = getClass().getPackageName() + ".WrapRunnableAdvice";
        String wrapCallable = getClass().getPackageName() + ".WrapCallableAdvice";
        String advice = getClass().getName();
        // the advice is chosen by the declared type: a task may be both a Runnable and a Callable
        transformer.applyAdvice(named("submit").and(takesArgument(0, Runnable.class)), wrapRunnable);
        transformer.applyAdvice(named("submit").and(takesArgument(0, Callable.class)), wrapCallable);
        transformer.applyAdvice(namedOneOf("invokeAll", "invokeAny").and(takesArgument(0, Collection.class)),
                advice + "$InvokeAdvice");
    }

    public static final class InvokeAdvice {
        private InvokeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        @SuppressWarnings({"rawtypes", "unchecked"})
        public static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Collection tasks) {
            tasks = TaskContexts.wrapAll(tasks);
        }
    }
}
