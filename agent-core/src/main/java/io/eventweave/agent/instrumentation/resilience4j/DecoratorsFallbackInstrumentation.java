package io.eventweave.agent.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.agent.instrumentation.TypeInstrumentation;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.resilience.RecordingFallback;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
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
    @Override
    public String name() {
        return Resilience4j.NAME;
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return nameStartsWith("io.github.resilience4j.decorators.Decorators$Decorate");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice advice) {
        // the handler is the only argument, or follows the exception types (a List or a Class); the variants led by
        // a result Predicate are result-triggered and not wrapped
        return advice
                .advice(named("withFallback").and(takesArguments(1)), HandlerFirstAdvice.class.getName())
                .advice(named("withFallback").and(takesArguments(2))
                        .and(takesArgument(0, named("java.util.List").or(named("java.lang.Class")))),
                        HandlerSecondAdvice.class.getName());
    }

    public static final class HandlerFirstAdvice {
        private HandlerFirstAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
            String site = InstanceNames.callSite("io.github.resilience4j.");
            handler = RecordingFallback.wrap(handler, Resilience4j.NAME, site != null ? site : "withFallback");
        }
    }

    public static final class HandlerSecondAdvice {
        private HandlerSecondAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
            String site = InstanceNames.callSite("io.github.resilience4j.");
            handler = RecordingFallback.wrap(handler, Resilience4j.NAME, site != null ? site : "withFallback");
        }
    }
}
