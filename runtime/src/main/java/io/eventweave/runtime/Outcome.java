package io.eventweave.runtime;

/** {@code event.outcome}, as OpenTelemetry and ECS name it; {@link #NONE} leaves the field out. */
public enum Outcome {
    NONE(null),
    SUCCESS("success"),
    FAILURE("failure"),
    UNKNOWN("unknown");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON value, or null for {@link #NONE}. */
    public String wireName() {
        return wireName;
    }
}
