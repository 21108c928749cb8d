package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.resilience.GuardStack;
import io.github.resilience4j.bulkhead.Bulkhead;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Rejected calls of {@code SemaphoreBulkhead}: {@code tryAcquirePermission()} returning false (its
 * {@code acquirePermission()} goes through it).
 */
public final class SemaphoreBulkheadInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.bulkhead.internal.SemaphoreBulkhead");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("tryAcquirePermission").and(takesArguments(0)),
                getClass().getName() + "$SemaphoreAdvice");
    }

    public static final class SemaphoreAdvice {
        private SemaphoreAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(Bulkhead.class);
            return depth.getAndIncrement() == 0;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Bulkhead bulkhead, @Advice.Enter boolean outer,
                @Advice.Return boolean permitted, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (outer && !permitted) {
                PolicyEvents.bulkheadRejected(Resilience4jModule.NAME, bulkhead.getName());
            } else if (outer) {
                GuardStack.bulkheadPermitted(bulkhead, bulkhead.getName());
            }
        }
    }
}
