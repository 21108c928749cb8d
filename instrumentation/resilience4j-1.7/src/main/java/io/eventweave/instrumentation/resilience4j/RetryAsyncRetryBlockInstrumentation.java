package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.resilience.GuardStack;
import net.bytebuddy.asm.Advice;

/**
 * {@code Retry$AsyncRetryBlock.run()}: one attempt of an async retry ({@code Retry.decorateCompletionStage}), the
 * first on the caller's thread, each later one on the retry's scheduler; it calls the application's supplier. Its
 * per-call context ({@code retryContext}, a {@code RetryImpl$AsyncContextImpl}) numbers the attempt for the
 * {@link GuardStack} (the same class and fields in 1.7.1 and 2.4.0, javap).
 */
public final class RetryAsyncRetryBlockInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.retry.Retry$AsyncRetryBlock");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("run").and(takesArguments(0)), getClass().getName() + "$RunAdvice");
    }

    public static final class RunAdvice {
        private RunAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("retryContext") Object retryContext) {
            GuardStack.asyncRetryAttempt(retryContext);
        }
    }
}
