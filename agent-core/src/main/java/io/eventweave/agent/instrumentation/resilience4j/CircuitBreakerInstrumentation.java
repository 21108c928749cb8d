package io.eventweave.agent.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.agent.instrumentation.TypeInstrumentation;
import io.eventweave.runtime.PolicyEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
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
public final class CircuitBreakerInstrumentation implements TypeInstrumentation {
    @Override
    public String name() {
        return Resilience4j.NAME;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine");
    }

    @Override
    public List<ElementMatcher<? super MethodDescription>> requiredMethods() {
        return List.of(named("publishStateTransitionEvent").and(takesArguments(1)),
                named("tryAcquirePermission").and(takesArguments(0)),
                named("acquirePermission").and(takesArguments(0)));
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice advice) {
        return advice
                .advice(named("publishStateTransitionEvent").and(takesArguments(1)), TransitionAdvice.class.getName())
                .advice(named("tryAcquirePermission").and(takesArguments(0)), TryAcquireAdvice.class.getName())
                .advice(named("acquirePermission").and(takesArguments(0)), AcquireAdvice.class.getName());
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
                PolicyEvents.circuitBreakerStateChange(Resilience4j.NAME, breaker.getName(), from.name(), to.name(),
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
                PolicyEvents.circuitBreakerRejected(Resilience4j.NAME, breaker.getName(), breaker.getState().name());
            }
        }
    }

    public static final class AcquireAdvice {
        private AcquireAdvice() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This CircuitBreaker breaker, @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                PolicyEvents.circuitBreakerRejected(Resilience4j.NAME, breaker.getName(), breaker.getState().name());
            }
        }
    }
}
