package io.eventweave.agent.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.agent.instrumentation.TypeInstrumentation;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Rejected calls of {@code SemaphoreBulkhead} ({@code tryAcquirePermission()} returning false; its
 * {@code acquirePermission()} goes through it) and {@code FixedThreadPoolBulkhead} ({@code submit} throwing
 * {@code BulkheadFullException}).
 */
public final class BulkheadInstrumentation implements TypeInstrumentation {
    static final String SEMAPHORE = "io.github.resilience4j.bulkhead.internal.SemaphoreBulkhead";
    static final String THREAD_POOL = "io.github.resilience4j.bulkhead.internal.FixedThreadPoolBulkhead";

    @Override
    public String name() {
        return Resilience4j.NAME;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return namedOneOf(SEMAPHORE, THREAD_POOL);
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice advice) {
        return advice
                .advice(named("tryAcquirePermission").and(takesArguments(0)), SemaphoreAdvice.class.getName())
                .advice(named("submit").and(takesArguments(1)).and(not(isBridge())), ThreadPoolAdvice.class.getName());
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
                PolicyEvents.bulkheadRejected(Resilience4j.NAME, bulkhead.getName());
            }
        }
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
                PolicyEvents.bulkheadRejected(Resilience4j.NAME, bulkhead.getName());
            }
        }
    }
}
