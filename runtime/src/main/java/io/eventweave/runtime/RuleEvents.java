package io.eventweave.runtime;

/**
 * The emitter of configuration rules' events, called by the advice woven into the application's own methods: one
 * claim, the method's values stored raw in the slot's {@link RuleFields}, one publish. Which event the values make
 * (its kind, field names, units, words) is the drainer's business, looked up by the site number; nothing here
 * allocates or reads the application's objects beyond what the woven code already read.
 */
public final class RuleEvents {
    /** {@code event.provider} of every rule event. */
    public static final String PROVIDER = "rules";

    private RuleEvents() {
    }

    /**
     * One call of a rule-woven method ended.
     *
     * @param site the rule site's number (rule and method)
     * @param startNanos {@link System#nanoTime()} when the call began
     * @param thrown what the method threw, null when it returned
     * @param count how many of the values are the rule's (the others are unused: null and 0)
     */
    public static void emit(int site, long startNanos, Throwable thrown, int count, Object r0, Object r1, Object r2,
            Object r3, Object r4, Object r5, long n0, long n1, long n2, long n3, long n4, long n5) {
        long end = System.nanoTime();
        if (!Emit.isOpen()) {
            return;
        }
        TraceContext trace = Trace.current(); // before the claim: a claimed slot holds up the drainer
        EventSlot slot = Emit.claim(EventKind.RULE_EVENT, PROVIDER, startNanos);
        if (slot == null) {
            return;
        }
        slot.trace = trace;
        slot.durationNanos = end - startNanos;
        slot.outcome = thrown == null ? Outcome.SUCCESS : Outcome.FAILURE;
        slot.error = thrown == null ? null : thrown.getClass();
        // every field written: a section another thread made is never read before this thread wrote it
        RuleFields fields = slot.ruleSection();
        fields.site = site;
        fields.count = count;
        fields.ref0 = r0;
        fields.ref1 = r1;
        fields.ref2 = r2;
        fields.ref3 = r3;
        fields.ref4 = r4;
        fields.ref5 = r5;
        fields.long0 = n0;
        fields.long1 = n1;
        fields.long2 = n2;
        fields.long3 = n3;
        fields.long4 = n4;
        fields.long5 = n5;
        slot.publish();
    }
}
