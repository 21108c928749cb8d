package io.eventweave.instrumentation.failsafe;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.resilience.FailsafeGuardedCall;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code dev.failsafe.Functions}' static {@code get}, {@code getPromise} and {@code getPromiseOfStage} (3.3.0 and
 * 3.3.2, javap): each turns the application's function, a {@code ContextualSupplier} by then, into what the execution
 * runs once per attempt. That supplier is wrapped in a {@link FailsafeGuardedCall} for the policies of the executor
 * being called ({@link FailsafeExecutorInstrumentation}).
 */
public final class FunctionsInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("dev.failsafe.Functions");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isStatic().and(namedOneOf("get", "getPromise", "getPromiseOfStage"))
                .and(takesArgument(0, named("dev.failsafe.function.ContextualSupplier"))),
                getClass().getName() + "$SupplierAdvice");
    }

    public static final class SupplierAdvice {
        private SupplierAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object supplier) {
            supplier = FailsafeGuardedCall.wrap(supplier);
        }
    }
}
