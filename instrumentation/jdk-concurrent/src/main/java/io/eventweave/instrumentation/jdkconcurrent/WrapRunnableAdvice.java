package io.eventweave.instrumentation.jdkconcurrent;

import io.eventweave.runtime.concurrent.ContextRunnable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** The task, a {@code Runnable} first argument, to run in the handing thread's context ({@link ContextRunnable}). */
public final class WrapRunnableAdvice {
    private WrapRunnableAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(
            @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
        task = ContextRunnable.wrap(task);
    }
}
