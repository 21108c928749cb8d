package io.eventweave.runtime;

/**
 * The section of an {@link EventSlot} for events of configuration rules on the application's own methods: which rule
 * site wrote it, and the values the method had, raw, for the drainer to complete into the rule's event kind. Each
 * value is either a reference ({@code ref0} …) or a number ({@code long0} …: whole numbers widened, booleans as 0/1,
 * floating point as the bits of a double), as the site says. Plain fields, not arrays: one object per slot (the ring
 * makes 16,384 of them in {@code premain}), and an emit that stores them allocates nothing.
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
    /** How many values are the rule's. */
    public int count;
    Object ref0;
    Object ref1;
    Object ref2;
    Object ref3;
    Object ref4;
    Object ref5;
    long long0;
    long long1;
    long long2;
    long long3;
    long long4;
    long long5;

    /** The reference value {@code index} (drainer side). */
    public Object ref(int index) {
        switch (index) {
            case 0:
                return ref0;
            case 1:
                return ref1;
            case 2:
                return ref2;
            case 3:
                return ref3;
            case 4:
                return ref4;
            default:
                return ref5;
        }
    }

    /** The number value {@code index} (drainer side). */
    public long number(int index) {
        switch (index) {
            case 0:
                return long0;
            case 1:
                return long1;
            case 2:
                return long2;
            case 3:
                return long3;
            case 4:
                return long4;
            default:
                return long5;
        }
    }

    /** Leaves value {@code index} out (the drainer, for {@code return} of a call that threw). */
    public void clear(int index, long absent) {
        switch (index) {
            case 0:
                ref0 = null;
                long0 = absent;
                break;
            case 1:
                ref1 = null;
                long1 = absent;
                break;
            case 2:
                ref2 = null;
                long2 = absent;
                break;
            case 3:
                ref3 = null;
                long3 = absent;
                break;
            case 4:
                ref4 = null;
                long4 = absent;
                break;
            default:
                ref5 = null;
                long5 = absent;
                break;
        }
    }

    void clearReferences() {
        ref0 = null;
        ref1 = null;
        ref2 = null;
        ref3 = null;
        ref4 = null;
        ref5 = null;
        count = 0;
        site = -1;
    }
}
