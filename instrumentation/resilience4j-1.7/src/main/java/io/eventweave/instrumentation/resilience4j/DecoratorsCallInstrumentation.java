package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.Trace;
import net.bytebuddy.asm.Advice;

/**
 * The call of a {@code Decorators.of...(...)} chain (resilience4j-all: {@code DecorateSupplier.get()},
 * {@code DecorateCallable.call()}, {@code DecorateRunnable.run()}, {@code DecorateFunction.apply(T)},
 * {@code DecorateConsumer.accept(T)} and their checked and completion-stage forms, the same names in 1.7.1 and
 * 2.4.0, javap): when the thread has no trace context at all, the call starts one, so its policies' events, the HTTP
 * requests of each attempt and the fallback, which runs outside the guards, share one trace id. The context is
 * removed when the call returns; a completion stage's later callbacks are not in it.
 */
public final class DecoratorsCallInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.nameStartsWith("io.github.resilience4j.decorators.Decorators$Decorate");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isPublic().and(not(isStatic())).and(namedOneOf("get", "call", "run", "apply", "accept")),
                getClass().getName() + "$CallAdvice");
    }

    public static final class CallAdvice {
        private CallAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static boolean enter() {
            return Trace.startTraceIfNone();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter boolean started) {
            if (started) {
                Trace.restore(null);
            }
        }
    }
}
