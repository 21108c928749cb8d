package io.eventweave.agent.rules;

import java.util.List;

/**
 * One rule woven into one method: what the drainer needs to make the event from the values the method's advice left
 * in the slot. Immutable; numbered by {@link RuleSites}.
 */
public final class RuleSite {
    /** How a value was stored in the slot. */
    public enum Storage {
        /** A reference, in {@code RuleFields.refs}. */
        REF,
        /** A whole number (or char) widened to long. */
        INTEGER,
        /** A boolean as 0 or 1. */
        BOOLEAN,
        /** The bits of a double. */
        FLOATING,
        /** Not stored: the rule's constant. */
        CONSTANT
    }

    /** One field of the event: where its value is and how to write it. */
    public static final class Value {
        public final Rule.Field field;
        public final Storage storage;
        /** Index in the slot's values, -1 for a constant. */
        public final int index;

        Value(Rule.Field field, Storage storage, int index) {
            this.field = field;
            this.storage = storage;
            this.index = index;
        }
    }

    public final Rule rule;
    /** {@code code.namespace}: the class the woven method is declared by. */
    public final String namespace;
    /** {@code code.function}: the method's name. */
    public final String function;
    public final List<Value> values;

    RuleSite(Rule rule, String namespace, String function, List<Value> values) {
        this.rule = rule;
        this.namespace = namespace;
        this.function = function;
        this.values = values;
    }
}
