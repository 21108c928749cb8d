package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.resilience.FallbackNames;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The Spring annotations' {@code fallbackMethod} ({@code @CircuitBreaker}, {@code @Retry}, {@code @RateLimiter},
 * {@code @Bulkhead}): every variant (plain, CompletionStage, Reactor, RxJava) ends in the private
 * {@code FallbackMethod.invoke(Method, Throwable)} — {@code io.github.resilience4j.spring6.fallback.FallbackMethod}
 * (spring-boot3) and {@code io.github.resilience4j.fallback.FallbackMethod} (spring-boot2, 1.7.x and 2.x). Named
 * {@code Class#method} of the fallback; the outcome is whether {@code invoke} returned (for an async fallback, that
 * it returned its stage or publisher).
 */
public final class FallbackMethodInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.spring6.fallback.FallbackMethod",
                "io.github.resilience4j.fallback.FallbackMethod");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("invoke").and(takesArguments(Method.class, Throwable.class)),
                getClass().getName() + "$InvokeAdvice");
    }

    public static final class InvokeAdvice {
        private InvokeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) Method fallback, @Advice.Argument(1) Throwable trigger,
                @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
            PolicyEvents.fallbackInvoke(Resilience4jModule.NAME, FallbackNames.of(fallback),
                    trigger, thrown == null, start, System.nanoTime());
        }
    }
}
