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
 * A rejected call is the construction of {@code CircuitBreakerOpenException(breaker)}: the breaker's executor builds
 * it exactly when it refuses a call.
 */
public final class CircuitBreakerOpenExceptionInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.CircuitBreakerOpenException");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isConstructor().and(takesArguments(1)), getClass().getName() + "$RejectedAdvice");
    }

    public static final class RejectedAdvice {
        private RejectedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) CircuitBreaker<?> breaker) {
            PolicyEvents.circuitBreakerRejected(FailsafeModule.NAME, InstanceNames.of(breaker),
                    breaker.getState().name());
        }
    }
}
