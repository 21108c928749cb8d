package io.eventweave.runtime;

/** Wire names of the resilience events' enumerations (constant strings: mapping them allocates nothing). */
public final class ResilienceNames {
    public static final int ACQUIRED = 0;
    public static final int WAITED = 1;
    public static final int REJECTED = 2;

    public static final int WILL_RETRY = 0;
    public static final int EXHAUSTED = 1;
    public static final int SUCCEEDED = 2;

    private static final String[] RATE_LIMITER_RESULTS = {"acquired", "waited", "rejected"};
    private static final String[] RETRY_RESULTS = {"will_retry", "exhausted", "succeeded"};

    private ResilienceNames() {
    }

    public static String rateLimiterResult(int result) {
        return RATE_LIMITER_RESULTS[result];
    }

    public static String retryResult(int result) {
        return RETRY_RESULTS[result];
    }

    /**
     * {@code circuit_breaker.state} for a library's state name ({@code HALF_OPEN}, {@code HalfOpen}, {@code half-open}
     * ...): closed, open, half_open, disabled, forced_open, metrics_only; null for a name not known.
     */
    public static String circuitBreakerState(String name) {
        if (name == null) {
            return null;
        }
        switch (name) {
            case "CLOSED":
            case "closed":
                return "closed";
            case "OPEN":
            case "open":
                return "open";
            case "HALF_OPEN":
            case "half_open":
                return "half_open";
            case "DISABLED":
                return "disabled";
            case "FORCED_OPEN":
                return "forced_open";
            case "METRICS_ONLY":
                return "metrics_only";
            default:
                return null;
        }
    }
}
