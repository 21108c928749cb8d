package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.failsafe.CircuitBreaker;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyEvents;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code CircuitBreakerImpl.transitionTo(State, listener, context)}: every transition (no-op when the state does not
 * change), failure rate read before it. The breaker is named by the application line that built it.
 */
public final class CircuitBreakerImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.internal.CircuitBreakerImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isConstructor(), getClass().getPackageName() + ".PolicyCreatedAdvice");
        transformer.applyAdvice(named("transitionTo").and(takesArguments(3)), getClass().getName() + "$TransitionAdvice");
    }

    public static final class TransitionAdvice {
        private TransitionAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This CircuitBreaker<?> breaker, @Advice.Local("ewFrom") CircuitBreaker.State from,
                @Advice.Local("ewRate") int failureRate) {
            from = breaker.getState();
            failureRate = breaker.getFailureRate();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This CircuitBreaker<?> breaker, @Advice.Local("ewFrom") CircuitBreaker.State from,
                @Advice.Local("ewRate") int failureRate) {
            CircuitBreaker.State to = breaker.getState();
            if (from != null && to != from) {
                PolicyEvents.circuitBreakerStateChange(FailsafeModule.NAME, InstanceNames.of(breaker), from.name(), to.name(), failureRate);
            }
        }
    }
}
