package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.failsafe.RateLimiter;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.resilience.GuardStack;
import java.time.Duration;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code RateLimiterImpl.reservePermits(int, Duration)} (the funnel of {@code tryAcquirePermit(s)} and of the
 * executor: wait nanos, -1 rejected) and {@code reservePermits(int)} (behind {@code acquirePermit(s)}). The limiter is
 * named by the application line that built it.
 */
public final class RateLimiterImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.internal.RateLimiterImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(isConstructor(), getClass().getPackageName() + ".PolicyCreatedAdvice");
        transformer.applyAdvice(named("reservePermits").and(takesArguments(int.class, Duration.class)),
                advice + "$TryReserveAdvice");
        transformer.applyAdvice(named("reservePermits").and(takesArguments(int.class)), advice + "$ReserveAdvice");
    }

    public static final class TryReserveAdvice {
        private TryReserveAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(RateLimiter.class);
            return depth.getAndIncrement() == 0 ? System.nanoTime() : -1;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object limiter, @Advice.Argument(0) int permits,
                @Advice.Return long waitNanos, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (start >= 0 && thrown == null) {
                PolicyEvents.rateLimiterReserved(FailsafeModule.NAME, InstanceNames.of(limiter), permits, waitNanos,
                        start, System.nanoTime());
                if (waitNanos >= 0) { // the executor's permit: the attempt runs after this wait
                    GuardStack.limiterPermitted(limiter, null, waitNanos);
                }
            }
        }
    }

    public static final class ReserveAdvice {
        private ReserveAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(RateLimiter.class);
            return depth.getAndIncrement() == 0 ? System.nanoTime() : -1;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object limiter, @Advice.Argument(0) int permits,
                @Advice.Return Duration wait, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (start >= 0 && thrown == null && wait != null) {
                PolicyEvents.rateLimiterReserved(FailsafeModule.NAME, InstanceNames.of(limiter), permits,
                        wait.toNanos(), start, System.nanoTime());
            }
        }
    }
}
