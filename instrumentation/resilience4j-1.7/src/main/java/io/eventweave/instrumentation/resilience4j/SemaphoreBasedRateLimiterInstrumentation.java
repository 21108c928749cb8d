package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code SemaphoreBasedRateLimiter}: {@code acquirePermission(int)} as for the Atomic limiter, except that
 * {@code waited} means fewer permits were available at entry than asked ({@link RateLimiterAcquireAdvice});
 * {@code reservePermission(int)} ({@link RateLimiterReserveAdvice}).
 */
public final class SemaphoreBasedRateLimiterInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.ratelimiter.internal.SemaphoreBasedRateLimiter");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getPackageName();
        transformer.applyAdvice(named("acquirePermission").and(takesArguments(int.class)),
                advice + ".RateLimiterAcquireAdvice");
        transformer.applyAdvice(named("reservePermission").and(takesArguments(int.class)),
                advice + ".RateLimiterReserveAdvice");
    }
}
