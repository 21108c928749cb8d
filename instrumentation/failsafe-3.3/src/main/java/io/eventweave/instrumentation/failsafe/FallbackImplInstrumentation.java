package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.PolicyEvents;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code FallbackImpl.apply(result, exception, context)}: a fallback, with the failure that triggered it. The fallback
 * is named by the application line that built it.
 */
public final class FallbackImplInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.internal.FallbackImpl");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isConstructor(), getClass().getPackageName() + ".PolicyCreatedAdvice");
        transformer.applyAdvice(named("apply").and(takesArguments(3)).and(takesArgument(1, Throwable.class)),
                getClass().getName() + "$FallbackAdvice");
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
            PolicyEvents.fallbackInvoke(FailsafeModule.NAME, InstanceNames.of(fallback), trigger,
                    thrown == null, start, System.nanoTime());
        }
    }
}
