package io.eventweave.cli.check;

import static io.eventweave.cli.check.Keywords.ALWAYS;
import static io.eventweave.cli.check.Keywords.NEVER;

import io.eventweave.cli.input.JsonLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JSON Schema (draft 2020-12) validator for the subset {@code docs/event-schema.json} uses, for the {@code check}
 * command: the agent jar may carry jackson-core only, so no validator library. It works on the values
 * {@link JsonLines} parses.
 *
 * <p>The schema is compiled once into a tree of {@link Check}s. A line is first tested without collecting anything
 * (no allocation but regex matchers, stopping at the first failure), since nearly every line is valid; only an
 * invalid line is walked again to say what is wrong.
 *
 * <p>Supported: {@code type}, {@code enum}, {@code const}, {@code minLength}, {@code pattern}, {@code minimum},
 * {@code maximum}, {@code properties}, {@code additionalProperties}, {@code required}, {@code dependentRequired},
 * {@code propertyNames}, {@code items}, {@code uniqueItems}, {@code allOf}, {@code anyOf}, {@code not},
 * {@code if}/{@code then}/{@code else}, local {@code $ref}s and boolean schemas; {@code format} and the documentation
 * keywords are annotations. Any other keyword is refused when the schema is compiled: skipped silently, it would let
 * invalid lines pass once the schema starts using it.
 */
