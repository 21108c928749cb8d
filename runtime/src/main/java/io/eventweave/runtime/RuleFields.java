package io.eventweave.runtime;

/**
 * The section of an {@link EventSlot} for events defined by configuration rules on the application's own methods: a
 * small fixed array of named values (names are the rule's constant strings; values are references the method had,
 * rendered by the drainer). Room for {@value #CAPACITY} values, preallocated with the slot.
 */
public final class RuleFields {
    public static final int CAPACITY = 4;

    /** How many of {@link #names} / {@link #values} are set. */
    public int count;
    public final String[] names = new String[CAPACITY];
    public final Object[] values = new Object[CAPACITY];

    void clearReferences() {
        for (int i = 0; i < count; i++) {
            names[i] = null;
            values[i] = null;
        }
        count = 0;
    }
}
