package io.eventweave.agent.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.ExecutionContext;
import dev.failsafe.spi.ExecutionResult;
import io.eventweave.agent.instrumentation.TypeInstrumentation;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyResult;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Failsafe 3.3 executions: a rejected call is the construction of {@code CircuitBreakerOpenException(breaker)}
 * (the breaker's executor builds it exactly when it refuses a call); a failed attempt goes through
 * {@code RetryPolicyExecutor.onFailure(context, result)}, whose returned result says whether it will be retried
 * (with the delay) or the policy gave up ({@code exhausted}).
 */
public final class FailsafeExecutionInstrumentation implements TypeInstrumentation {
    @Override
    public String name() {
        return FailsafePolicyInstrumentation.NAME;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return namedOneOf("dev.failsafe.CircuitBreakerOpenException", "dev.failsafe.internal.RetryPolicyExecutor");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice advice) {
        return advice
                .advice(isConstructor().and(takesArguments(1))
                        .and(isDeclaredBy(named("dev.failsafe.CircuitBreakerOpenException"))), RejectedAdvice.class.getName())
                .advice(named("onFailure").and(takesArguments(2)), RetryAdvice.class.getName());
    }

    public static final class RejectedAdvice {
        private RejectedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(0) CircuitBreaker<?> breaker) {
            PolicyEvents.circuitBreakerRejected(FailsafePolicyInstrumentation.NAME, InstanceNames.of(breaker),
                    breaker.getState().name());
        }
    }

    public static final class RetryAdvice {
        private RetryAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.FieldValue("retryPolicy") Object policy,
                @Advice.Argument(0) ExecutionContext<?> context, @Advice.Argument(1) ExecutionResult<?> result,
                @Advice.Return ExecutionResult<?> next) {
            if (next == null) {
                return;
            }
            Throwable failure = result.getException();
            boolean willRetry = !next.isComplete();
            if (!willRetry && next.isSuccess()) {
                return;
            }
            PolicyEvents.retryAttempt(FailsafePolicyInstrumentation.NAME, InstanceNames.of(policy), context.getAttemptCount(),
                    willRetry ? PolicyResult.WILL_RETRY : PolicyResult.EXHAUSTED, willRetry ? next.getDelay() : -1,
                    failure);
        }
    }
}
