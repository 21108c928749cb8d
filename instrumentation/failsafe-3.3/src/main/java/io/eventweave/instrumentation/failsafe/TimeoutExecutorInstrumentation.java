package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.failsafe.TimeoutConfig;
import dev.failsafe.spi.ExecutionResult;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyEvents;
import net.bytebuddy.asm.Advice;

/**
 * {@code TimeoutExecutor}, a {@code Timeout} policy's executor (3.3.0 and 3.3.2, javap): its public
 * {@code isFailure(ExecutionResult)} is true when the attempt's recorded result is the policy's
 * {@code TimeoutExceededException}, which only the timeout task that won the race for the result puts there (the
 * exception's constructor is not the hook: it runs before that race). {@code PolicyExecutor.postExecute} asks it once
 * per attempt; the policy's own {@code onFailure} listeners fire on the same answer.
 */
public final class TimeoutExecutorInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.internal.TimeoutExecutor");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("isFailure").and(takesArguments(1)), getClass().getName() + "$FailureAdvice");
    }

    public static final class FailureAdvice {
        private FailureAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return boolean timedOut, @Advice.FieldValue("policy") Object policy,
                @Advice.FieldValue("config") TimeoutConfig<?> config, @Advice.Argument(0) ExecutionResult<?> result) {
            if (timedOut) {
                PolicyEvents.timeLimiterTimeout(FailsafeModule.NAME, InstanceNames.of(policy),
                        config.getTimeout().toNanos(), result.getException());
            }
        }
    }
}
