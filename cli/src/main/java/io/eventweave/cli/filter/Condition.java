package io.eventweave.cli.filter;

import io.eventweave.cli.input.EventView;
import java.util.List;

/** A compiled filter is a tree of these, built once by {@link FilterParser} and evaluated for every record. */
interface Condition {
    boolean test(EventView record);

    enum Operator {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        static Operator of(String symbol) {
            for (Operator operator : values()) {
                if (operator.symbol.equals(symbol)) {
                    return operator;
                }
            }
            return null;
        }

        /** Whether a {@link Literal#compare} outcome satisfies this operator. */
        boolean accepts(int outcome) {
            return switch (this) {
                case EQ -> outcome == Literal.EQUAL || outcome == Literal.SAME;
                case NE -> outcome == Literal.LESS || outcome == Literal.GREATER || outcome == Literal.DIFFERENT;
                case LT -> outcome == Literal.LESS;
                case LE -> outcome == Literal.LESS || outcome == Literal.EQUAL;
                case GT -> outcome == Literal.GREATER;
                case GE -> outcome == Literal.GREATER || outcome == Literal.EQUAL;
            };
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(EventView record) {
            return left.test(record) && right.test(record);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(EventView record) {
            return left.test(record) || right.test(record);
        }
    }

    record Not(Condition inner) implements Condition {
        @Override
        public boolean test(EventView record) {
            return !inner.test(record);
        }
    }

    record Exists(String field) implements Condition {
        @Override
        public boolean test(EventView record) {
            return record.get(field) != null;
        }
    }

    record Compare(String field, Operator operator, Literal literal) implements Condition {
        @Override
        public boolean test(EventView record) {
            Object value = record.get(field);
            return isScalar(value) && operator.accepts(literal.compare(value));
        }
    }

    /** {@code negated} is NOT IN, which like every other test is false when the field is absent. */
    record In(String field, List<Literal> literals, boolean negated) implements Condition {
        @Override
        public boolean test(EventView record) {
            Object value = record.get(field);
            if (!isScalar(value)) {
                return false;
            }
            for (int i = 0; i < literals.size(); i++) {
                if (Operator.EQ.accepts(literals.get(i).compare(value))) {
                    return !negated;
                }
            }
            return negated;
        }
    }

    /** The pattern split at its {@code *}s: {@code 'a*b*c'} is [a, b, c], {@code '*'} is [, ]. */
    record Like(String field, List<String> parts, boolean negated) implements Condition {
        @Override
        public boolean test(EventView record) {
            String text = record.text(field);
            return text != null && matches(text) != negated;
        }

        private boolean matches(String text) {
            String first = parts.get(0);
            if (parts.size() == 1) {
                return text.equals(first);
            }
            String last = parts.get(parts.size() - 1);
            // The length check keeps prefix and suffix from sharing characters ('a*a' must not match "a").
            if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
                return false;
            }
            // Taking each middle part at its first occurrence is enough: a later one could only leave less room.
            int from = first.length();
            int end = text.length() - last.length();
            for (int i = 1; i < parts.size() - 1; i++) {
                String part = parts.get(i);
                int at = text.indexOf(part, from);
                if (at < 0 || at + part.length() > end) {
                    return false;
                }
                from = at + part.length();
            }
            return true;
        }
    }

    record Contains(String field, String part, boolean negated) implements Condition {
        @Override
        public boolean test(EventView record) {
            String text = record.text(field);
            return text != null && text.contains(part) != negated;
        }
    }

    /** Objects, arrays and absent fields (null) are not scalars: for them only EXISTS holds. */
    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean;
    }
}
