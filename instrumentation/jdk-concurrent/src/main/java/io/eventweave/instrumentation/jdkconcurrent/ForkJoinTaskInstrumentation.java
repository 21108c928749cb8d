package io.eventweave.instrumentation.jdkconcurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.concurrent.TaskContexts;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code ForkJoinTask} (JDK 17 and 25): {@code fork()} notes the forking thread's context for the task, and
 * {@code doExec()} — the one place a worker (or a joining thread that helps) runs a task, returning {@code int} in 17
 * and {@code void} in 25 — attaches the context noted for it while it runs and restores the thread's own after.
 */
public final class ForkJoinTaskInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.base");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("java.util.concurrent.ForkJoinTask");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("fork").and(takesArguments(0)), advice + "$ForkAdvice");
        transformer.applyAdvice(named("doExec").and(takesArguments(0)), advice + "$ExecAdvice");
    }

    public static final class ForkAdvice {
        private ForkAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object task) {
            TaskContexts.handOver(task);
        }
    }

    public static final class ExecAdvice {
        private ExecAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static TraceContext enter(@Advice.This Object task) {
            return Trace.beginScope(TaskContexts.of(task));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter TraceContext scope) {
            Trace.endScope(scope);
        }
    }
}
