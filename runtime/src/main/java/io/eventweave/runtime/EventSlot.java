package io.eventweave.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One preallocated entry of the {@link RingBuffer}: the envelope every event has, and one typed section per event
 * family ({@link #http()}, {@link #policy()}, {@link #ruleSection()}). A producer fills the envelope and its family's
 * whole section with primitives and references it already holds (no copies, no allocation), then publishes; the
 * drainer reads it and clears the references.
 *
 * <p>The sections of a family are made for every slot at once, by {@link RingBuffer#makeSections} on the thread that
 * brings up the first instrumentation of that family, before any of its woven code can run: a family no class in
 * the process uses costs no start-up (two families of 16,384 objects each, made in the interpreter in {@code
 * premain}, were about 10 ms of a trivial {@code main}'s start). Each section field is set once, null to a section,
 * by compare-and-set (after the section's constructor, so its initial values are seen with it), and read with
 * acquire. A producer that finds its family's section not made yet (its woven code ran before the making thread's
 * writes reached it) makes it itself: allocation on an application thread then, once per slot, never in steady
 * state.
 *
 * <p>Only the producer that claimed the slot writes it, and only between claim and publish; the release store of
 * {@link #publish()} makes those plain writes visible to the drainer's acquire load in {@link RingBuffer#poll()}.
 */
public final class EventSlot {
    /** The families whose events have a section of their own (the agent's own events have none). */
    static final EventKind.Family[] SECTION_FAMILIES = {
        EventKind.Family.HTTP, EventKind.Family.POLICY, EventKind.Family.RULE
    };
    static final VarHandle STATE;
    private static final VarHandle HTTP;
    private static final VarHandle POLICY;
    private static final VarHandle RULE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(EventSlot.class, "state", long.class);
            HTTP = lookup.findVarHandle(EventSlot.class, "http", HttpFields.class);
            POLICY = lookup.findVarHandle(EventSlot.class, "policy", PolicyFields.class);
            RULE = lookup.findVarHandle(EventSlot.class, "rule", RuleFields.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Ring bookkeeping: see {@link RingBuffer} (read and written through {@link #STATE}, but for its first value). */
    @SuppressWarnings("unused")
    private volatile long state;
    /** The ring position this slot was claimed for; set by {@link RingBuffer#claim()}. */
    long position;

    /** {@code event.sequence}: written by the drainer when it takes the slot (ring order), not by the producer. */
    public long sequence;
    public EventKind kind;
    /** {@code event.provider}: a constant string of the instrumentation, or null. */
    public String provider;
    public Outcome outcome = Outcome.NONE;
    /** {@link System#nanoTime()} when the event began (or happened); converted to wall-clock time by the drainer. */
    public long startNanos;
    /** {@code event.duration} in nanoseconds, or -1 when the event has no duration. */
    public long durationNanos;
    /** Trace context the event belongs to, or null. */
    public TraceContext trace;
    /** {@code error.type}: a Throwable's class, a String, or null. */
    public Object error;

    /** The HTTP section, or null until made: see the class comment (read and set through {@link #HTTP}). */
    private HttpFields http;
    /** The policy section, or null until made: see the class comment (read and set through {@link #POLICY}). */
    private PolicyFields policy;
    /** The rule section, or null until made: see the class comment (read and set through {@link #RULE}). */
    private RuleFields rule;

    /** A slot with all three sections made (tests and benchmarks that fill slots by hand). */
    public EventSlot() {
        this(0);
        for (EventKind.Family family : SECTION_FAMILIES) {
            makeSection(family);
        }
    }

    /**
     * @param state the slot's first state. A plain store: the ring publishes its slots through a final field, and a
     *              {@code STATE.setRelease} per slot here would run 16,384 times in the interpreter, in
     *              {@code premain}, through the var handle's linkage.
     */
    EventSlot(long state) {
        this.state = state;
    }

    /**
     * This slot's HTTP section, for the producer that claimed it and for the drainer. An acquire load: a section made
     * on another thread is seen whole. Made here if no thread has made it yet (a slot holding an HTTP event always
     * has one: its producer made or found it before it published).
     */
    public HttpFields http() {
        HttpFields section = (HttpFields) HTTP.getAcquire(this);
        return section != null ? section : (HttpFields) makeSection(EventKind.Family.HTTP);
    }

    /** This slot's policy section: as {@link #http()}. */
    public PolicyFields policy() {
        PolicyFields section = (PolicyFields) POLICY.getAcquire(this);
        return section != null ? section : (PolicyFields) makeSection(EventKind.Family.POLICY);
    }

    /** This claimed slot's rule section: as {@link #http()}. */
    public RuleFields ruleSection() {
        RuleFields section = (RuleFields) RULE.getAcquire(this);
        return section != null ? section : (RuleFields) makeSection(EventKind.Family.RULE);
    }

    /**
     * The rule section if one was made, else null: for the drainer, which must not make one for a slot that never
     * held a rule's event.
     */
    public RuleFields ruleSectionIfMade() {
        return (RuleFields) RULE.getAcquire(this);
    }

    /** {@code family}'s section if one was made, else null (the ring's {@link RingBuffer#footprint footprint}). */
    Object sectionIfMade(EventKind.Family family) {
        switch (family) {
            case HTTP:
                return (HttpFields) HTTP.getAcquire(this);
            case POLICY:
                return (PolicyFields) POLICY.getAcquire(this);
            case RULE:
                return (RuleFields) RULE.getAcquire(this);
            default:
                return null;
        }
    }

    /**
     * Sets {@code family}'s section if there is none yet; returns the slot's section either way. The compare-and-set
     * orders the new section's constructor before any acquire load that sees it. Each var handle is called with its
     * field's exact types, which keeps the call off the generic (converting) path in the interpreter.
     */
    Object makeSection(EventKind.Family family) {
        switch (family) {
            case HTTP: {
                HttpFields made = new HttpFields();
                HttpFields witness = (HttpFields) HTTP.compareAndExchange(this, (HttpFields) null, made);
                return witness == null ? made : witness;
            }
            case POLICY: {
                PolicyFields made = new PolicyFields();
                PolicyFields witness = (PolicyFields) POLICY.compareAndExchange(this, (PolicyFields) null, made);
                return witness == null ? made : witness;
            }
            case RULE: {
                RuleFields made = new RuleFields();
                RuleFields witness = (RuleFields) RULE.compareAndExchange(this, (RuleFields) null, made);
                return witness == null ? made : witness;
            }
            default:
                throw new IllegalArgumentException("no section for " + family);
        }
    }

    /**
     * Makes this claimed slot visible to the consumer. A release store: the payload writes before it happen-before
     * the consumer's acquire load in {@link RingBuffer#poll()}.
     */
    public void publish() {
        STATE.setRelease(this, position + 1);
    }

    /** Drops every reference of the event's family so the ring never keeps application objects alive. */
    public void clearReferences() {
        provider = null;
        trace = null;
        error = null;
        EventKind k = kind;
        if (k == null) {
            return;
        }
        switch (k.family()) {
            case HTTP:
                http().clearReferences();
                break;
            case POLICY:
                policy().clearReferences();
                break;
            default:
                break;
        }
        RuleFields section = ruleSectionIfMade();
        if (section != null && section.site >= 0) {
            section.clearReferences(); // a rule's event, whatever kind the drainer completed it to
        }
    }
}
