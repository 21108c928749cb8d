package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.PendingWait;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AtomicRateLimiter}, the default limiter:
 * <ul>
 *   <li>{@code acquirePermission(int)} (all decorators and {@code RateLimiter.waitForPermission} end here): true
 *       is {@code acquired}, or {@code waited} when the limiter made the caller wait (the wait it computed in its
 *       private {@code waitForPermissionIfNecessary(timeout, nanosToWait)}), false is {@code rejected};
 *       {@code rate_limiter.wait} is the time spent ({@link RateLimiterAcquireAdvice});</li>
 *   <li>{@code reservePermission(int)}: 0 acquired, &gt; 0 the nanoseconds the caller must wait ({@code waited}),
 *       -1 rejected ({@link RateLimiterReserveAdvice}).</li>
 * </ul>
 */
public final class AtomicRateLimiterInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getPackageName();
        transformer.applyAdvice(named("acquirePermission").and(takesArguments(int.class)),
                advice + ".RateLimiterAcquireAdvice");
        transformer.applyAdvice(named("reservePermission").and(takesArguments(int.class)),
                advice + ".RateLimiterReserveAdvice");
        transformer.applyAdvice(named("waitForPermissionIfNecessary").and(takesArguments(long.class, long.class)),
                getClass().getName() + "$WaitAdvice");
    }

    /** The wait the limiter computed for this acquisition (0 when a permit was free). */
    public static final class WaitAdvice {
        private WaitAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) long nanosToWait) {
            PendingWait.set(nanosToWait);
        }
    }
}