public final class SchemaValidator {
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$comment", "$defs", "title", "description",
            "format", "examples", "default", "deprecated", "readOnly", "writeOnly", "then", "else");

    private final Check root;

    private SchemaValidator(Check root) {
        this.root = root;
    }

    /** The packaged event schema, parsed and compiled once. */
    public static SchemaValidator eventSchema() {
        return EventSchema.VALIDATOR;
    }

    /**
     * Any schema of the supported subset, as {@link JsonLines} parses it.
     *
     * @throws IllegalArgumentException for a keyword outside the subset, or a {@code $ref} to nothing
     */
    public static SchemaValidator of(Map<String, Object> schema) {
        return new SchemaValidator(new Compiler(schema).compile());
    }

    /** The problems of one parsed line, at most {@value Problems#LIMIT}: empty when it matches. */
    public List<String> validate(Map<String, Object> line) {
        if (root.test(line, null, null)) {
            return List.of();
        }
        Problems problems = new Problems();
        root.test(line, "", problems);
        // both passes run the same checks, so this is a safety net: never "invalid" without a reason
        return problems.found.isEmpty() ? List.of("/: does not match the schema") : problems.lines();
    }

    /** Loaded on first use: the other commands never pay for it. */
    private static final class EventSchema {
        static final SchemaValidator VALIDATOR = load("event-schema.json");

        private static SchemaValidator load(String resource) {
            try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the event schema " + resource + " is not on the class path");
                }
                return of(JsonLines.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, 1).root());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JsonLines.BrokenLine e) {
                throw new IllegalStateException("the event schema " + resource + " is not JSON: " + e.getMessage());
            }
        }
    }

    /**
     * One keyword, or a whole schema. {@code problems} null is the fast pass: only the answer, and {@code at} (the
     * value's JSON Pointer) is null too. Otherwise the check also adds what is wrong and looks past the first failure.
     */
    @FunctionalInterface
    interface Check {
        boolean test(Object value, String at, Problems problems);
    }

    /** The keywords of one schema object, or an {@code allOf}: every one must hold. */
    private record AllOf(Check[] checks) implements Check {
        @Override
        public boolean test(Object value, String at, Problems problems) {
            boolean valid = true;
            for (Check check : checks) {
                if (!check.test(value, at, problems)) {
                    if (!Keywords.goOn(problems)) {
                        return false;
                    }
                    valid = false;
                }
            }
            return valid;
        }
    }

    /** A {@code $ref}, tied to its target once the whole document is compiled (targets may refer back). */
    private static final class Ref implements Check {
        final String pointer;
        Check target;

        Ref(String pointer) {
            this.pointer = pointer;
        }

        @Override
        public boolean test(Object value, String at, Problems problems) {
            return target.test(value, at, problems);
        }
    }

    private record AnyOf(Check[] branches) implements Check {
        @Override
        public boolean test(Object value, String at, Problems problems) {
            for (Check branch : branches) {
                if (branch.test(value, null, null)) {
                    return true;
                }
            }
            if (problems == null) {
                return false;
            }
            List<Problems> failures = new ArrayList<>();
            for (Check branch : branches) {
                Problems failure = new Problems();
                branch.test(value, at, failure);
                failures.add(failure);
            }
            if (failures.stream().allMatch(failure -> failure.found.size() == 1
                    && failure.found.get(0).at().equals(at) && failure.found.get(0).value() != null)) {
                // each branch refused the value itself: say at once what would have done, "'x' is not one of
                // a, b and does not match ^app\."
                return problems.add(new Problems.Problem(at, failures.get(0).found.get(0).value(), failures.stream()
                        .map(failure -> failure.found.get(0).reason()).collect(Collectors.joining(" and "))));
            }
            // else the branch that got furthest into the value (failed deepest) is the one the line meant
            Comparator<Problems> furthest = Comparator.comparingInt(failure -> failure.found.stream()
                    .mapToInt(Problems.Problem::depth).min().orElse(0));
            failures.stream().max(furthest.thenComparing(failure -> -failure.found.size()))
                    .ifPresent(best -> best.found.forEach(problems::add));
            return false;
        }
    }

    /** Compiles one schema document: every subschema once, {@code $ref}s resolved after the walk. */
    private static final class Compiler {
        private final Map<String, Object> document;
        private final Map<String, Check> compiledByPointer = new HashMap<>();
        private final ArrayDeque<Ref> unresolved = new ArrayDeque<>();

        Compiler(Map<String, Object> document) {
            this.document = document;
        }

        Check compile() {
            Check root = schema(document, "#");
            compiledByPointer.put("#", root);
            for (Ref ref = unresolved.poll(); ref != null; ref = unresolved.poll()) {
                Check target = compiledByPointer.get(ref.pointer);
                if (target == null) {
                    target = schema(resolve(ref.pointer), ref.pointer);
                    compiledByPointer.put(ref.pointer, target);
                }
                ref.target = target;
            }
            return root;
        }

        private Object resolve(String pointer) {
            if (!pointer.equals("#") && !pointer.startsWith("#/")) {
                throw new IllegalArgumentException("only local $refs (#/...) are supported: " + pointer);
            }
            Object node = document;
            for (String token : pointer.substring(1).split("/")) {
                String key = token.replace("~1", "/").replace("~0", "~");
                node = token.isEmpty() ? node : node instanceof Map<?, ?> map ? map.get(key)
                        : node instanceof List<?> list && key.matches("\\d{1,9}") && Integer.parseInt(key) < list.size()
                                ? list.get(Integer.parseInt(key)) : null;
                if (node == null) {
                    throw new IllegalArgumentException("$ref " + pointer + " points to nothing");
                }
            }
            return node;
        }

        /** {@code where} is the schema's own pointer, for the message when it cannot be compiled. */
        private Check schema(Object schema, String where) {
            if (schema instanceof Boolean allowed) {
                return allowed ? ALWAYS : NEVER;
            }
            Map<String, Object> keywords = object(schema, where);
            List<Check> checks = new ArrayList<>();
            for (Map.Entry<String, Object> keyword : keywords.entrySet()) {
                Check check = keyword(keyword.getKey(), keyword.getValue(), keywords, where);
                if (check != null) {
                    // type first, so that a wrong type is the first thing said about a value
                    checks.add(keyword.getKey().equals("type") ? 0 : checks.size(), check);
                }
            }
            return checks.isEmpty() ? ALWAYS : checks.size() == 1 ? checks.get(0)
                    : new AllOf(checks.toArray(Check[]::new));
        }

        /** The check of one keyword, or null for one that asserts nothing or is compiled with another. */
        private Check keyword(String name, Object value, Map<String, Object> keywords, String schemaAt) {
            String where = schemaAt + "/" + name;
            switch (name) {
                case "type":
                    return type(value instanceof List<?> list ? list : List.of(value), where);
                case "$ref": {
                    Ref ref = new Ref(as(String.class, value, where));
                    unresolved.add(ref);
                    return ref;
                }
                case "enum":
                    return Keywords.oneOfValues(as(List.class, value, where));
                case "const":
                    return Keywords.constant(value);
                case "minLength":
                    return Keywords.minLength(as(Number.class, value, where).intValue());
                case "pattern":
                    return Keywords.pattern(as(String.class, value, where));
                case "minimum":
                case "maximum":
                    return Keywords.bound(name.equals("minimum"), as(Number.class, value, where));
                case "required":
                    return Keywords.required(null, texts(value, where));
                case "dependentRequired":
                    return new AllOf(object(value, where).entrySet().stream().map(dependency -> Keywords.required(
                            dependency.getKey(), texts(dependency.getValue(), where))).toArray(Check[]::new));
                case "properties":
                case "additionalProperties": {
                    if (name.equals("additionalProperties") && keywords.containsKey("properties")) {
                        return null; // compiled with properties, which names what is not additional
                    }
                    Map<String, Check> declared = new LinkedHashMap<>();
                    object(keywords.getOrDefault("properties", Map.of()), where).forEach((property, schema) ->
                            declared.put(property, schema(schema, schemaAt + "/properties/" + property)));
                    Object others = keywords.get("additionalProperties");
                    return Keywords.properties(declared,
                            others == null ? null : schema(others, schemaAt + "/additionalProperties"));
                }
                case "propertyNames":
                    return Keywords.propertyNames(schema(value, where), !(value instanceof Map<?, ?> names
                            && (names.containsKey("enum") || names.containsKey("const"))));
                case "items":
                    return Keywords.items(schema(value, where)); // an array here is 2019-09's: refused as no schema
                case "uniqueItems":
                    return Boolean.TRUE.equals(value) ? Keywords.UNIQUE_ITEMS : null;
                case "allOf":
                    return new AllOf(schemas(value, where));
                case "anyOf":
                    return new AnyOf(schemas(value, where));
                case "not": {
                    Check refused = schema(value, where);
                    return (instance, at, problems) -> !refused.test(instance, null, null)
                            || Keywords.fail(problems, at, instance, "is not allowed here");
                }
                case "if": {
                    Check condition = schema(value, where);
                    Check then = schema(keywords.getOrDefault("then", true), schemaAt + "/then");
                    Check otherwise = schema(keywords.getOrDefault("else", true), schemaAt + "/else");
                    if (then == ALWAYS && otherwise == ALWAYS) {
                        return null;
                    }
                    return (instance, at, problems) -> condition.test(instance, null, null)
                            ? then.test(instance, at, problems) : otherwise.test(instance, at, problems);
                }
                default:
                    if (ANNOTATIONS.contains(name)) {
                        return null;
                    }
                    throw new IllegalArgumentException(where + ": the keyword " + name + " is not supported (the"
                            + " check command knows the subset of JSON Schema that docs/event-schema.json uses)");
            }
        }

        private Check[] schemas(Object value, String where) {
            List<?> list = as(List.class, value, where);
            Check[] checks = new Check[list.size()];
            for (int i = 0; i < checks.length; i++) {
                checks[i] = schema(list.get(i), where + "/" + i);
            }
            return checks;
        }

        private static Check type(List<?> names, String where) {
            int allowed = 0;
            for (Object name : names) {
                int type = Keywords.TYPE_NAMES.indexOf(name);
                if (type < 0) {
                    throw new IllegalArgumentException(where + ": unknown type " + name);
                }
                // a "number" may be an integer; an "integer" may not have a fraction
                allowed |= 1 << type | (type == Keywords.NUMBER ? 1 << Keywords.INTEGER : 0);
            }
            return Keywords.type(allowed, names.stream().map(name -> Keywords.article((String) name))
                    .collect(Collectors.joining(" or ")));
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> object(Object value, String where) {
            return as(Map.class, value, where);
        }

        private static List<String> texts(Object value, String where) {
            return ((List<?>) as(List.class, value, where)).stream().map(text -> as(String.class, text, where))
                    .toList();
        }

        private static <T> T as(Class<T> type, Object value, String where) {
            if (type.isInstance(value)) {
                return type.cast(value);
            }
            throw new IllegalArgumentException(where + ": expected a " + type.getSimpleName() + ", not " + value);
        }
    }
}
