package io.eventweave.cli.input;

/**
 * One output's next event in the merge of several outputs by {@code @timestamp} ({@link EventInput#forEach},
 * {@link MatchScan}): ordered by time, then by the output's place, so the merge is stable; an event without a time
 * goes first.
 *
 * @param source where the output's next event comes from
 */
record MergeHead<S>(EventRecord event, S source, int order, long at) implements Comparable<MergeHead<S>> {
    static <S> MergeHead<S> of(EventRecord event, S source, int order) {
        long t = event.timestampNanos();
        return new MergeHead<>(event, source, order, t == Timestamps.INVALID ? Long.MIN_VALUE : t);
    }

    @Override
    public int compareTo(MergeHead<S> other) {
        int c = Long.compare(at, other.at);
        return c != 0 ? c : Integer.compare(order, other.order);
    }
}
