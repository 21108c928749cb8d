package io.eventweave.cli.summary;

import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.input.EventView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One circuit breaker's states over time, from its {@code circuit_breaker.state_change} events: the intervals
 * ({@code timeline}), the state at any moment ({@code state --at}), the time spent in each state and how often it
 * opened ({@code summary}). Before its first change the breaker was in that change's previous state since the
 * process's first event; the last interval lasts until the last event read of that process.
 */
public final class BreakerHistory {
    /** The breaker's identity: a process's service and the breaker's name. */
    public final String service;
    public final String name;
    private final List<Change> changes = new ArrayList<>();
    /** Whether {@link #changes} is in time order: changes arrive in read order, or from several readers. */
    private boolean sorted = true;
    private long rejected;
    /** When it was first seen (its first event's time): the order in which breakers are listed. */
    long first = Long.MAX_VALUE;

    /** One state change, and the event that made it. */
    public static final class Change {
        public final long atNanos;
        public final String from;
        public final String to;
        /** The event, when it was read whole ({@code state}, {@code timeline}); null on the summary's fast path. */
        public final EventRecord event;
        /** Its {@code event.sequence} (-1 when none): the order of two changes of one instant. */
        final long sequence;

        Change(long atNanos, String from, String to, EventRecord event, long sequence) {
            this.atNanos = atNanos;
            this.from = from;
            this.to = to;
            this.event = event;
            this.sequence = sequence;
        }
    }

    /** A span of time in one state: {@code [fromNanos, toNanos)}. */
    public static final class Interval {
        public final String state;
        public final long fromNanos;
        public final long toNanos;
        /** The change that began it, or null for the state before the first change. */
        public final Change began;

        Interval(String state, long fromNanos, long toNanos, Change began) {
            this.state = state;
            this.fromNanos = fromNanos;
            this.toNanos = toNanos;
            this.began = began;
        }
    }

    public BreakerHistory(String service, String name) {
        this.service = service;
        this.name = name;
    }

    void change(EventView event, long atNanos) {
        Change change = new Change(atNanos, event.text("circuit_breaker.previous_state"),
                event.text("circuit_breaker.state"), event instanceof EventRecord ? (EventRecord) event : null,
                event.number("event.sequence", -1));
        if (!changes.isEmpty() && ORDER.compare(changes.get(changes.size() - 1), change) > 0) {
            sorted = false;
        }
        changes.add(change);
        seen(atNanos);
    }

    void rejected(long atNanos) {
        rejected++;
        seen(atNanos);
    }

    private void seen(long atNanos) {
        first = Math.min(first, atNanos);
    }

    /** Adds what another reader of other lines saw of the same breaker. */
    void merge(BreakerHistory other) {
        changes.addAll(other.changes);
        sorted = false;
        rejected += other.rejected;
        first = Math.min(first, other.first);
    }

    private static final Comparator<Change> ORDER = Comparator.<Change>comparingLong(c -> c.atNanos)
            .thenComparingLong(c -> c.sequence);

    public long rejectedCalls() {
        return rejected;
    }

    public int transitions() {
        return changes.size();
    }

    /** How many changes went to {@code open} or {@code forced_open}. */
    public int timesOpened() {
        int n = 0;
        for (Change c : changes) {
            if (isOpen(c.to)) {
                n++;
            }
        }
        return n;
    }

    static boolean isOpen(String state) {
        return "open".equals(state) || "forced_open".equals(state);
    }

    /** The state at the end of what was read (the last change's), or null when it never changed. */
    public String currentState() {
        List<Change> all = changes();
        return all.isEmpty() ? null : all.get(all.size() - 1).to;
    }

    /** Changes in time order, then {@code event.sequence} order (unmodifiable). */
    public List<Change> changes() {
        if (!sorted) {
            changes.sort(ORDER);
            sorted = true;
        }
        return Collections.unmodifiableList(changes);
    }

    /**
     * Its intervals over {@code [startNanos, endNanos]}: the process's first and last event. A change after
     * {@code endNanos} cannot happen (it is an event of the process).
     */
    public List<Interval> intervals(long startNanos, long endNanos) {
        List<Interval> intervals = new ArrayList<>();
        List<Change> sorted = changes();
        if (sorted.isEmpty()) {
            return intervals;
        }
        long from = Math.min(startNanos, sorted.get(0).atNanos);
        String state = sorted.get(0).from;
        Change began = null;
        for (Change c : sorted) {
            if (state != null && c.atNanos > from) {
                intervals.add(new Interval(state, from, c.atNanos, began));
            }
            state = c.to;
            from = c.atNanos;
            began = c;
        }
        intervals.add(new Interval(state, from, Math.max(from, endNanos), began));
        return intervals;
    }

    /** Milliseconds in each state over the window, in the order the states first appear. */
    public Map<String, Double> millisInStates(long startNanos, long endNanos) {
        Map<String, Double> ms = new LinkedHashMap<>();
        for (Interval i : intervals(startNanos, endNanos)) {
            ms.merge(i.state, (i.toNanos - i.fromNanos) / 1e6, Double::sum);
        }
        return ms;
    }

    /** The interval holding {@code atNanos}, or null when it is before the first known state. */
    public Interval at(long atNanos, long startNanos, long endNanos) {
        Interval found = null;
        for (Interval i : intervals(startNanos, Math.max(endNanos, atNanos))) {
            if (i.fromNanos <= atNanos) {
                found = i;
            }
        }
        return found;
    }

}
