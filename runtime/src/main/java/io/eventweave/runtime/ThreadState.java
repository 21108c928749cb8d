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
    /** By configuration rule and method name: how deep this thread is in those methods (0: in none). */
    private int[] ruleDepths = new int[0];

    private ThreadState() {
    }

    /** This thread's state. */
    public static ThreadState current() {
        return THREAD.get();
    }

    /**
     * Entering a method a configuration rule wove; {@code rule} is its rule and name's nesting number. Returns the
     * depth before (0: the outermost call, the one that writes the event, so an overload calling another, or an
     * override calling {@code super}, is one event as every instrumentation's calls are).
     */
    public int enterRule(int rule) {
        int[] depths = ruleDepths;
        if (rule >= depths.length) {
            depths = java.util.Arrays.copyOf(depths, rule + 1);
            ruleDepths = depths;
        }
        return depths[rule]++;
    }

    /** Leaving such a method; returns the depth after (0: the outermost call ends). */
    public int exitRule(int rule) {
        int[] depths = ruleDepths;
        if (rule >= depths.length || depths[rule] == 0) {
            return 0;
        }
        return --depths[rule];
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
