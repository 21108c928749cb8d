package io.eventweave.agent.rules;

import java.util.List;
import java.util.Set;

/**
 * One checked rule: which methods it weaves and the event it writes for each call. Made by {@link RulesParser} from
 * an entry of {@code rules} or {@code methods}; immutable.
 */
public final class Rule {
    /** When a call writes the event. */
    public enum On {
        RETURN, THROW, BOTH
    }

    /** One field of the event: its name as written, its type in the kind, and where its value comes from. */
    public static final class Field {
        public final String name;
        /** The name after its first dot ({@code wait} of {@code rate_limiter.wait}), or the name when it has none. */
        public final String local;
        public final RuleKind.FieldType type;
        public final ValueExpression value;

        Field(String name, RuleKind.FieldType type, ValueExpression value) {
            this.name = name;
            this.local = name.substring(name.indexOf('.') + 1);
            this.type = type;
            this.value = value;
        }
    }

    /** Where it was written and its position there, as messages name it: {@code rules[2]}, {@code methods[0]}. */
    public final String label;
    /** The class name, or the supertype when {@link #subtypes}. */
    public final String type;
    public final boolean subtypes;
    /** Method names; {@code *} alone: every method the type declares (not constructors). */
    public final Set<String> methods;
    /** Parameter type names that pick one overload, or null for every overload. */
    public final List<String> parameters;
    public final On on;
    public final RuleKind kind;
    public final List<Field> fields;

    Rule(String label, String type, boolean subtypes, Set<String> methods, List<String> parameters, On on,
            RuleKind kind, List<Field> fields) {
        this.label = label;
        this.type = type;
        this.subtypes = subtypes;
        this.methods = methods;
        this.parameters = parameters;
        this.on = on;
        this.kind = kind;
        this.fields = fields;
    }

    /** {@code rules[2] (com.acme.Limiter#acquire)}: how every message about this rule names it. */
    public String describe() {
        return label + " (" + type + "#" + String.join(",", methods) + ")";
    }

    /** Whether {@code name} is one of the rule's methods. */
    public boolean matchesName(String name) {
        return methods.contains("*") || methods.contains(name);
    }
}
