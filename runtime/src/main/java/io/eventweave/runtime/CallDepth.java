package io.eventweave.runtime;

/**
 * Per-thread nesting depth for each instrumentation, so that methods which call each other (HttpClient
 * {@code send → sendAsync}, HttpURLConnection {@code getResponseCode → getInputStream}) emit one event per logical
 * call: advice acts only when {@link #enter} returns 0 and always calls {@link #exit} on the way out.
 */
public final class CallDepth {
    public static final int JDK_HTTPCLIENT = 0;
    public static final int JDK_URLCONNECTION = 1;
    public static final int JDK_HTTPSERVER = 2;
    public static final int RESILIENCE4J_RATE_LIMITER = 4;
    public static final int RESILIENCE4J_BULKHEAD = 5;
    public static final int GUAVA_RATE_LIMITER = 6;
    public static final int BUCKET4J = 7;
    public static final int FAILSAFE_RATE_LIMITER = 8;
    private static final int KEYS = 16;

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[KEYS]);

    private CallDepth() {
    }

    /** Increments the depth for {@code key}; returns the depth before the call (0 = outermost). */
    public static int enter(int key) {
        return DEPTH.get()[key]++;
    }

    public static void exit(int key) {
        int[] depth = DEPTH.get();
        if (depth[key] > 0) {
            depth[key]--;
        }
    }
}
