package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.PolicyResult;
import io.eventweave.runtime.resilience.PendingRetry;
import io.github.resilience4j.retry.Retry;
import java.util.function.Supplier;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code RetryImpl}'s private {@code publishRetryEvent(Supplier<RetryEvent>)}, where the sync and async contexts
 * report each event to the library's consumers: here the ones that follow the contexts' call of their interval
 * function, whose wait {@link PendingRetry} noted a moment before (a retry, or with a negative wait since 2.2.0 the
 * retries given up). The supplier, which would build the library's event object, is never called; the contexts'
 * own advice ({@link RetryContextImplInstrumentation}, {@link RetryAsyncContextImplInstrumentation}) reports the other
 * events. Reporting here, where the library publishes, puts a retry's event before the sync context's sleep and
 * leaves out the events the library does not publish (the async context's retries of a result before 2.2.0).
 *
 * <p>A negative wait (checked on 1.7.1, 2.1.0, 2.2.0, 2.4.0): up to 2.1.x the library publishes a retry with that
 * wait; since 2.2.0 (its "do not retry if IntervalFunction returns interval less than 0") it publishes the retries
 * exhausted instead, except for a result of the async context, still a retry. That release also added the field
 * {@code totalAttemptsCounter}, which tells the versions apart here.
 */
public final class RetryImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.retry.internal.RetryImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        ElementMatcher.Junction<MethodDescription> publish = named("publishRetryEvent")
                .and(takesArguments(Supplier.class));
        ElementMatcher.Junction<MethodDescription> since220 = isDeclaredBy(declaresField(named("totalAttemptsCounter")));
        transformer.applyAdvice(publish, getClass().getName() + "$PublishAdvice");
        // the two rules for a negative wait: 2.2.0 and later, and before (which lack totalAttemptsCounter)
        transformer.applyAdviceIfPresent(publish.and(since220), getClass().getName() + "$NegativeWaitGivesUpAdvice");
        transformer.applyAdviceIfPresent(publish.and(not(since220)),
                getClass().getName() + "$NegativeWaitRetriesAdvice");
    }

    /** A retry: the wait noted is not negative, or the decision retries whatever it is. */
    public static final class PublishAdvice {
        private PublishAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Retry retry) {
            PendingRetry note = PendingRetry.current();
            if (note.hasInterval() && (note.intervalMillis() >= 0 || !note.negativeStops())) {
                note.report(Resilience4jModule.NAME, retry.getName(), PolicyResult.WILL_RETRY);
            }
        }
    }

    /** 2.2.0 and later: a negative wait where the decision gives up on one publishes the retries exhausted. */
    public static final class NegativeWaitGivesUpAdvice {
        private NegativeWaitGivesUpAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Retry retry) {
            PendingRetry note = PendingRetry.current();
            if (note.hasInterval() && note.intervalMillis() < 0 && note.negativeStops()) {
                note.report(Resilience4jModule.NAME, retry.getName(), PolicyResult.EXHAUSTED);
            }
        }
    }

    /** Before 2.2.0: every negative wait publishes a retry with that wait. */
    public static final class NegativeWaitRetriesAdvice {
        private NegativeWaitRetriesAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Retry retry) {
            PendingRetry note = PendingRetry.current();
            if (note.hasInterval() && note.intervalMillis() < 0 && note.negativeStops()) {
                note.report(Resilience4jModule.NAME, retry.getName(), PolicyResult.WILL_RETRY);
            }
        }
    }
}
