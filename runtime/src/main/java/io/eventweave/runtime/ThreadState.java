package io.eventweave.runtime;

import io.eventweave.runtime.resilience.GuardStack;

/**
 * What eventweave keeps per thread: the trace context it carries ({@link Trace}) and the guarded calls the thread is
 * inside ({@link GuardStack}). One object behind one {@code ThreadLocal}, so that a hot path touching both (a closed
 * breaker's decorated call: the permission's note, the frame's push and pop, the trace started and dropped) looks the
 * thread up once instead of once per step. Each instance is used only by its own thread: plain fields, no ordering.
 */
public final class ThreadState {
    private static final ThreadLocal<ThreadState> THREAD = ThreadLocal.withInitial(ThreadState::new);

    /** {@link Trace}'s context for this thread: null for none, or one of {@link Trace}'s markers. */
    TraceContext trace;
    /** Made the first time the thread enters a guarded call or a permission leaves a note. */
    private GuardStack guards;

    private ThreadState() {
    }

    /** This thread's state. */
    public static ThreadState current() {
        return THREAD.get();
    }

    /** This thread's guard stack. */
    public GuardStack guards() {
        GuardStack stack = guards;
        if (stack == null) {
            stack = new GuardStack();
            guards = stack;
        }
        return stack;
    }
}
