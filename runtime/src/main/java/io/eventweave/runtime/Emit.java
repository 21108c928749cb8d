package io.eventweave.runtime;

/**
 * The door from instrumented code into the event pipeline: whether it is open, and the claim every family's emitter
 * ({@link HttpEvents}, {@link PolicyEvents}) starts with. Everything here runs on an application thread: claim a ring
 * slot (one atomic operation), fill it, publish. No allocation, no lock, no system call (except the rare wake-up of
 * a parked drainer, see {@link RingBuffer}); when the ring is full the event is counted as dropped and the thread goes
 * on. The drainer gives the events their {@code event.sequence} in ring order.
 */
public final class Emit {
    /** The ring, or null while the agent is not running (not started, disabled or stopped). */
    private static volatile RingBuffer ring;
    /** Whether instrumentations add a W3C {@code traceparent} to outbound requests. */
    private static volatile boolean propagate = true;

    private Emit() {
    }

    /** Starts accepting events into {@code buffer}. */
    public static void open(RingBuffer buffer, boolean propagateTraceparent) {
        propagate = propagateTraceparent;
        ring = buffer;
    }

    /**
     * Gives the ring's slots their sections of {@code family} ({@link RingBuffer#makeSections}). Called before the
     * first woven code of that family can run, on the thread that weaves it: by Byte Buddy's bring-up for the
     * library instrumentations, by the rules' weaver for a rule's class.
     */
    public static void makeSections(EventKind.Family family) {
        RingBuffer r = ring;
        if (r != null) {
            r.makeSections(family);
        }
    }

    /** Stops accepting events (shutdown). Emits after this return at once. */
    public static void close() {
        ring = null;
    }

    /** Whether the agent is running; emitters look up the trace context only then. */
    static boolean isOpen() {
        return ring != null;
    }

    /**
     * Events claimed but not yet taken by the drainer, 0 when the agent is not running. Approximate while producers
     * run; for tools and benchmarks that want to pace themselves instead of filling the ring.
     */
    public static long queued() {
        RingBuffer r = ring;
        return r == null ? 0 : r.inFlight();
    }

    /** Slots in the ring, 0 when the agent is not running. */
    public static int capacity() {
        RingBuffer r = ring;
        return r == null ? 0 : r.capacity();
    }

    public static boolean propagate() {
        return propagate;
    }

    /** {@code agent.start}: the first event of the process, so it takes ring position 0 and sequence 0. */
    public static void agentStart() {
        EventSlot slot = claim(EventKind.AGENT_START, null, System.nanoTime());
        if (slot != null) {
            slot.outcome = Outcome.NONE;
            slot.durationNanos = -1;
            slot.trace = null;
            slot.error = null;
            slot.publish();
        }
    }

    /**
     * A slot with kind, provider and start time filled in, or null (not running, or dropped: full). The caller writes
     * the rest of the envelope and its family's whole section, then publishes.
     */
    static EventSlot claim(EventKind kind, String provider, long startNanos) {
        RingBuffer r = ring;
        if (r == null) {
            return null;
        }
        EventSlot slot = r.claim();
        if (slot == null) {
            // Full, or closed at shutdown: the drainer closes the count before the ring, so a claim refused by the
            // closed ring is never counted.
            EventCounters.queueFull();
            return null;
        }
        slot.kind = kind;
        slot.provider = provider;
        slot.startNanos = startNanos;
        return slot;
    }
}
