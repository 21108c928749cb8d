package io.eventweave.instrumentation.jdkconcurrent;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.concurrent.TaskContexts;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ForkJoinPool}'s public {@code execute}, {@code submit}, {@code invoke}, {@code invokeAll} and
 * {@code invokeAny}, and on JDK 25 its {@code schedule...} and {@code submitWithTimeout} (JDK 17 to 25; the common
 * pool too, where {@code CompletableFuture}'s async stages and parallel streams run). A {@code ForkJoinTask} (a {@code RecursiveTask}, or a {@code CompletableFuture} stage, which is one) is
 * the application's to join, so it is not wrapped: its context is noted ({@link TaskContexts}) and attached when it
 * runs ({@link ForkJoinTaskInstrumentation}). A plain {@code Runnable} or {@code Callable} is wrapped before the pool
 * adapts it into a task of its own.
 */
public final class ForkJoinPoolInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.base");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("java.util.concurrent.ForkJoinPool");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String wrapCallable = getClass().getPackageName() + ".WrapCallableAdvice";
        String advice = getClass().getName();
        // JDK 25's pool is also a ScheduledExecutorService: schedule*, submitWithTimeout take the task first too
        ElementMatcher.Junction<MethodDescription> taking = isPublic().and(namedOneOf("execute", "submit", "invoke",
                "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay", "submitWithTimeout"));
        // chosen by the declared type: a task may be a Runnable and a ForkJoinTask (CompletableFuture's), or both a
        // Runnable and a Callable
        transformer.applyAdvice(taking.and(takesArgument(0, ForkJoinTask.class)), advice + "$ForkJoinTaskAdvice");
        transformer.applyAdvice(taking.and(takesArgument(0, Runnable.class)), advice + "$RunnableAdvice");
        transformer.applyAdvice(taking.and(takesArgument(0, Callable.class)), wrapCallable);
        transformer.applyAdvice(isPublic().and(namedOneOf("invokeAll", "invokeAny"))
                .and(takesArgument(0, Collection.class)), advice + "$InvokeAdvice");
    }

    public static final class ForkJoinTaskAdvice {
        private ForkJoinTaskAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object task) {
            TaskContexts.handOver(task);
        }
    }

    public static final class RunnableAdvice {
        private RunnableAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
            task = TaskContexts.handOverOrWrap(task);
        }
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
