package io.eventweave.runtime;

/** Why an emitted event did not reach the output. Names appear in {@code agent.events.dropped_by_reason}. */
public enum DropReason {
    /** The ring was full when an application thread emitted; the thread did not wait. */
    QUEUE_FULL("queue_full"),
    /** The output could not be written (disk full, unwritable or missing path). */
    IO_ERROR("io_error"),
    /** Still in the ring when the shutdown drain ran out of time. */
    SHUTDOWN_TIMEOUT("shutdown_timeout"),
    /** The agent failed while encoding the event (counted in agent.errors too). */
    INTERNAL_ERROR("internal_error");

    private final String wireName;

    DropReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
