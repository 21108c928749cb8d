package io.eventweave.instrumentation.bucket4j;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.github.bucket4j.Bucket;
import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.CallDepth;
import io.eventweave.runtime.PolicyEvents;
import io.eventweave.runtime.InstanceNames;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Bucket4j's blocking and scheduled consumption ({@code asBlocking().consume}, {@code tryConsume(tokens, maxWait)},
 * {@code asScheduler()...}) all end in {@code reserveAndCalculateTimeToSleepImpl(tokens, maxWaitNanos)} of the
 * concrete bucket: 0 is {@code acquired}, a positive value the nanoseconds the caller then sleeps ({@code waited}),
 * {@code Long.MAX_VALUE} {@code rejected}. Matched on {@code AbstractBucket}'s subclasses in Bucket4j's own package.
 */
public final class BucketReserveInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.subtypesOf(AbstractBucketInstrumentation.ABSTRACT_BUCKET);
    }

    @Override
    public ElementMatcher<? super TypeDescription> refinement() {
        return nameStartsWith("io.github.bucket4j.");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(named("reserveAndCalculateTimeToSleepImpl").and(takesArguments(long.class, long.class))
                .and(not(isAbstract())), getClass().getName() + "$ReserveAdvice");
    }

    public static final class ReserveAdvice {
        private ReserveAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Local("ewDepth") CallDepth depth) {
            depth = CallDepth.forClass(Bucket.class);
            return depth.getAndIncrement() == 0 ? System.nanoTime() : -1;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object bucket, @Advice.Argument(0) long tokens,
                @Advice.Return long nanosToSleep, @Advice.Thrown Throwable thrown, @Advice.Enter long start, @Advice.Local("ewDepth") CallDepth depth) {
            depth.decrementAndGet();
            if (start < 0 || thrown != null) {
                return;
            }
            // Long.MAX_VALUE: the tokens will not be there within the caller's limit
            PolicyEvents.rateLimiterReserved(Bucket4jModule.NAME, InstanceNames.of(bucket),
                    (int) Math.min(Integer.MAX_VALUE, tokens), nanosToSleep == Long.MAX_VALUE ? -1 : nanosToSleep,
                    start, System.nanoTime());
        }
    }
}
