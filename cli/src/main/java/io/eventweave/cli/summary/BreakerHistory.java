package io.eventweave.cli.summary;

import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.input.Timestamps;
import java.util.ArrayList;
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
    private long rejected;

    /** One state change, and the event that made it. */
    public static final class Change {
        public final long atNanos;
        public final String from;
        public final String to;
        public final EventRecord event;

        Change(long atNanos, String from, String to, EventRecord event) {
            this.atNanos = atNanos;
            this.from = from;
            this.to = to;
            this.event = event;
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

    void change(EventRecord event, long atNanos) {
        changes.add(new Change(atNanos, event.text("circuit_breaker.previous_state"),
                event.text("circuit_breaker.state"), event));
    }

    void rejected() {
        rejected++;
    }

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
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).to;
    }

    /** Changes in time order (the read order of one process is sequence order; sorted to be sure). */
    public List<Change> changes() {
        List<Change> sorted = new ArrayList<>(changes);
        sorted.sort((a, b) -> Long.compare(a.atNanos, b.atNanos));
        return sorted;
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

    static long at(EventRecord event) {
        return Timestamps.nanos(event.text("@timestamp"));
    }
}
