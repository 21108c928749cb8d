package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.resilience.GuardStack;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code CircuitBreakerStateMachine} (the only {@code CircuitBreaker} implementation):
 * <ul>
 *   <li>{@code private publishStateTransitionEvent(StateTransition)}: every transition, automatic or forced, and
 *       {@code reset()} — the method the library itself publishes transitions from (whether or not anyone listens),
 *       after the state was swapped;</li>
 *   <li>{@code tryAcquirePermission()} returning false and {@code acquirePermission()} throwing: a call not permitted
 *       (public methods: exactly once per rejected call, unlike the private publisher that can fire twice in the
 *       OPEN → HALF_OPEN race).</li>
 * </ul>
 * Only getters without side effects are read ({@code getName}, {@code getState}, {@code getMetrics().getFailureRate}).
 */
public final class CircuitBreakerStateMachineInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("publishStateTransitionEvent").and(takesArguments(1)),
                advice + "$TransitionAdvice");
        transformer.applyAdvice(named("tryAcquirePermission").and(takesArguments(0)), advice + "$TryAcquireAdvice");
        transformer.applyAdvice(named("acquirePermission").and(takesArguments(0)), advice + "$AcquireAdvice");
    }

    public static final class TransitionAdvice {
        private TransitionAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This CircuitBreaker breaker,
                @Advice.Argument(0) CircuitBreaker.StateTransition transition) {
            CircuitBreaker.State from = transition.getFromState();
            CircuitBreaker.State to = transition.getToState();
            if (from != to) { // same-state "transitions" are not published by the library either
                PolicyEvents.circuitBreakerStateChange(Resilience4jModule.NAME, breaker.getName(), from.name(), to.name(),
                        breaker.getMetrics().getFailureRate());
            }
        }
    }

    /**
     * Exit only, and nothing but a test of the result on the permitted path: this runs on every call through a closed
     * breaker. No nesting guard is needed: neither public method calls the other (both go to the current state
     * object), so each rejected call is seen exactly once.
     */
    public static final class TryAcquireAdvice {
        private TryAcquireAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This CircuitBreaker breaker, @Advice.Return boolean permitted) {
            if (!permitted) {
                PolicyEvents.circuitBreakerRejected(Resilience4jModule.NAME, breaker.getName(), breaker.getState().name());
            } else {
                GuardStack.breakerPermitted(breaker, breaker.getName(), breaker.getState().name());
            }
        }
    }

    public static final class AcquireAdvice {
        private AcquireAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This CircuitBreaker breaker, @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                PolicyEvents.circuitBreakerRejected(Resilience4jModule.NAME, breaker.getName(), breaker.getState().name());
            } else {
                GuardStack.breakerPermitted(breaker, breaker.getName(), breaker.getState().name());
            }
        }
    }
}
