package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.resilience.GuardedCall;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The static decorators of the four guards — {@code CircuitBreaker}, {@code RateLimiter}, {@code Retry} and
 * {@code Bulkhead} ({@code decorateSupplier}, {@code decorateCallable}, {@code decorateCheckedSupplier},
 * {@code decorateCompletionStage}, {@code decorateFunction}, ...): the application's function, always their last
 * argument, is wrapped in a {@link GuardedCall}, so each time the decorator runs it (after the permission, once per
 * retry attempt) it runs inside that guard's frame. Every way in decorates here: the {@code Decorators} builder, the
 * guards' own {@code execute*} methods and the Spring aspects ({@code executeCheckedSupplier}). Checked with javap on
 * 1.7.1 and 2.4.0: each guard is the first argument and the function the last of two or three (a rate limiter's
 * permits, a retry's scheduler, or a rate limiter's permits function before it). {@code ThreadPoolBulkhead}, whose
 * function runs on the bulkhead's own threads, is not wrapped.
 */
public final class GuardDecoratorInstrumentation implements TypeInstrumentation {
    private final String guardType;
    private final boolean threeArgumentDecorators;

    private GuardDecoratorInstrumentation(String guardType, boolean threeArgumentDecorators) {
        this.guardType = guardType;
        this.threeArgumentDecorators = threeArgumentDecorators;
    }

    /** One per guard: a type whose advice matches no method is left alone, so only two have a three-argument one. */
    static List<TypeInstrumentation> all() {
        return List.of(new GuardDecoratorInstrumentation("io.github.resilience4j.circuitbreaker.CircuitBreaker", false),
                new GuardDecoratorInstrumentation("io.github.resilience4j.ratelimiter.RateLimiter", true),
                new GuardDecoratorInstrumentation("io.github.resilience4j.retry.Retry", true),
                new GuardDecoratorInstrumentation("io.github.resilience4j.bulkhead.Bulkhead", false));
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named(guardType);
    }

    @Override
    public void transform(TypeTransformer transformer) {
        String advice = getClass().getName();
        transformer.applyAdvice(isStatic().and(nameStartsWith("decorate")).and(takesArguments(2)),
                advice + "$SecondArgumentAdvice");
        if (threeArgumentDecorators) {
            transformer.applyAdvice(isStatic().and(nameStartsWith("decorate")).and(takesArguments(3)),
                    advice + "$ThirdArgumentAdvice");
        }
    }

    public static final class SecondArgumentAdvice {
        private SecondArgumentAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Origin("#t") String guardType, @Advice.Argument(0) Object guard,
                @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object function) {
            function = GuardedCall.wrap(function, guardType, guard);
        }
    }

    public static final class ThirdArgumentAdvice {
        private ThirdArgumentAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Origin("#t") String guardType, @Advice.Argument(0) Object guard,
                @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object function) {
            function = GuardedCall.wrap(function, guardType, guard);
        }
    }
}
