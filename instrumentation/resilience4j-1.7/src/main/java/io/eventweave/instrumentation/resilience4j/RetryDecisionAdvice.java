package io.eventweave.instrumentation.resilience4j;

import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.PolicyResult;
import io.eventweave.runtime.resilience.PendingRetry;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.Advice;

/**
 * The exits of the methods of {@link RetryContextImplInstrumentation sync} and
 * {@link RetryAsyncContextImplInstrumentation async} contexts that open a {@link PendingRetry} note: both types have
 * {@code numOfAttempts} and {@code this$0}, their outer {@code RetryImpl}. Each closes the note, returning or throwing.
 */
public final class RetryDecisionAdvice {
    private RetryDecisionAdvice() {
    }

    /**
     * A failure: when this attempt used the last one up ({@code numOfAttempts} reached {@code maxAttempts}; a retry
     * needs fewer), the method published the retries exhausted with this failure and returns -1 (async) or throws it
     * (sync).
     */
    public static final class FailureExit {
        private FailureExit() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.FieldValue("this$0") Retry retry,
                @Advice.FieldValue("numOfAttempts") AtomicInteger numOfAttempts) {
            PendingRetry note = PendingRetry.current();
            Throwable failure = note.failure();
            note.close();
            int attempts = numOfAttempts.get();
            if (attempts >= retry.getRetryConfig().getMaxAttempts()) {
                PolicyEvents.retryAttempt(Resilience4jModule.NAME, retry.getName(), attempts, PolicyResult.EXHAUSTED,
                        -1, failure);
            }
        }
    }

    /** A result: the retries on results used up are reported by {@code onComplete}, which the caller calls next. */
    public static final class ResultExit {
        private ResultExit() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit() {
            PendingRetry.current().close();
        }
    }
}
