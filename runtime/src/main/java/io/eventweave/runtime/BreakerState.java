package io.eventweave.runtime;

/** {@code circuit_breaker.state} and {@code circuit_breaker.previous_state}. */
public enum BreakerState {
    CLOSED("closed"),
    OPEN("open"),
    HALF_OPEN("half_open"),
    DISABLED("disabled"),
    FORCED_OPEN("forced_open"),
    METRICS_ONLY("metrics_only");

    private final String wireName;

    BreakerState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The state for a library's own state name: Resilience4j's and Failsafe's enum constants ({@code HALF_OPEN}) or
     * lower-case names; null for a name not known (the field is then left out). A switch on constant strings: no
     * allocation.
     */
    public static BreakerState fromLibraryName(String name) {
        if (name == null) {
            return null;
        }
        switch (name) {
            case "CLOSED":
            case "closed":
                return CLOSED;
            case "OPEN":
            case "open":
                return OPEN;
            case "HALF_OPEN":
            case "half_open":
                return HALF_OPEN;
            case "DISABLED":
                return DISABLED;
            case "FORCED_OPEN":
                return FORCED_OPEN;
            case "METRICS_ONLY":
                return METRICS_ONLY;
            default:
                return null;
        }
    }
}
