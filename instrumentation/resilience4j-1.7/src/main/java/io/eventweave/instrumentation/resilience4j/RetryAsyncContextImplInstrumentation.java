package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.resilience.PendingRetry;
import io.github.resilience4j.retry.MaxRetriesExceeded;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import net.bytebuddy.asm.Advice;

/**
 * {@code RetryImpl$AsyncContextImpl}, the context of {@code Retry.executeCompletionStage} and the reactive operators
 * (the same methods and fields from 1.7.1 to 2.4.0, checked with javap; its outer {@code RetryImpl} is the field
 * {@code this$0}). It computes a wait and returns it for the caller to schedule the next attempt:
 * <ul>
 *   <li>{@code handleOnError(Throwable)} decides on a failure the retry's predicate accepted ({@code onError} unwraps
 *       a {@code CompletionException} first; a failure it ignores never gets here and is no {@code retry.attempt}),
 *       {@code onResult(T)} on a result; each opens a {@link PendingRetry} note with it, and their
 *       {@code intervalBiFunction.apply(...)} is replaced by {@link PendingRetry#interval}. {@code publishRetryEvent}
 *       reports the retry ({@link RetryImplInstrumentation}); {@code onResult} publishes none before 2.2.0, and then
 *       nothing is reported either. A negative wait of {@code onResult} is a retry in every version.</li>
 *   <li>The last attempt's failure: {@code handleOnError} finds the attempts used up and publishes the retries
 *       exhausted ({@link RetryDecisionAdvice.FailureExit}).</li>
 *   <li>{@code onComplete()} (1.7.x's deprecated {@code onSuccess()} calls it): a success after retries, or retries on
 *       results used up, with the last failure or the library's {@code MaxRetriesExceeded}.</li>
 *   <li>{@code onError(Throwable)} returns -1 without calling {@code handleOnError} for a failure the retry's
 *       predicate rejects (after unwrapping a {@code CompletionException} or {@code ExecutionException}; 1.7.1 and
 *       2.4.0, javap): a {@code retry.attempt} with result {@code ignored} ({@link IgnoredErrorAdvice}).</li>
 * </ul>
 */
public final class RetryAsyncContextImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.retry.internal.RetryImpl$AsyncContextImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String decision = getClass().getPackageName() + ".RetryDecisionAdvice";
        transformer.applyAdvice(named("handleOnError").and(takesArguments(Throwable.class)),
                getClass().getName() + "$ErrorAdvice", decision + "$FailureExit");
        transformer.applyAdvice(named("onResult").and(takesArguments(1)), getClass().getName() + "$ResultAdvice",
                decision + "$ResultExit");
        transformer.applyAdvice(named("onComplete").and(takesArguments(0)), getClass().getName() + "$CompleteAdvice");
        transformer.applyAdvice(named("onError").and(takesArguments(Throwable.class)),
                getClass().getName() + "$IgnoredErrorAdvice");
        // the interval function is their one BiFunction.apply call
        transformer.substituteCall(named("handleOnError").and(takesArguments(Throwable.class))
                        .or(named("onResult").and(takesArguments(1))),
                named("apply").and(takesArguments(2)).and(isDeclaredBy(BiFunction.class)),
                PendingRetry.class.getName(), "interval");
    }

    public static final class ErrorAdvice {
        private ErrorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Throwable failure) {
            PendingRetry.current().open(failure, true);
        }
    }

    /** {@code onError} returned a negative delay without opening a decision: the predicate ignored the failure. */
    public static final class IgnoredErrorAdvice {
        private IgnoredErrorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static int enter() {
            return PendingRetry.current().opened();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Enter int opened, @Advice.Return long delay,
                @Advice.Argument(0) Throwable failure, @Advice.FieldValue("this$0") Retry retry,
                @Advice.FieldValue("numOfAttempts") AtomicInteger numOfAttempts) {
            if (delay < 0 && PendingRetry.current().opened() == opened) {
                Throwable cause = (failure instanceof CompletionException || failure instanceof ExecutionException)
                        && failure.getCause() != null ? failure.getCause() : failure;
                PolicyEvents.retryIgnored(Resilience4jModule.NAME, retry.getName(), numOfAttempts.get(), cause);
            }
        }
    }

    /** A result: no failure, and a retry whatever the wait (2.2.0 and later publish a retry even for a negative one). */
    public static final class ResultAdvice {
        private ResultAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter() {
            PendingRetry.current().open(null, false);
        }
    }

    /**
     * As {@code onComplete} reads them on entry: attempts made, {@code maxAttempts} and {@code failAfterMaxAttempts}
     * (copied from the {@code RetryConfig}), the last failure.
     */
    public static final class CompleteAdvice {
        private CompleteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("this$0") Retry retry,
                @Advice.FieldValue("numOfAttempts") AtomicInteger numOfAttempts,
                @Advice.FieldValue("lastException") AtomicReference<Throwable> lastException) {
            RetryConfig config = retry.getRetryConfig();
            Throwable last = lastException.get();
            PolicyEvents.retryCompleted(Resilience4jModule.NAME, retry.getName(), numOfAttempts.get(),
                    config.getMaxAttempts(), last == null || config.isFailAfterMaxAttempts() ? MaxRetriesExceeded.class
                            : last.getClass());
        }
    }
}
