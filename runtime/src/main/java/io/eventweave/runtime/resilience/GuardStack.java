package io.eventweave.runtime.resilience;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.GuardFrame;
import io.eventweave.runtime.ThreadState;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The guarded calls this thread is inside, and the notes their permissions left. One instance per thread, used only
 * by that thread; nothing is allocated per call but the first time a thread nests deeper than before.
 *
 * <ul>
 *   <li><b>Notes.</b> The advice of the library method that grants a permission (a circuit breaker's
 *       {@code acquirePermission}, a rate limiter's, a bulkhead's, the creation of a retry's per-call context) notes
 *       what it granted, for the {@link GuardedCall} that runs the application's function right after, inside the
 *       library's decorator, on the same thread. A note is used only by a guarded call of the same instance (compared
 *       by identity), so one left by a permission asked for outside any decorator is never taken for another's.</li>
 *   <li><b>Frames.</b> {@link GuardedCall} pushes a frame for each call of the function and pops it however the
 *       function ends. An HTTP request started inside takes a {@linkplain #snapshot() snapshot}: the immutable
 *       {@link GuardFrame} chain, made only then (and kept while the stack does not change).</li>
 * </ul>
 */
public final class GuardStack {
    private static final GuardFrame.Kind[] KINDS = GuardFrame.Kind.values();

    // notes: the last permission of each kind granted on this thread
    private Object breaker;
    private String breakerName;
    private BreakerState breakerState;
    /**
     * The library's name of {@link #breakerState}: the same string object every time for one state (its enum
     * constant's {@code name()}), so a note of an unchanged state is one identity comparison, not a string switch.
     */
    private String breakerLibraryState;
    private Object limiter;
    private String limiterName;
    private long limiterWaitNanos;
    private Object bulkhead;
    private String bulkheadName;
    private Object retry;
    private String retryName;
    /** The retry context's count of failed attempts so far (the library's own counter, read when an attempt starts). */
    private AtomicInteger retryFailures;

    // frames, outermost at 0; depth is the number in use
    private int depth;
    private byte[] kinds = new byte[4];
    private String[] names = new String[4];
    private BreakerState[] states = new BreakerState[4];
    private int[] attempts = new int[4];
    private long[] waits = new long[4];
    /** The chain of the frames now on the stack, or null when it was not made since the stack last changed. */
    private GuardFrame snapshot;

    /** Only {@link ThreadState#guards()} makes one. */
    public GuardStack() {
    }

    static GuardStack current() {
        return ThreadState.current().guards();
    }

    /** A circuit breaker let a call through; {@code libraryState} as the library names it ({@code CLOSED}). */
    public static void breakerPermitted(Object breaker, String name, String libraryState) {
        GuardStack stack = current();
        stack.breaker = breaker;
        stack.breakerName = name;
        if (libraryState != stack.breakerLibraryState) {
            stack.breakerState = BreakerState.fromLibraryName(libraryState);
            stack.breakerLibraryState = libraryState;
        }
    }

    /** A rate limiter gave a permit after making the caller wait {@code waitNanos} (0: no wait). */
    public static void limiterPermitted(Object limiter, String name, long waitNanos) {
        GuardStack stack = current();
        stack.limiter = limiter;
        stack.limiterName = name;
        stack.limiterWaitNanos = waitNanos;
    }

    public static void bulkheadPermitted(Object bulkhead, String name) {
        GuardStack stack = current();
        stack.bulkhead = bulkhead;
        stack.bulkheadName = name;
    }

    /** A retry started a call; {@code failures} is the library's count of failed attempts of that call. */
    public static void retryStarted(Object retry, String name, AtomicInteger failures) {
        GuardStack stack = current();
        stack.retry = retry;
        stack.retryName = name;
        stack.retryFailures = failures;
    }

    /**
     * An attempt of an async retry starts on this thread (the caller's for the first, the retry's scheduler's for the
     * others): {@code context} is the retry's per-call async context, whose outer retry and count of failed attempts
     * are read from its fields ({@code this$0}, {@code numOfAttempts}: Resilience4j's {@code AsyncContextImpl},
     * 1.7.1 to 2.4.0), with handles made once per context class.
     */
    public static void asyncRetryAttempt(Object context) {
        if (context == null) {
            return;
        }
        RetryContextFields fields = RETRY_CONTEXT_FIELDS.get(context.getClass());
        if (fields == null) {
            return;
        }
        try {
            Object retry = fields.retry.invoke(context);
            retryStarted(retry, (String) fields.name.invoke(retry), (AtomicInteger) fields.failures.invoke(context));
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.ADVICE, t);
        }
    }

    /** Getters of a retry context's outer retry and failure count, and of the retry's name. */
    private static final class RetryContextFields {
        final MethodHandle retry;
        final MethodHandle failures;
        final MethodHandle name;

        RetryContextFields(MethodHandle retry, MethodHandle failures, MethodHandle name) {
            this.retry = retry;
            this.failures = failures;
            this.name = name;
        }
    }

    /** Null for a class without the fields (a version not known, or a module that is not open). */
    private static final ClassValue<RetryContextFields> RETRY_CONTEXT_FIELDS = new ClassValue<>() {
        @Override
        protected RetryContextFields computeValue(Class<?> type) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                Class<?> retryType = type.getDeclaredField("this$0").getType();
                MethodHandle retry = lookup.findGetter(type, "this$0", retryType)
                        .asType(MethodType.methodType(Object.class, Object.class));
                MethodHandle failures = lookup.findGetter(type, "numOfAttempts", AtomicInteger.class)
                        .asType(MethodType.methodType(Object.class, Object.class));
                MethodHandle name = MethodHandles.publicLookup()
                        .findVirtual(retryType, "getName", MethodType.methodType(String.class))
                        .asType(MethodType.methodType(Object.class, Object.class));
                return new RetryContextFields(retry, failures, name);
            } catch (ReflectiveOperationException | RuntimeException e) {
                AgentErrors.record(AgentErrors.ADVICE, e);
                return null;
            }
        }
    };

    /** The wait the last permit of {@code limiter} on this thread noted, or -1 when its permit left no note. */
    long limiterWait(Object limiter) {
        return limiter == this.limiter ? limiterWaitNanos : -1;
    }

    /** The guarded calls this thread is inside now, innermost first; null when none. */
    public static GuardFrame snapshot() {
        return current().frames();
    }

    int depth() {
        return depth;
    }

    /**
     * Pushes the frame of a call of {@code guard} starting now, from the note its permission left; returns false
     * (nothing pushed) when there is no note for that instance.
     */
    boolean push(GuardFrame.Kind kind, Object guard) {
        // An if-chain, not a switch: an enum switch reads a synthetic ordinal map first, and this body is inlined
        // into every decorated call, where its size counts against what else C2 inlines there.
        if (kind == GuardFrame.Kind.CIRCUIT_BREAKER) {
            if (breaker != guard) {
                return false;
            }
            pushFrame(kind, breakerName, breakerState, 0, 0);
        } else if (kind == GuardFrame.Kind.RATE_LIMITER) {
            if (limiter != guard) {
                return false;
            }
            pushFrame(kind, limiterName, null, 0, limiterWaitNanos);
        } else if (kind == GuardFrame.Kind.BULKHEAD) {
            if (bulkhead != guard) {
                return false;
            }
            pushFrame(kind, bulkheadName, null, 0, 0);
        } else if (kind == GuardFrame.Kind.RETRY) {
            if (retry != guard) {
                return false;
            }
            pushFrame(kind, retryName, null, retryFailures.get() + 1, 0);
        } else {
            return false;
        }
        return true;
    }

    /** Pushes a frame with these values (for a library whose guards leave no note, such as Failsafe's policies). */
    void pushFrame(GuardFrame.Kind kind, String name, BreakerState state, int attempt, long wait) {
        if (depth == kinds.length) {
            grow();
        }
        kinds[depth] = (byte) kind.ordinal();
        names[depth] = name;
        states[depth] = state;
        attempts[depth] = attempt;
        waits[depth] = wait;
        depth++;
        snapshot = null;
    }

    /** Doubles the frame arrays: rare, and kept out of {@link #pushFrame}'s inlined body. */
    private void grow() {
        int size = depth * 2;
        kinds = Arrays.copyOf(kinds, size);
        names = Arrays.copyOf(names, size);
        states = Arrays.copyOf(states, size);
        attempts = Arrays.copyOf(attempts, size);
        waits = Arrays.copyOf(waits, size);
    }

    /** Pops the innermost frame. */
    void pop() {
        if (depth > 0) {
            depth--;
            names[depth] = null;
            snapshot = null;
        }
    }

    private GuardFrame frames() {
        if (depth == 0) {
            return null;
        }
        GuardFrame chain = snapshot;
        if (chain == null) {
            for (int i = 0; i < depth; i++) {
                String name = names[i];
                switch (KINDS[kinds[i]]) {
                    case CIRCUIT_BREAKER:
                        chain = GuardFrame.circuitBreaker(name, states[i], chain);
                        break;
                    case RATE_LIMITER:
                        chain = GuardFrame.rateLimiter(name, waits[i], chain);
                        break;
                    case RETRY:
                        chain = GuardFrame.retry(name, attempts[i], chain);
                        break;
                    default:
                        chain = GuardFrame.bulkhead(name, chain);
                        break;
                }
            }
            snapshot = chain;
        }
        return chain;
    }
}
