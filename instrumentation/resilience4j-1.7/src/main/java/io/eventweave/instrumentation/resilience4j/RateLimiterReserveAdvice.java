package io.eventweave.instrumentation.resilience4j;

import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.github.resilience4j.ratelimiter.RateLimiter;
import net.bytebuddy.asm.Advice;

/** {@code reservePermission(int)}: 0 acquired, &gt; 0 the nanoseconds the caller must wait, -1 rejected. */
public final class RateLimiterReserveAdvice {
    private RateLimiterReserveAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@Advice.Local("ewDepth") CallDepth depth) {
        depth = CallDepth.forClass(RateLimiter.class);
        return depth.getAndIncrement() == 0 ? System.nanoTime() : -1;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.This RateLimiter limiter, @Advice.Argument(0) int permits,
            @Advice.Return long nanosToWait, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
        depth.decrementAndGet();
        if (start < 0 || thrown != null) {
            return;
        }
        PolicyEvents.rateLimiterReserved(Resilience4jModule.NAME, limiter.getName(), permits, nanosToWait, start,
                System.nanoTime());
    }
}
