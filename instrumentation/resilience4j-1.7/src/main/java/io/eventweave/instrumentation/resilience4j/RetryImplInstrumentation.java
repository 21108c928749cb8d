package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.PolicyResult;
import io.github.resilience4j.retry.event.RetryEvent;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import java.util.function.Supplier;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code RetryImpl}'s private {@code publishRetryEvent(Supplier<RetryEvent>)}: the one place the sync and async
 * contexts report a retry ({@code RETRY}: will_retry, with the wait before the next attempt), the final failure
 * ({@code ERROR}: exhausted) and a success after retries ({@code SUCCESS}: succeeded). The supplier builds the
 * library's own event object (side-effect free); ignored errors are not reported.
 */
public final class RetryImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.retry.internal.RetryImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("publishRetryEvent").and(takesArguments(1)),
                getClass().getName() + "$PublishAdvice");
    }

    public static final class PublishAdvice {
        private PublishAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Supplier<RetryEvent> supplier) {
            RetryEvent event = supplier.get();
            RetryEvent.Type type = event.getEventType();
            PolicyResult result = type == RetryEvent.Type.RETRY ? PolicyResult.WILL_RETRY
                    : type == RetryEvent.Type.ERROR ? PolicyResult.EXHAUSTED
                    : type == RetryEvent.Type.SUCCESS ? PolicyResult.SUCCEEDED : null;
            if (result == null) {
                return; // IGNORED_ERROR: not a retry
            }
            long wait = event instanceof RetryOnRetryEvent ? ((RetryOnRetryEvent) event).getWaitInterval().toNanos() : -1;
            Throwable failure = event.getLastThrowable();
            PolicyEvents.retryAttempt(Resilience4jModule.NAME, event.getName(), event.getNumberOfRetryAttempts(), result, wait,
                    failure);
        }
    }
}
