package io.eventweave.runtime;

/**
 * Per-thread nesting depth of instrumented calls, keyed by a class the advice names (a library class visible from
 * the instrumented code, e.g. {@code HttpClient.class}), so that methods which call each other (HttpClient
 * {@code send → sendAsync}, HttpURLConnection {@code getResponseCode → getInputStream}) emit one event per logical call.
 * No registry: a new key is a new class. Advice keeps the object in an {@code @Advice.Local}, so enter and exit cost
 * one thread-local look-up together:
 *
 * <pre>
 * enter: depth = CallDepth.forClass(Key.class); if (depth.getAndIncrement() != 0) return; ...
 * exit:  if (depth.decrementAndGet() != 0) return; ...
 * </pre>
 * Advices that share a key (overloads of one library) share the depth.
 */
public final class CallDepth {
    private static final ClassValue<ThreadLocal<CallDepth>> DEPTHS = new ClassValue<>() {
        @Override
        protected ThreadLocal<CallDepth> computeValue(Class<?> type) {
            return ThreadLocal.withInitial(CallDepth::new);
        }
    };

    /** Only the owning thread reads and writes it. */
    private int depth;

    private CallDepth() {
    }

    /** This thread's depth for {@code key}. */
    public static CallDepth forClass(Class<?> key) {
        return DEPTHS.get(key).get();
    }

    /** Increments the depth; returns the depth before the call (0 = outermost). */
    public int getAndIncrement() {
        return depth++;
    }

    /** Decrements the depth (never below 0); returns the depth after the call (0 = leaving the outermost). */
    public int decrementAndGet() {
        if (depth > 0) {
            depth--;
        }
        return depth;
    }
}
