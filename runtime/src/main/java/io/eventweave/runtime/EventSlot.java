package io.eventweave.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One preallocated entry of the {@link RingBuffer}: the envelope every event has, and one typed section per event
 * family ({@link #http}, {@link #policy}, {@link #rule}), all allocated with the slot. A producer fills the envelope
 * and its family's whole section with primitives and references it already holds (no copies, no allocation), then
 * publishes; the drainer reads it and clears the references.
 *
 * <p>Only the producer that claimed the slot writes it, and only between claim and publish; the release store of
 * {@link #publish()} makes those plain writes visible to the drainer's acquire load in {@link RingBuffer#poll()}.
 */
public final class EventSlot {
    static final VarHandle STATE;
    private static final VarHandle RULE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EventSlot.class, "state", long.class);
            RULE = MethodHandles.lookup().findVarHandle(EventSlot.class, "rule", RuleFields.class);
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

    public final HttpFields http;
    public final PolicyFields policy;
    /**
     * The rule section: null until {@link RingBuffer#makeRuleSections()} (when the first class a rule names is woven)
     * or {@link #ruleSection()} made it. Set once, null to a section, by compare-and-set (after the section's
     * constructor: its {@code site = -1} is seen with it); read with acquire, by the producer ({@link #ruleSection()})
     * and by the drainer ({@link #ruleSectionIfMade()}).
     */
    private RuleFields rule;

    public EventSlot() {
        this(new HttpFields(), new PolicyFields(), new RuleFields(), 0);
    }

    /**
     * @param state the slot's first state. A plain store: the ring publishes its slots through a final field, and a
     *              {@code STATE.setRelease} per slot here would run 16,384 times in the interpreter, in
     *              {@code premain}, through the var handle's linkage.
     */
    EventSlot(HttpFields http, PolicyFields policy, RuleFields rule, long state) {
        this.http = http;
        this.policy = policy;
        this.rule = rule;
        this.state = state;
    }

    /**
     * This claimed slot's rule section, for the producer. An acquire load: a section made on another thread
     * ({@link RingBuffer#makeRuleSections()}) is seen whole. Made here, once, if the ring has not made it yet: the
     * weaving thread makes every slot's section before it returns the first woven class, so an application thread
     * takes this path only if it ran a woven method before that thread's writes reached it.
     */
    public RuleFields ruleSection() {
        RuleFields section = (RuleFields) RULE.getAcquire(this);
        return section != null ? section : makeRuleSection();
    }

    /**
     * The rule section if one was made, else null: for the drainer. A slot holding a rule's event always has one
     * (its producer made or found it before it published).
     */
    public RuleFields ruleSectionIfMade() {
        return (RuleFields) RULE.getAcquire(this);
    }

    /** Sets the rule section if there is none yet; returns the slot's section either way. */
    RuleFields makeRuleSection() {
        RuleFields made = new RuleFields();
        RuleFields witness = (RuleFields) RULE.compareAndExchange(this, null, made);
        return witness == null ? made : witness;
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
                http.clearReferences();
                break;
            case POLICY:
                policy.clearReferences();
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
