package io.eventweave.instrumentation.bucket4j;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.github.bucket4j.Bucket;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyResult;
import io.github.bucket4j.ConsumptionProbe;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Bucket4j's {@code AbstractBucket} (every local bucket and the distributed proxy extend it; same signatures in 7.x
 * and 8.x): {@code tryConsume(long)} and {@code tryConsumeAndReturnRemaining(long)} are {@code acquired} or
 * {@code rejected} with the tokens as permits. Buckets have no name: the allocation site, recorded when the
 * constructor returns ({@link InstanceNames}). Blocking and scheduled consumption: {@link BucketReserveInstrumentation}.
 */
public final class AbstractBucketInstrumentation implements TypeInstrumentation {
    static final String ABSTRACT_BUCKET = "io.github.bucket4j.AbstractBucket";

    @Override
    public TypeMatch types() {
        return TypeMatch.named(ABSTRACT_BUCKET);
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(isConstructor(), advice + "$CreatedAdvice");
        transformer.applyAdvice(named("tryConsume").and(takesArguments(long.class)), advice + "$TryConsumeAdvice");
        transformer.applyAdvice(named("tryConsumeAndReturnRemaining").and(takesArguments(long.class)),
                advice + "$ProbeAdvice");
    }

    public static final class CreatedAdvice {
        private CreatedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object bucket) {
            InstanceNames.created(bucket, "io.github.bucket4j.");
        }
    }

    public static final class TryConsumeAdvice {
        private TryConsumeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(Bucket.class);
            return depth.getAndIncrement() == 0 ? System.nanoTime() : -1;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object bucket, @Advice.Argument(0) long tokens,
                @Advice.Return boolean consumed, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (start >= 0 && thrown == null) {
                PolicyEvents.rateLimiterAcquire(Bucket4jModule.NAME, InstanceNames.of(bucket),
                        consumed ? PolicyResult.ACQUIRED : PolicyResult.REJECTED,
                        (int) Math.min(Integer.MAX_VALUE, tokens), -1, start, System.nanoTime());
            }
        }
    }

    public static final class ProbeAdvice {
        private ProbeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(Bucket.class);
            return depth.getAndIncrement() == 0 ? System.nanoTime() : -1;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object bucket, @Advice.Argument(0) long tokens,
                @Advice.Return ConsumptionProbe probe, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (start >= 0 && thrown == null && probe != null) {
                PolicyEvents.rateLimiterAcquire(Bucket4jModule.NAME, InstanceNames.of(bucket),
                        probe.isConsumed() ? PolicyResult.ACQUIRED : PolicyResult.REJECTED,
                        (int) Math.min(Integer.MAX_VALUE, tokens), -1, start, System.nanoTime());
            }
        }
    }
}
