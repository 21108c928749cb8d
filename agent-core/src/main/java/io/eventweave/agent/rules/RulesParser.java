package io.eventweave.agent.rules;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the rules: {@code eventweave.rules.file} (a JSON file), {@code eventweave.rules} (the same JSON inline) and
 * {@code eventweave.methods} (the {@code methods} short form, {@code ;} between classes); they add up. The JSON is read
 * by {@link RulesJson} (why not jackson-core there: its comment). Bad input is
 * never the application's problem: JSON that does not parse is one line with where (and no rule is applied); a rule
 * that cannot work is one line naming it and why, and the others apply.
 */
public final class RulesParser {
    private static final Set<String> RULE_KEYS = Set.of("type", "subtypes", "method", "parameters", "on", "event",
            "fields");

    private final PrintStream err;
    private final List<Rule> rules = new ArrayList<>();
    private boolean invalid;

    private RulesParser(PrintStream err) {
        this.err = err;
    }

    /**
     * The rules of the three settings (each may be null or blank). An unreadable file or JSON that does not parse
     * means no rules at all, as its line says: half a configuration could write half the events a user counts on.
     */
    public static List<Rule> parse(String file, String inline, String methods, PrintStream err) {
        if (isBlank(file) && isBlank(inline) && isBlank(methods)) {
            return List.of();
        }
        RulesParser parser = new RulesParser(err);
        if (file != null && !file.isBlank()) {
            String text;
            try {
                // FileInputStream, not Files.readString: the JVM has it loaded already, and NIO's file channel
                // classes (two dozen) would load in premain, on the application's start-up path
                try (FileInputStream in = new FileInputStream(file.trim())) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException | RuntimeException e) {
                err.println("eventweave: cannot read the rules file (eventweave.rules.file) " + file.trim() + ": " + e
                        + "; no rules are applied");
                return List.of();
            }
            parser.document(text, "rules file " + file.trim());
        }
        if (inline != null && !inline.isBlank()) {
            parser.document(inline, "eventweave.rules");
        }
        if (methods != null && !methods.isBlank()) {
            String[] entries = methods.split(";");
            for (int i = 0; i < entries.length; i++) {
                if (!entries[i].isBlank()) {
                    parser.methodsEntry(entries[i].trim(), "eventweave.methods[" + i + "]");
                }
            }
        }
        return parser.invalid ? List.of() : List.copyOf(parser.rules);
    }

    private void document(String text, String source) {
        Object root;
        try {
            root = RulesJson.parse(text);
        } catch (RulesJson.SyntaxError e) {
            err.println("eventweave: the " + source + " is not valid JSON at line " + e.line + ", column " + e.column
                    + ": " + e.getMessage() + "; no rules are applied");
            invalid = true;
            return;
        }
        if (!(root instanceof Map)) {
            err.println("eventweave: the " + source + " must be a JSON object with \"rules\" and/or \"methods\"; "
                    + "no rules are applied");
            invalid = true;
            return;
        }
        Map<?, ?> top = (Map<?, ?>) root;
        for (Object key : top.keySet()) {
            if (!key.equals("rules") && !key.equals("methods")) {
                err.println("eventweave: the " + source + " has an unknown key \"" + key
                        + "\" (accepted: rules, methods); it is ignored");
            }
        }
        Object list = top.get("rules");
        if (list != null) {
            if (!(list instanceof List)) {
                err.println("eventweave: \"rules\" in the " + source + " must be a list; those rules are skipped");
            } else {
                List<?> entries = (List<?>) list;
                for (int i = 0; i < entries.size(); i++) {
                    rule(entries.get(i), source + " rules[" + i + "]");
                }
            }
        }
        Object methods = top.get("methods");
        if (methods != null) {
            if (!(methods instanceof List)) {
                err.println("eventweave: \"methods\" in the " + source + " must be a list of \"Class#m1,m2\"; "
                        + "it is skipped");
            } else {
                List<?> entries = (List<?>) methods;
                for (int i = 0; i < entries.size(); i++) {
                    Object entry = entries.get(i);
                    String label = source + " methods[" + i + "]";
                    if (entry instanceof String) {
                        methodsEntry((String) entry, label);
                    } else {
                        err.println("eventweave: " + label + " must be a string \"Class#m1,m2\"; it is skipped");
                    }
                }
            }
        }
    }

    /** {@code com.acme.Cache#get,put} or {@code com.acme.Cache#*}: an {@code app.method} per call. */
    private void methodsEntry(String entry, String label) {
        int hash = entry.indexOf('#');
        String type = hash < 0 ? entry : entry.substring(0, hash).trim();
        String names = hash < 0 ? "" : entry.substring(hash + 1).trim();
        if (hash < 0 || !isClassName(type) || names.isEmpty()) {
            err.println("eventweave: " + label + " '" + entry + "' is not Class#method[,method...] or Class#*; "
                    + "it is skipped");
            return;
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String name : names.split(",")) {
            String m = name.trim();
            if (!m.equals("*") && !ValueExpression.isIdentifier(m)) {
                err.println("eventweave: " + label + " '" + entry + "': '" + m + "' is not a method name; it is "
                        + "skipped");
                return;
            }
            methods.add(m);
        }
        rules.add(new Rule(label, type, false, Set.copyOf(methods), null, Rule.On.BOTH,
                RuleKind.of(RuleKind.APP_METHOD), List.of()));
    }

