package io.eventweave.instrumentation.jdkconcurrent;

import io.eventweave.runtime.concurrent.ContextCallable;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** The task, a {@code Callable} first argument, to run in the handing thread's context ({@link ContextCallable}). */
public final class WrapCallableAdvice {
    private WrapCallableAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static void enter(
            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Callable task) {
        task = ContextCallable.wrap(task);
    }
}
