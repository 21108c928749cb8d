package io.eventweave.runtime.resilience;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.GuardFrame;
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
    private static final ThreadLocal<GuardStack> THREAD = ThreadLocal.withInitial(GuardStack::new);
    private static final GuardFrame.Kind[] KINDS = GuardFrame.Kind.values();

    // notes: the last permission of each kind granted on this thread
    private Object breaker;
    private String breakerName;
    private BreakerState breakerState;
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

    private GuardStack() {
    }

    static GuardStack current() {
        return THREAD.get();
    }

    /** A circuit breaker let a call through; {@code libraryState} as the library names it ({@code CLOSED}). */
    public static void breakerPermitted(Object breaker, String name, String libraryState) {
        GuardStack stack = THREAD.get();
        stack.breaker = breaker;
        stack.breakerName = name;
        stack.breakerState = BreakerState.fromLibraryName(libraryState);
    }

    /** A rate limiter gave a permit after making the caller wait {@code waitNanos} (0: no wait). */
    public static void limiterPermitted(Object limiter, String name, long waitNanos) {
        GuardStack stack = THREAD.get();
        stack.limiter = limiter;
        stack.limiterName = name;
        stack.limiterWaitNanos = waitNanos;
    }

    public static void bulkheadPermitted(Object bulkhead, String name) {
        GuardStack stack = THREAD.get();
        stack.bulkhead = bulkhead;
        stack.bulkheadName = name;
    }

    /** A retry started a call; {@code failures} is the library's count of failed attempts of that call. */
    public static void retryStarted(Object retry, String name, AtomicInteger failures) {
        GuardStack stack = THREAD.get();
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
        return THREAD.get().frames();
    }

    int depth() {
        return depth;
    }

    /**
     * Pushes the frame of a call of {@code guard} starting now, from the note its permission left; returns false
     * (nothing pushed) when there is no note for that instance.
     */
    boolean push(GuardFrame.Kind kind, Object guard) {
        String name;
        BreakerState state = null;
        int attempt = 0;
        long wait = 0;
        switch (kind) {
            case CIRCUIT_BREAKER:
                if (breaker != guard) {
                    return false;
                }
                name = breakerName;
                state = breakerState;
                break;
            case RATE_LIMITER:
                if (limiter != guard) {
                    return false;
                }
                name = limiterName;
                wait = limiterWaitNanos;
                break;
            case BULKHEAD:
                if (bulkhead != guard) {
                    return false;
                }
                name = bulkheadName;
                break;
            case RETRY:
                if (retry != guard) {
                    return false;
                }
                name = retryName;
                attempt = retryFailures.get() + 1;
                break;
            default:
                return false;
        }
        pushFrame(kind, name, state, attempt, wait);
        return true;
    }

    /** Pushes a frame with these values (for a library whose guards leave no note, such as Failsafe's policies). */
    void pushFrame(GuardFrame.Kind kind, String name, BreakerState state, int attempt, long wait) {
        if (depth == kinds.length) {
            int size = depth * 2;
            kinds = Arrays.copyOf(kinds, size);
            names = Arrays.copyOf(names, size);
            states = Arrays.copyOf(states, size);
            attempts = Arrays.copyOf(attempts, size);
            waits = Arrays.copyOf(waits, size);
        }
        kinds[depth] = (byte) kind.ordinal();
        names[depth] = name;
        states[depth] = state;
        attempts[depth] = attempt;
        waits[depth] = wait;
        depth++;
        snapshot = null;
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