    private void rule(Object entry, String label) {
        if (!(entry instanceof Map)) {
            err.println("eventweave: " + label + " must be an object; it is skipped");
            return;
        }
        Map<?, ?> map = (Map<?, ?>) entry;
        String name = label + " (" + map.get("type") + "#" + map.get("method") + ")";
        try {
            rules.add(check(map, label));
        } catch (IllegalArgumentException e) {
            err.println("eventweave: " + name + ": " + e.getMessage() + "; that rule is skipped");
        }
    }

    private static Rule check(Map<?, ?> map, String label) {
        for (Object key : map.keySet()) {
            if (!RULE_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" (accepted: type, subtypes, method, "
                        + "parameters, on, event, fields)");
            }
        }
        String type = string(map, "type", true);
        if (!isClassName(type)) {
            throw new IllegalArgumentException("\"type\" '" + type + "' is not a class name");
        }
        Object subtypesValue = map.get("subtypes");
        if (subtypesValue != null && !(subtypesValue instanceof Boolean)) {
            throw new IllegalArgumentException("\"subtypes\" must be true or false");
        }
        boolean subtypes = Boolean.TRUE.equals(subtypesValue);
        String method = string(map, "method", true);
        if (!method.equals("*") && !ValueExpression.isIdentifier(method)) {
            throw new IllegalArgumentException("\"method\" '" + method + "' is not a method name");
        }
        List<String> parameters = null;
        Object params = map.get("parameters");
        if (params != null) {
            if (!(params instanceof List)) {
                throw new IllegalArgumentException("\"parameters\" must be a list of type names");
            }
            parameters = new ArrayList<>();
            for (Object p : (List<?>) params) {
                if (!(p instanceof String) || ((String) p).isBlank()) {
                    throw new IllegalArgumentException("\"parameters\" must be a list of type names");
                }
                parameters.add(((String) p).trim());
            }
            parameters = List.copyOf(parameters);
        }
        Rule.On on = Rule.On.BOTH;
        String onText = string(map, "on", false);
        if (onText != null) {
            switch (onText) {
                case "return":
                    on = Rule.On.RETURN;
                    break;
                case "throw":
                    on = Rule.On.THROW;
                    break;
                case "both":
                    break;
                default:
                    throw new IllegalArgumentException("\"on\" '" + onText + "' is not return, throw or both");
            }
        }
        RuleKind kind = RuleKind.of(string(map, "event", true));
        List<Rule.Field> fields = new ArrayList<>();
        Object fieldsValue = map.get("fields");
        if (fieldsValue != null) {
            if (!(fieldsValue instanceof Map)) {
                throw new IllegalArgumentException("\"fields\" must be an object of field names to values");
            }
            for (Map.Entry<?, ?> field : ((Map<?, ?>) fieldsValue).entrySet()) {
                String fieldName = (String) field.getKey();
                RuleKind.FieldType fieldType = kind.fieldType(fieldName);
                fields.add(new Rule.Field(fieldName, fieldType, value(fieldName, field.getValue())));
            }
        }
        return new Rule(label, type, subtypes, Set.of(method), parameters, on, kind, List.copyOf(fields));
    }

    private static ValueExpression value(String field, Object value) {
        try {
            if (value instanceof String) {
                return ValueExpression.parse((String) value);
            }
            if (value instanceof Number || value instanceof Boolean) {
                return ValueExpression.constant(value);
            }
            if (value instanceof Map) {
                Map<?, ?> object = (Map<?, ?>) value;
                for (Object key : object.keySet()) {
                    if (!key.equals("value") && !key.equals("map")) {
                        throw new IllegalArgumentException("unknown key \"" + key + "\" (accepted: value, map)");
                    }
                }
                if (!(object.get("value") instanceof String)) {
                    throw new IllegalArgumentException("\"value\" must be a string such as \"return\"");
                }
                ValueExpression expression = ValueExpression.parse((String) object.get("value"));
                Object words = object.get("map");
                if (words == null) {
                    return expression;
                }
                if (!(words instanceof Map)) {
                    throw new IllegalArgumentException("\"map\" must be an object of values to words");
                }
                Map<String, String> table = new LinkedHashMap<>();
                for (Map.Entry<?, ?> word : ((Map<?, ?>) words).entrySet()) {
                    if (!(word.getValue() instanceof String)) {
                        throw new IllegalArgumentException("\"map\" must map values to words (strings)");
                    }
                    table.put((String) word.getKey(), (String) word.getValue());
                }
                return expression.withMap(table);
            }
            throw new IllegalArgumentException("a value must be a string, a number, true/false or {\"value\", \"map\"}");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "': " + e.getMessage());
        }
    }

    private static String string(Map<?, ?> map, String key, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException("\"" + key + "\" is missing");
            }
            return null;
        }
        if (!(value instanceof String) || ((String) value).isBlank()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a non-empty string");
        }
        return ((String) value).trim();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static boolean isClassName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        int from = 0;
        for (int dot = name.indexOf('.'); ; dot = name.indexOf('.', from)) {
            int to = dot < 0 ? name.length() : dot;
            if (!ValueExpression.isIdentifier(name, from, to)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            from = dot + 1;
        }
    }
}
