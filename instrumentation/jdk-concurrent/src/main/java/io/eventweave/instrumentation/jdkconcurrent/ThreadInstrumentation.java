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
 * {@code java.lang.Thread} (JDK 17 and 25): {@code start()} notes the starting thread's context for the new thread
 * (not for pools' workers: {@link TaskContexts#threadStarting}), and {@code run()} — what a platform thread runs,
 * unless a subclass overrides it without calling it — attaches it on the new thread. A virtual thread never calls these:
 * {@link VirtualThreadInstrumentation}.
 */
public final class ThreadInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.base");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("java.lang.Thread");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("start").and(takesArguments(0)), advice + "$StartAdvice");
        transformer.applyAdvice(named("run").and(takesArguments(0)), advice + "$RunAdvice");
    }

    public static final class StartAdvice {
        private StartAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Thread thread) {
            TaskContexts.threadStarting(thread);
        }
    }

    public static final class RunAdvice {
        private RunAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static TraceContext enter(@Advice.This Thread thread) {
            return Trace.beginScope(thread == Thread.currentThread() ? TaskContexts.of(thread) : null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter TraceContext scope) {
            Trace.endScope(scope);
        }
    }
}
