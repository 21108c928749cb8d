package io.eventweave.instrumentation.jdkconcurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ScheduledThreadPoolExecutor}'s {@code schedule} (a {@code Runnable} or a {@code Callable}),
 * {@code scheduleAtFixedRate} and {@code scheduleWithFixedDelay} (JDK 17 to 25; its {@code execute} and
 * {@code submit} call {@code schedule}): the task is wrapped before the executor makes its own
 * {@code ScheduledFutureTask} of it, which is what the application gets back and what the queue holds. A periodic
 * task runs every time in the context it was scheduled from.
 */
public final class ScheduledThreadPoolExecutorInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.base");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("java.util.concurrent.ScheduledThreadPoolExecutor");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String wrapRunnable = getClass().getPackageName() + ".WrapRunnableAdvice";
        String wrapCallable = getClass().getPackageName() + ".WrapCallableAdvice";
        String advice = getClass().getName();
        // chosen by the declared type: a task may be both a Runnable and a Callable
        transformer.applyAdvice(namedOneOf("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay")
                .and(takesArgument(0, Runnable.class)), wrapRunnable);
        transformer.applyAdvice(named("schedule").and(takesArgument(0, Callable.class)), wrapCallable);
    }
}
