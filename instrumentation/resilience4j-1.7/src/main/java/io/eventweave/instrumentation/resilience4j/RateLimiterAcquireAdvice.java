package io.eventweave.instrumentation.resilience4j;

import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PendingWait;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.resilience.GuardStack;
import io.eventweave.runtime.PolicyResult;
import io.github.resilience4j.ratelimiter.RateLimiter;
import net.bytebuddy.asm.Advice;

/**
 * {@code acquirePermission(int)} of {@link AtomicRateLimiterInstrumentation Atomic} and
 * {@link SemaphoreBasedRateLimiterInstrumentation Semaphore} limiters: {@code waited} when the Atomic limiter computed
 * a wait, or when fewer permits were available at entry than asked (Semaphore: it computes none).
 */
public final class RateLimiterAcquireAdvice {
    private RateLimiterAcquireAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This RateLimiter limiter, @Advice.Argument(0) int permits,
            @Advice.Local("ewOuter") boolean outer, @Advice.Local("ewStart") long start,
            @Advice.Local("ewShort") boolean shortOfPermits, @Advice.Local("ewDepth") CallDepth depth) {
        depth = CallDepth.forClass(RateLimiter.class);
        outer = depth.getAndIncrement() == 0;
        if (outer) {
            PendingWait.take();
            shortOfPermits = limiter.getMetrics().getAvailablePermissions() < permits;
            start = System.nanoTime();
        }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This RateLimiter limiter, @Advice.Argument(0) int permits,
            @Advice.Return boolean acquired, @Advice.Thrown Throwable thrown,
            @Advice.Local("ewOuter") boolean outer, @Advice.Local("ewStart") long start,
            @Advice.Local("ewShort") boolean shortOfPermits, @Advice.Local("ewDepth") CallDepth depth) {
        depth.decrementAndGet();
        if (!outer || thrown != null) {
            return;
        }
        long end = System.nanoTime();
        long computedWait = PendingWait.take(); // -1 unless the Atomic limiter computed one
        boolean waited = computedWait > 0 || computedWait < 0 && shortOfPermits;
        PolicyResult result = !acquired ? PolicyResult.REJECTED : waited ? PolicyResult.WAITED : PolicyResult.ACQUIRED;
        PolicyEvents.rateLimiterAcquire(Resilience4jModule.NAME, limiter.getName(), result, permits,
                result == PolicyResult.ACQUIRED ? -1 : end - start, start, end);
        if (acquired) {
            GuardStack.limiterPermitted(limiter, limiter.getName(), result == PolicyResult.WAITED ? end - start : 0);
        }
    }
}
