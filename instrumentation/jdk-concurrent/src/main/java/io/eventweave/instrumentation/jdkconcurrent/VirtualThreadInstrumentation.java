package io.eventweave.instrumentation.jdkconcurrent;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.concurrent.ContextRunnable;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code java.lang.VirtualThread} (JDK 21+; its constructor {@code (Executor, String, int, Runnable)} checked on 25):
 * the task is wrapped when the virtual thread is made, on the thread that makes it ({@code Thread.ofVirtual().start},
 * {@code Executors.newVirtualThreadPerTaskExecutor()}), so it runs in that thread's context; a carrier thread is
 * never given it. Absent on JDK 17: nothing to weave there.
 */
public final class VirtualThreadInstrumentation implements TypeInstrumentation {
    @Override
    public List<String> jdkModules() {
        return List.of("java.base");
    }

    @Override
    public TypeMatch types() {
        return TypeMatch.named("java.lang.VirtualThread");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isConstructor().and(takesArguments(4)).and(takesArgument(3, Runnable.class)),
                getClass().getName() + "$ConstructorAdvice");
    }

    public static final class ConstructorAdvice {
        private ConstructorAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 3, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
            task = ContextRunnable.wrap(task);
        }
    }
}
