package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.resilience.GuardStack;
import io.eventweave.runtime.resilience.PendingRetry;
import io.github.resilience4j.retry.MaxRetriesExceeded;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import net.bytebuddy.asm.Advice;

/**
 * {@code RetryImpl$ContextImpl}, the sync retry context (the same methods and fields from 1.7.1 to 2.4.0, checked
 * with javap; its outer {@code RetryImpl} is the field {@code this$0}):
 * <ul>
 *   <li>{@code throwOrSleepAfterException()} and {@code throwOrSleepAfterRuntimeException()} decide on the failure
 *       {@code onError}/{@code onRuntimeError} just stored in {@code lastException}/{@code lastRuntimeException}, and
 *       {@code onResult(T)} on a result; each opens a {@link PendingRetry} note with it. The wait is computed by
 *       {@code intervalBiFunction.apply(...)} in {@code waitIntervalAfterFailure} (1.7.x, 2.0.x) or
 *       {@code waitIntervalAfterException}/{@code waitIntervalAfterRuntimeException} (2.1.0 and later), a call
 *       replaced by {@link PendingRetry#interval}; {@code publishRetryEvent} reports the retry
 *       ({@link RetryImplInstrumentation}) before those methods sleep.</li>
 *   <li>The last attempt's failure: {@code throwOrSleepAfter*} find the attempts used up, publish the retries
 *       exhausted and throw ({@link RetryDecisionAdvice.FailureExit}).</li>
 *   <li>{@code onComplete()} (1.7.x's deprecated {@code onSuccess()} calls it): a success after retries, or retries on
 *       results used up, with the last failure or the library's {@code MaxRetriesExceeded}.</li>
 * </ul>
 * Ignored failures: {@code onError(Exception)}/{@code onRuntimeError(RuntimeException)} test the retry's predicate
 * and, when it rejects the failure, publish the library's ignored-error event and rethrow without calling
 * {@code throwOrSleepAfter*} (1.7.1 and 2.4.0, javap). So a throw out of them that opened no {@link PendingRetry}
 * decision is a {@code retry.attempt} with result {@code ignored} ({@link IgnoredErrorAdvice}).
 */
public final class RetryContextImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.retry.internal.RetryImpl$ContextImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String decision = getClass().getPackageName() + ".RetryDecisionAdvice";
        transformer.applyAdvice(named("throwOrSleepAfterException").and(takesArguments(0)),
                getClass().getName() + "$ExceptionAdvice", decision + "$FailureExit");
        transformer.applyAdvice(named("throwOrSleepAfterRuntimeException").and(takesArguments(0)),
                getClass().getName() + "$RuntimeExceptionAdvice", decision + "$FailureExit");
        transformer.applyAdvice(named("onResult").and(takesArguments(1)), getClass().getName() + "$ResultAdvice",
                decision + "$ResultExit");
        transformer.applyAdvice(named("onComplete").and(takesArguments(0)), getClass().getName() + "$CompleteAdvice");
        transformer.applyAdvice(isConstructor(), getClass().getName() + "$StartedAdvice");
        transformer.applyAdvice(named("onError").and(takesArguments(Exception.class))
                        .or(named("onRuntimeError").and(takesArguments(RuntimeException.class))),
                getClass().getName() + "$IgnoredErrorAdvice");
        // waitIntervalAfterFailure(int, Either) up to 2.0.x, waitIntervalAfterException/RuntimeException since 2.1.0:
        // the interval function is their one BiFunction.apply call
        transformer.substituteCall(nameStartsWith("waitIntervalAfter").and(takesArguments(2)),
                named("apply").and(takesArguments(2)).and(isDeclaredBy(BiFunction.class)),
                PendingRetry.class.getName(), "interval");
    }

    public static final class ExceptionAdvice {
        private ExceptionAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("lastException") AtomicReference<Exception> lastException) {
            PendingRetry.current().open(lastException.get(), true);
        }
    }

    public static final class RuntimeExceptionAdvice {
        private RuntimeExceptionAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.FieldValue("lastRuntimeException") AtomicReference<RuntimeException> lastRuntimeException) {
            PendingRetry.current().open(lastRuntimeException.get(), true);
        }
    }

    /**
     * A failure the retry's predicate rejected: {@code onError}/{@code onRuntimeError} threw it without opening a
     * decision. The attempt number is the retries made before it (the library's ignored-error event says 0).
     */
    public static final class IgnoredErrorAdvice {
        private IgnoredErrorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static int enter() {
            return PendingRetry.current().opened();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter int opened, @Advice.Thrown Throwable thrown,
                @Advice.FieldValue("this$0") Retry retry,
                @Advice.FieldValue("numOfAttempts") AtomicInteger numOfAttempts) {
            if (thrown != null && PendingRetry.current().opened() == opened) {
                PolicyEvents.retryIgnored(Resilience4jModule.NAME, retry.getName(), numOfAttempts.get(), thrown);
            }
        }
    }

    /**
     * A sync decorated call starts ({@code RetryImpl.context()} makes one context per call, on the caller's thread):
     * its attempts run on this thread, numbered from the context's count of failed attempts ({@link GuardStack}).
     */
    public static final class StartedAdvice {
        private StartedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.FieldValue("this$0") Retry retry,
                @Advice.FieldValue("numOfAttempts") AtomicInteger numOfAttempts) {
            GuardStack.retryStarted(retry, retry.getName(), numOfAttempts);
        }
    }

    /** A result: no failure; 2.2.0 and later give up on a negative wait for it as for a failure. */
    public static final class ResultAdvice {
        private ResultAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter() {
            PendingRetry.current().open(null, true);
        }
    }

    /**
     * As {@code onComplete} reads them on entry: attempts made, {@code maxAttempts} and {@code failAfterMaxAttempts}
     * (copied from the {@code RetryConfig}), the last failure, checked ones first.
     */
    public static final class CompleteAdvice {
        private CompleteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.FieldValue("this$0") Retry retry,
                @Advice.FieldValue("numOfAttempts") AtomicInteger numOfAttempts,
                @Advice.FieldValue("lastException") AtomicReference<Exception> lastException,
                @Advice.FieldValue("lastRuntimeException") AtomicReference<RuntimeException> lastRuntimeException) {
            RetryConfig config = retry.getRetryConfig();
            Throwable last = lastException.get() != null ? lastException.get() : lastRuntimeException.get();
            PolicyEvents.retryCompleted(Resilience4jModule.NAME, retry.getName(), numOfAttempts.get(),
                    config.getMaxAttempts(), last == null || config.isFailAfterMaxAttempts() ? MaxRetriesExceeded.class
                            : last.getClass());
        }
    }
}
