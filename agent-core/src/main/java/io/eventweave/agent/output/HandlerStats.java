package io.eventweave.agent.output;

/**
 * What one handler did with the events given to it: delivered, or lost by reason. Written by the drainer thread,
 * read by anyone (plain volatile longs: one writer).
 */
public final class HandlerStats {
    /** Why a handler lost an event that the others may still have had. */
    public enum LossReason {
        /** The handler threw on the event. */
        FAILED("failed"),
        /** The handler had used up its time budget for this second: the event was skipped for it only. */
        SLOW("slow");

        private final String wireName;

        LossReason(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final String name;
    private volatile long delivered;
    private final long[] lost = new long[LossReason.values().length];
    private volatile long nanosSpent;
    private volatile Throwable lastFailure;

    HandlerStats(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public long delivered() {
        return delivered;
    }

    public synchronized long lost(LossReason reason) {
        return lost[reason.ordinal()];
    }

    public long nanosSpent() {
        return nanosSpent;
    }

    void delivered(long count) {
        delivered += count;
    }

    synchronized void lost(LossReason reason, long count) {
        lost[reason.ordinal()] += count;
    }

    /** The latest throwable of the handler, or null. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    void failed(Throwable t) {
        lost(LossReason.FAILED, 1);
        lastFailure = t;
    }

    void spent(long nanos) {
        nanosSpent += nanos;
    }

    @Override
    public String toString() {
        return name + ": delivered " + delivered + ", lost failed " + lost(LossReason.FAILED) + ", slow "
                + lost(LossReason.SLOW);
    }
}
