package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/** Rejected calls of {@code FixedThreadPoolBulkhead}: {@code submit} throwing {@code BulkheadFullException}. */
public final class FixedThreadPoolBulkheadInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.bulkhead.internal.FixedThreadPoolBulkhead");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("submit").and(takesArguments(1)).and(not(isBridge())),
                getClass().getName() + "$ThreadPoolAdvice");
    }

    public static final class ThreadPoolAdvice {
        private ThreadPoolAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(Bulkhead.class);
            return depth.getAndIncrement() == 0;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This ThreadPoolBulkhead bulkhead, @Advice.Enter boolean outer,
                @Advice.Thrown Throwable thrown, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (outer && thrown instanceof BulkheadFullException) {
                PolicyEvents.bulkheadRejected(Resilience4jModule.NAME, bulkhead.getName());
            }
        }
    }
}
