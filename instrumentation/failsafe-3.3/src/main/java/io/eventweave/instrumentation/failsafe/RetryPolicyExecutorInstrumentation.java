package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.failsafe.ExecutionContext;
import dev.failsafe.spi.ExecutionResult;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.PolicyResult;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A failed attempt goes through {@code RetryPolicyExecutor.onFailure(context, result)}, whose returned result says
 * whether it will be retried (with the delay) or the policy gave up ({@code exhausted}).
 */
public final class RetryPolicyExecutorInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.internal.RetryPolicyExecutor");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("onFailure").and(takesArguments(2)), getClass().getName() + "$RetryAdvice");
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
            PolicyEvents.retryAttempt(FailsafeModule.NAME, InstanceNames.of(policy), context.getAttemptCount(),
                    willRetry ? PolicyResult.WILL_RETRY : PolicyResult.EXHAUSTED, willRetry ? next.getDelay() : -1,
                    failure);
        }
    }
}
