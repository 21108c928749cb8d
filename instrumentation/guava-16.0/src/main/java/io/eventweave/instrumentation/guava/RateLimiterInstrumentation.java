package io.eventweave.instrumentation.guava;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.google.common.util.concurrent.RateLimiter;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyResult;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Guava's {@code RateLimiter} (16.0 to 33.x, same signatures): {@code acquire(int)} (which {@code acquire()} calls)
 * returns the seconds it slept — {@code waited} with that wait, or {@code acquired} when 0; every {@code tryAcquire}
 * overload ends in {@code tryAcquire(int, long, TimeUnit)} — {@code acquired} or {@code rejected}. Limiters have no
 * name: the allocation site recorded when a public {@code create} returns ({@link InstanceNames}).
 */
public final class RateLimiterInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("com.google.common.util.concurrent.RateLimiter");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(named("create").and(isStatic()).and(isPublic()), advice + "$CreateAdvice");
        transformer.applyAdvice(named("acquire").and(takesArguments(int.class)), advice + "$AcquireAdvice");
        transformer.applyAdvice(named("tryAcquire").and(takesArguments(int.class, long.class, TimeUnit.class)),
                advice + "$TryAcquireAdvice");
    }

    public static final class CreateAdvice {
        private CreateAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return RateLimiter limiter) {
            InstanceNames.created(limiter, "com.google.common.");
        }
    }

    public static final class AcquireAdvice {
        private AcquireAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(RateLimiter.class);
            return depth.getAndIncrement() == 0 ? System.nanoTime() : -1;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This RateLimiter limiter, @Advice.Argument(0) int permits,
                @Advice.Return double sleptSeconds, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (start < 0 || thrown != null) {
                return;
            }
            boolean waited = sleptSeconds > 0;
            PolicyEvents.rateLimiterAcquire(GuavaModule.NAME, InstanceNames.of(limiter),
                    waited ? PolicyResult.WAITED : PolicyResult.ACQUIRED, permits,
                    waited ? (long) (sleptSeconds * 1e9) : -1, start, System.nanoTime());
        }
    }

    public static final class TryAcquireAdvice {
        private TryAcquireAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(RateLimiter.class);
            return depth.getAndIncrement() == 0 ? System.nanoTime() : -1;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This RateLimiter limiter, @Advice.Argument(0) int permits,
                @Advice.Return boolean acquired, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (start < 0 || thrown != null) {
                return;
            }
            PolicyEvents.rateLimiterAcquire(GuavaModule.NAME, InstanceNames.of(limiter),
                    acquired ? PolicyResult.ACQUIRED : PolicyResult.REJECTED, permits, -1, start,
                    System.nanoTime());
        }
    }
}
