package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.resilience.FailsafeGuardedCall;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code FailsafeExecutor}'s private {@code call(ContextualSupplier)} (every sync {@code get}/{@code run}),
 * {@code callSync(ContextualSupplier)} ({@code newCall}) and {@code callAsync(Function, boolean)} (every async one),
 * the same in 3.3.0 and 3.3.2 (javap): while they build the execution, the executor's {@code policies} are noted for
 * {@link FunctionsInstrumentation}. A sync {@code call} on a thread with no trace context starts a trace for as long
 * as it runs, so its policies' events, the HTTP requests of its attempts and its fallback share a trace id.
 */
public final class FailsafeExecutorInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.FailsafeExecutor");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("call").and(takesArguments(1)), advice + "$CallAdvice");
        transformer.applyAdvice(namedOneOf("callSync", "callAsync"), advice + "$BuildAdvice");
    }

    public static final class CallAdvice {
        private CallAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter(@Advice.FieldValue("policies") List<?> policies) {
            FailsafeGuardedCall.executorCalled(policies);
            return Trace.startTraceIfNone();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter boolean started) {
            FailsafeGuardedCall.executorReturned();
            if (started) {
                Trace.restore(null);
            }
        }
    }

    public static final class BuildAdvice {
        private BuildAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("policies") List<?> policies) {
            FailsafeGuardedCall.executorCalled(policies);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit() {
            FailsafeGuardedCall.executorReturned();
        }
    }
}
