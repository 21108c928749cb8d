package io.eventweave.agent.instrumentation.resilience4j;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.agent.instrumentation.TypeInstrumentation;
import io.eventweave.runtime.InstanceNames;
import io.eventweave.runtime.resilience.RecordingFallback;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Decorators.ofSupplier(...)...withFallback(handler)} (resilience4j-all, 1.7.x and 2.x): the handler the
 * application passes ({@code Function<Throwable, T>}, alone or after a list of exception types, or
 * {@code BiFunction<T, Throwable, T>}) is wrapped in {@link RecordingFallback} when the decorator is built, so each
 * time it runs instead of a failed call it is recorded as {@code fallback.invoke}. The fallback is named by the place
 * in the application that called {@code withFallback}. Handlers of the checked (vavr / CheckedFunction) variants
 * are not wrapped yet.
 */
public final class DecoratorsFallbackInstrumentation implements TypeInstrumentation {
    @Override
    public String name() {
        return Resilience4j.NAME;
    }

    @Override
    public List<String> modules() {
        return List.of();
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return nameStartsWith("io.github.resilience4j.decorators.Decorators$Decorate");
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice transformer(AgentBuilder.Transformer.ForAdvice advice) {
        return advice
                .advice(named("withFallback").and(takesArguments(Function.class)), FunctionAdvice.class.getName())
                .advice(named("withFallback").and(takesArguments(List.class, Function.class)),
                        TypedFunctionAdvice.class.getName())
                .advice(named("withFallback").and(takesArguments(BiFunction.class)), BiFunctionAdvice.class.getName());
    }

    public static final class FunctionAdvice {
        private FunctionAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(value = 0, readOnly = false) Function<Throwable, Object> handler) {
            String site = InstanceNames.callSite("io.github.resilience4j.");
            handler = RecordingFallback.of(handler, Resilience4j.NAME, site != null ? site : "withFallback");
        }
    }

    public static final class TypedFunctionAdvice {
        private TypedFunctionAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(value = 1, readOnly = false) Function<Throwable, Object> handler) {
            String site = InstanceNames.callSite("io.github.resilience4j.");
            handler = RecordingFallback.of(handler, Resilience4j.NAME, site != null ? site : "withFallback");
        }
    }

    public static final class BiFunctionAdvice {
        private BiFunctionAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 0, readOnly = false) BiFunction<Object, Throwable, Object> handler) {
            String site = InstanceNames.callSite("io.github.resilience4j.");
            handler = RecordingFallback.of(handler, Resilience4j.NAME, site != null ? site : "withFallback");
        }
    }
}
