package io.eventweave.agent.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.agent.instrumentation.TypeInstrumentation;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.PendingWait;
import io.eventweave.runtime.PolicyResult;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AtomicRateLimiter} (the default) and {@code SemaphoreBasedRateLimiter}:
 * <ul>
 *   <li>{@code acquirePermission(int)} (all decorators and {@code RateLimiter.waitForPermission} end here): true
 *       is {@code acquired}, or {@code waited} when the limiter made the caller wait (Atomic: the wait it computed
 *       in its private {@code waitForPermissionIfNecessary(timeout, nanosToWait)}; Semaphore: fewer permits were
 *       available at entry than asked), false is {@code rejected}; {@code rate_limiter.wait} is the time spent;</li>
 *   <li>{@code reservePermission(int)} (Atomic): 0 acquired, &gt; 0 the nanoseconds the caller must wait
 *       ({@code waited}), -1 rejected.</li>
 * </ul>
 */
public final class RateLimiterInstrumentation implements TypeInstrumentation {
    static final String ATOMIC = "io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter";

    @Override
    public String name() {
        return Resilience4j.NAME;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return namedOneOf(ATOMIC, "io.github.resilience4j.ratelimiter.internal.SemaphoreBasedRateLimiter");
    }

    @Override
    public List<ElementMatcher<? super MethodDescription>> requiredMethods() {
        return List.of(named("acquirePermission").and(takesArguments(int.class)));
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice advice) {
        return advice
                .advice(named("acquirePermission").and(takesArguments(int.class)), AcquireAdvice.class.getName())
                .advice(named("reservePermission").and(takesArguments(int.class)), ReserveAdvice.class.getName())
                .advice(named("waitForPermissionIfNecessary").and(takesArguments(long.class, long.class)),
                        WaitAdvice.class.getName());
    }

    public static final class AcquireAdvice {
        private AcquireAdvice() {
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
            PolicyEvents.rateLimiterAcquire(Resilience4j.NAME, limiter.getName(), result, permits,
                    result == PolicyResult.ACQUIRED ? -1 : end - start, start, end);
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
        public static void exit(@Advice.This RateLimiter limiter, @Advice.Argument(0) int permits,
                @Advice.Return long nanosToWait, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (start < 0 || thrown != null) {
                return;
            }
            PolicyResult result = nanosToWait < 0 ? PolicyResult.REJECTED
                    : nanosToWait > 0 ? PolicyResult.WAITED : PolicyResult.ACQUIRED;
            PolicyEvents.rateLimiterAcquire(Resilience4j.NAME, limiter.getName(), result, permits,
                    nanosToWait > 0 ? nanosToWait : -1, start, System.nanoTime());
        }
    }

    /** Atomic only: the wait the limiter computed for this acquisition (0 when a permit was free). */
    public static final class WaitAdvice {
        private WaitAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(1) long nanosToWait) {
            PendingWait.set(nanosToWait);
        }
    }
}
