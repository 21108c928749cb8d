package io.eventweave.runtime;

/**
 * The section of an {@link EventSlot} for events of configuration rules on the application's own methods: which rule
 * site wrote it, and the values the method had, raw, for the drainer to complete into the rule's event kind. Each
 * value is either a reference ({@link #refs}) or a number ({@link #longs}: whole numbers widened, booleans as 0/1,
 * floating point as the bits of a double), as the site says; preallocated with the slot, so an emit with values of
 * those types allocates nothing.
 */
public final class RuleFields {
    /** The most values one rule event carries (a rule's constant fields do not count). */
    public static final int CAPACITY = 6;
    /**
     * A number that could not be read (a null on the path, an accessor that threw): the field is left out. An
     * integer value of {@code Long.MIN_VALUE} is left out with it.
     */
    public static final long ABSENT = Long.MIN_VALUE;
    /** The same for a floating-point value: a NaN no arithmetic makes. */
    public static final long ABSENT_DOUBLE_BITS = 0x7ff8_dead_beef_0001L;

    /** The rule site (rule and method) that wrote the event; -1 when the slot holds no rule event. */
    public int site = -1;
    /** How many of {@link #refs} / {@link #longs} are set. */
    public int count;
    public final Object[] refs = new Object[CAPACITY];
    public final long[] longs = new long[CAPACITY];

    void clearReferences() {
        for (int i = 0; i < count; i++) {
            refs[i] = null;
        }
        count = 0;
        site = -1;
    }
}
