package io.eventweave.instrumentation.reactor;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.eventweave.instrumentation.api.TypeInstrumentation;
import io.eventweave.instrumentation.api.TypeMatch;
import io.eventweave.instrumentation.api.TypeTransformer;
import io.eventweave.runtime.concurrent.ContextRunnable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code Schedulers.onSchedule(Runnable)}: every task Reactor's own schedulers (parallel, single, bounded elastic,
 * those made from an executor) schedule goes through it, on the thread that schedules it, before the library's own
 * {@code onScheduleHook}s decorate it (the same static method in 3.4.0 and 3.8.8, javap; its callers
 * {@code directSchedule}, {@code workerSchedule} and their periodic forms, and {@code ExecutorScheduler} in 3.8).
 * The task is wrapped in a {@link ContextRunnable} when that thread has a trace context, so what a {@code publishOn}
 * or {@code subscribeOn} moves to a worker runs in it. No hook is registered with the library: its
 * {@code resetOnScheduleHooks()} cannot remove this.
 */
public final class SchedulersInstrumentation implements TypeInstrumentation {
    @Override
    public TypeMatch types() {
        return TypeMatch.named("reactor.core.scheduler.Schedulers");
    }

    @Override
    public void transform(TypeTransformer transformer) {
        transformer.applyAdvice(isStatic().and(named("onSchedule")).and(takesArguments(Runnable.class)),
                getClass().getName() + "$OnScheduleAdvice");
    }

    public static final class OnScheduleAdvice {
        private OnScheduleAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
            task = ContextRunnable.wrap(task);
        }
    }
}
