package io.eventweave.agent.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.RateLimiter;
import io.eventweave.agent.instrumentation.TypeInstrumentation;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyResult;
import java.time.Duration;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Failsafe 3.3 policies ({@code dev.failsafe.internal.*Impl}, same signatures in 3.3.0 and 3.3.2). Policies have no
 * names: each is named by the application line that built it (constructor). Hooks:
 * <ul>
 *   <li>{@code CircuitBreakerImpl.transitionTo(State, listener, context)}: every transition (no-op when the state
 *       does not change), failure rate read before it;</li>
 *   <li>{@code FallbackImpl.apply(result, exception, context)}: a fallback, with the failure that triggered it;</li>
 *   <li>{@code RateLimiterImpl.reservePermits(int, Duration)} (the funnel of {@code tryAcquirePermit(s)} and of the
 *       executor: wait nanos, -1 rejected) and {@code reservePermits(int)} (behind {@code acquirePermit(s)}).</li>
 * </ul>
 */
public final class FailsafePolicyInstrumentation implements TypeInstrumentation {
    static final String NAME = "failsafe";
    static final String LIBRARY = "dev.failsafe.";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return namedOneOf("dev.failsafe.internal.CircuitBreakerImpl", "dev.failsafe.internal.RetryPolicyImpl",
                "dev.failsafe.internal.FallbackImpl", "dev.failsafe.internal.RateLimiterImpl");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice advice) {
        return advice
                .advice(isConstructor(), CreatedAdvice.class.getName())
                .advice(named("transitionTo").and(takesArguments(3)), TransitionAdvice.class.getName())
                .advice(named("apply").and(takesArguments(3)).and(takesArgument(1, Throwable.class)),
                        FallbackAdvice.class.getName())
                .advice(named("reservePermits").and(takesArguments(int.class, Duration.class)),
                        TryReserveAdvice.class.getName())
                .advice(named("reservePermits").and(takesArguments(int.class)), ReserveAdvice.class.getName());
    }

    public static final class CreatedAdvice {
        private CreatedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object policy) {
            InstanceNames.created(policy, LIBRARY);
        }
    }

    public static final class TransitionAdvice {
        private TransitionAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This CircuitBreaker<?> breaker, @Advice.Local("ewFrom") CircuitBreaker.State from,
                @Advice.Local("ewRate") int failureRate) {
            from = breaker.getState();
            failureRate = breaker.getFailureRate();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This CircuitBreaker<?> breaker, @Advice.Local("ewFrom") CircuitBreaker.State from,
                @Advice.Local("ewRate") int failureRate) {
            CircuitBreaker.State to = breaker.getState();
            if (from != null && to != from) {
                PolicyEvents.circuitBreakerStateChange(NAME, InstanceNames.of(breaker), from.name(), to.name(), failureRate);
            }
        }
    }

    public static final class FallbackAdvice {
        private FallbackAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object fallback, @Advice.Argument(1) Throwable trigger,
                @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
            PolicyEvents.fallbackInvoke(NAME, InstanceNames.of(fallback), trigger,
                    thrown == null, start, System.nanoTime());
        }
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
                PolicyResult result = waitNanos < 0 ? PolicyResult.REJECTED
                        : waitNanos > 0 ? PolicyResult.WAITED : PolicyResult.ACQUIRED;
                PolicyEvents.rateLimiterAcquire(NAME, InstanceNames.of(limiter), result, permits,
                        waitNanos > 0 ? waitNanos : -1, start, System.nanoTime());
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
                long waitNanos = wait.toNanos();
                PolicyEvents.rateLimiterAcquire(NAME, InstanceNames.of(limiter),
                        waitNanos > 0 ? PolicyResult.WAITED : PolicyResult.ACQUIRED, permits,
                        waitNanos > 0 ? waitNanos : -1, start, System.nanoTime());
            }
        }
    }
}
