package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.PolicyEvents;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.util.concurrent.TimeoutException;
import net.bytebuddy.asm.Advice;

/**
 * {@code TimeLimiterImpl}, the only implementation of {@code TimeLimiter} (1.7.1 and 2.4.0, javap): its public
 * {@code onError(Throwable)} is where every way of calling the limiter reports a failure, and it takes a
 * {@code TimeoutException} as the limiter's timeout (its private {@code onTimeout()}, which publishes the library's
 * timeout event only when the event publisher has consumers: so not that). The futures API calls it from
 * {@code decorateFutureSupplier} when {@code future.get(limit)} timed out, on the caller's thread; the completion
 * stages from the stage completed by the limiter's scheduled timeout, on the scheduler's thread; resilience4j-reactor's
 * {@code TimeLimiterOperator} from {@code doOnError} with Reactor's own {@code timeout}.
 */
public final class TimeLimiterImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.timelimiter.internal.TimeLimiterImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("onError").and(takesArguments(Throwable.class)),
                getClass().getName() + "$ErrorAdvice");
    }

    public static final class ErrorAdvice {
        private ErrorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This TimeLimiter limiter, @Advice.Argument(0) Throwable failure) {
            if (failure instanceof TimeoutException) {
                PolicyEvents.timeLimiterTimeout(Resilience4jModule.NAME, limiter.getName(),
                        limiter.getTimeLimiterConfig().getTimeoutDuration().toNanos(), failure);
            }
        }
    }
}
