package io.eventweave.agent.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One value of a rule's {@code fields}, as written: a root ({@code arg0} … {@code arg9}, {@code this}, {@code return},
 * {@code thrown}) with an optional path of fields or accessors ({@code arg0.url}, {@code return.size}), or a constant
 * ({@code 'text'}, a number, {@code true}/{@code false}); then optionally {@code as ns|us|ms|s} (the unit of a number
 * that is a duration) or {@code as text} (the value's {@code toString()}, called on the application thread). The
 * object form {@code {"value": "return", "map": {"true": "acquired"}}} adds words for values.
 */
public final class ValueExpression {
    /** Where the value comes from. */
    public enum Root {
        ARGUMENT, THIS, RETURN, THROWN, CONSTANT
    }

    /** What {@code as ...} said. */
    public enum Unit {
        NONE(1), NANOSECONDS(1), MICROSECONDS(1_000), MILLISECONDS(1_000_000), SECONDS(1_000_000_000), TEXT(1);

        /** Nanoseconds in one of this unit (1 for the units that are not durations). */
        public final long nanos;

        Unit(long nanos) {
            this.nanos = nanos;
        }

        public boolean isDuration() {
            return this != NONE && this != TEXT;
        }
    }

    public final Root root;
    /** For {@link Root#ARGUMENT}: 0 to 9. */
    public final int argument;
    /** Names after the root, in order; empty for none. */
    public final List<String> path;
    /** For {@link Root#CONSTANT}: a String, Long, Double or Boolean. */
    public final Object constant;
    public final Unit unit;
    /** Words for values (the value's text, as written, to the word); empty for none. */
    public final Map<String, String> map;
    /** As the rule wrote it, for messages. */
    public final String text;

    private ValueExpression(Root root, int argument, List<String> path, Object constant, Unit unit,
            Map<String, String> map, String text) {
        this.root = root;
        this.argument = argument;
        this.path = path;
        this.constant = constant;
        this.unit = unit;
        this.map = map;
        this.text = text;
    }

    /** A constant from a JSON number or boolean. */
    static ValueExpression constant(Object value) {
        return new ValueExpression(Root.CONSTANT, -1, List.of(), value, Unit.NONE, Map.of(), String.valueOf(value));
    }

    /** This expression with words for its values. */
    ValueExpression withMap(Map<String, String> words) {
        return new ValueExpression(root, argument, path, constant, unit, Collections.unmodifiableMap(words), text);
    }

    /**
     * Parses the string form.
     *
     * @throws IllegalArgumentException saying what is wrong, for a message that names the rule and the field
     */
    public static ValueExpression parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("an empty value");
        }
        Unit unit = Unit.NONE;
        int as = s.lastIndexOf(" as ");
        if (as > 0 && !s.startsWith("'")) {
            String u = s.substring(as + 4).trim().toLowerCase(Locale.ROOT);
            switch (u) {
                case "ns":
                    unit = Unit.NANOSECONDS;
                    break;
                case "us":
                    unit = Unit.MICROSECONDS;
                    break;
                case "ms":
                    unit = Unit.MILLISECONDS;
                    break;
                case "s":
                    unit = Unit.SECONDS;
                    break;
                case "text":
                    unit = Unit.TEXT;
                    break;
                default:
                    throw new IllegalArgumentException("'" + text + "': unknown 'as " + u
                            + "' (accepted: as ns, as us, as ms, as s, as text)");
            }
            s = s.substring(0, as).trim();
        }
        if (s.startsWith("'")) {
            if (s.length() < 2 || !s.endsWith("'")) {
                throw new IllegalArgumentException("'" + text + "': a text constant must end with a quote");
            }
            if (unit != Unit.NONE) {
                throw new IllegalArgumentException("'" + text + "': a text constant takes no 'as'");
            }
            return new ValueExpression(Root.CONSTANT, -1, List.of(), s.substring(1, s.length() - 1).replace("''", "'"),
                    unit, Map.of(), text);
        }
        if (s.equals("true") || s.equals("false")) {
            return new ValueExpression(Root.CONSTANT, -1, List.of(), Boolean.valueOf(s), unit, Map.of(), text);
        }
        char first = s.charAt(0);
        if (first == '-' || (first >= '0' && first <= '9')) {
            Object number;
            try {
                number = s.contains(".") || s.contains("e") || s.contains("E") ? (Object) Double.valueOf(s)
                        : (Object) Long.valueOf(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a number");
            }
            return new ValueExpression(Root.CONSTANT, -1, List.of(), number, unit, Map.of(), text);
        }
        String[] parts = s.split("\\.", -1);
        Root root;
        int argument = -1;
        String head = parts[0];
        if (head.equals("this")) {
            root = Root.THIS;
        } else if (head.equals("return")) {
            root = Root.RETURN;
        } else if (head.equals("thrown")) {
            root = Root.THROWN;
        } else if (head.length() == 4 && head.startsWith("arg") && Character.isDigit(head.charAt(3))) {
            root = Root.ARGUMENT;
            argument = head.charAt(3) - '0';
        } else {
            throw new IllegalArgumentException("'" + text + "' starts with neither arg0..arg9, this, return, thrown, "
                    + "a 'text' constant nor a number");
        }
        List<String> path = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String name = parts[i];
            if (name.endsWith("()")) {
                name = name.substring(0, name.length() - 2); // name() and name say the same
            }
            if (!isIdentifier(name)) {
                throw new IllegalArgumentException("'" + text + "': '" + parts[i] + "' is not a field or accessor name");
            }
            path.add(name);
        }
        return new ValueExpression(root, argument, List.copyOf(path), null, unit, Map.of(), text);
    }

    /** A Java identifier: a field's, an accessor's or a method's name. */
    static boolean isIdentifier(String name) {
        return isIdentifier(name, 0, name.length());
    }

    /**
     * Whether {@code name[from, to)} is a Java identifier. ASCII is checked inline: the rules are read in
     * {@code premain}, interpreted, where {@code Character}'s tables cost a few calls per character.
     */
    static boolean isIdentifier(String name, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = name.charAt(i);
            boolean ascii = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'
                    || (i > from && c >= '0' && c <= '9');
            if (!ascii && (c < 128 || !(i == from ? Character.isJavaIdentifierStart(c)
                    : Character.isJavaIdentifierPart(c)))) {
                return false;
            }
        }
        return true;
    }

    public boolean isConstant() {
        return root == Root.CONSTANT;
    }

    @Override
    public String toString() {
        return text;
    }
}
