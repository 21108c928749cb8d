package io.eventweave.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.resilience.RecordingFallback;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Decorators.of...(...)...withFallback(handler)} (resilience4j-all, 1.7.x and 2.x): the handler the
 * application passes for failures — {@code Function<Throwable, T>}, {@code BiFunction<T, Throwable, T>}, or the
 * checked variants' vavr {@code CheckedFunction1/2} (1.x) and {@code CheckedFunction/CheckedBiFunction} (2.x), alone
 * or after the exception types — is wrapped by {@link RecordingFallback} when the decorator is built, so each time it
 * runs instead of a failed call it is recorded as {@code fallback.invoke}. The fallback is named by the place in the
 * application that called {@code withFallback}. Result-triggered fallbacks ({@code Predicate} first) are not.
 */
public final class DecoratorsFallbackInstrumentation implements TypeInstrumentation {
    /**
     * Only the {@code Decorate*} classes that have a {@code withFallback}: in 1.7.1 and 2.4.0 (javap) the Runnable and
     * Consumer ones have none, nor in 1.7.1 the Function ones, and each one that has one has both forms below.
     */
    @Override
    public TypeMatch types() {
        return TypeMatch.nameStartsWith("io.github.resilience4j.decorators.Decorators$Decorate");
    }

    @Override
    public ElementMatcher<? super TypeDescription> refinement() {
        return declaresMethod(named("withFallback"));
    }

    @Override
    public void transform(TypeTransformer transformer) {
        // the handler is the only argument, or follows the exception types (a List or a Class); the variants led by
        // a result Predicate are result-triggered and not wrapped
        String advice = getClass().getName();
        transformer.applyAdvice(named("withFallback").and(takesArguments(1)), advice + "$HandlerFirstAdvice");
        transformer.applyAdvice(named("withFallback").and(takesArguments(2))
                .and(takesArgument(0, named("java.util.List").or(named("java.lang.Class")))),
                advice + "$HandlerSecondAdvice");
    }

    public static final class HandlerFirstAdvice {
        private HandlerFirstAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
            String site = InstanceNames.callSite("io.github.resilience4j.");
            handler = RecordingFallback.wrap(handler, Resilience4jModule.NAME, site != null ? site : "withFallback");
        }
    }

    public static final class HandlerSecondAdvice {
        private HandlerSecondAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
            String site = InstanceNames.callSite("io.github.resilience4j.");
            handler = RecordingFallback.wrap(handler, Resilience4jModule.NAME, site != null ? site : "withFallback");
        }
    }
}
