package io.eventweave.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.eventweave.cli.input.JsonLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Our validator against the reference, networknt's json-schema-validator: on the documented example lines, on
 * thousands of mutations of them, and on tiny schemas of one keyword each.
 */
class SchemaValidatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Path REPOSITORY = repositoryRoot();

    private static final String ENVELOPE = "\"service\":{\"name\":\"checkout\",\"instance\":{\"id\":"
            + "\"9b92a061-061e-430f-a71e-43be46ad4d0b\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":14123},"
            + "\"schema\":{\"version\":\"1\"}";
    private static final String TRACE = "\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},"
            + "\"span\":{\"id\":\"00f067aa0ba902b7\"}";

    /** Kinds docs/schema.md shows no line of, written from its tables (and checked by the oracle like the rest). */
    private static final List<String> WRITTEN_HERE = List.of(
            "{'@timestamp':'2026-11-22T15:01:26.200000000Z','event':{'name':'http.server.request','sequence':7,"
                    + "'provider':'servlet','outcome':'failure','duration':1200000}," + TRACE + ",'http':{'request':"
                    + "{'method':'POST'},'response':{'status_code':503},'route':'/orders/{id}'},'url':{'scheme':'http',"
                    + "'path':'/orders/17'},'server':{'address':'127.0.0.1','port':8080},'error':{'type':'503'},"
                    + ENVELOPE + "}",
            "{'@timestamp':'2026-11-22T15:01:27.000000000Z','event':{'name':'agent.output.resumed','sequence':42},"
                    + "'agent':{'output':{'path':'/tmp/x.jsonl','lost':3,'error':'java.io.IOException: No space'}},"
                    + ENVELOPE + "}",
            "{'@timestamp':'2026-11-22T15:01:28.000000000Z','event':{'name':'circuit_breaker.state_change',"
                    + "'sequence':8,'provider':'resilience4j'}," + TRACE + ",'circuit_breaker':{'name':'inventory',"
                    + "'previous_state':'closed','state':'open','failure_rate':62.5}," + ENVELOPE + "}",
            "{'@timestamp':'2026-11-22T15:01:28.100000000Z','event':{'name':'circuit_breaker.rejected','sequence':9,"
                    + "'provider':'resilience4j','outcome':'failure'},'circuit_breaker':{'name':'inventory',"
                    + "'state':'forced_open'},'error':{'type':'CallNotPermittedException'}," + ENVELOPE + "}",
            "{'@timestamp':'2026-11-22T15:01:28.200000000Z','event':{'name':'bulkhead.rejected','sequence':10,"
                    + "'provider':'resilience4j','outcome':'failure'}," + TRACE + ",'bulkhead':{'name':'inventory'},"
                    + ENVELOPE + "}",
            "{'@timestamp':'2026-11-22T15:01:28.300000000Z','event':{'name':'time_limiter.timeout','sequence':11,"
                    + "'provider':'failsafe','outcome':'failure'},'time_limiter':{'name':'Client.java:42',"
                    + "'timeout':2000000000},'error':{'type':'dev.failsafe.TimeoutExceededException'},"
                    + ENVELOPE + "}");

    private static final List<String> EXAMPLES = examples();

    private static final JsonSchema ORACLE = oracle();

    private static Path repositoryRoot() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("docs/schema.md"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no docs/schema.md above " + Path.of("").toAbsolutePath());
    }

    /**
     * Every line of docs/schema.md; docs/rules.md's lines with the envelope it says it leaves out; agent.stats, which
     * the docs describe as agent.stop renamed; and the kinds {@link #WRITTEN_HERE}.
     */
    private static List<String> examples() {
        try {
            List<String> lines = new ArrayList<>();
            List<String> documented = Files.readAllLines(REPOSITORY.resolve("docs/schema.md")).stream()
                    .filter(line -> line.startsWith("{\"@timestamp")).toList();
            lines.addAll(documented);
            documented.stream().filter(line -> line.contains("\"name\":\"agent.stop\""))
                    .map(line -> line.replace("\"name\":\"agent.stop\"", "\"name\":\"agent.stats\""))
                    .forEach(lines::add);
            Files.readAllLines(REPOSITORY.resolve("docs/rules.md")).stream()
                    .filter(line -> line.startsWith("{\"@timestamp") && !line.contains("\"service\""))
                    .map(line -> line.substring(0, line.length() - 1) + "," + ENVELOPE + "}")
                    .forEach(lines::add);
            WRITTEN_HERE.stream().map(line -> line.replace('\'', '"')).forEach(lines::add);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Format assertions off: for 2020-12 "format" is an annotation, and ours ignores it. */
    private static JsonSchema oracle() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(false)
                .pathType(PathType.JSON_POINTER)
                .build();
        try (InputStream in = SchemaValidator.class.getResourceAsStream("event-schema.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(MAPPER.readTree(in), config);
            schema.initializeValidators();
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> parsed(String json) {
        try {
            return JsonLines.parse(json, "test", 1).root();
        } catch (JsonLines.BrokenLine e) {
            throw new AssertionError("not a JSON object: " + json, e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static List<String> oursOn(String line) {
        return SchemaValidator.eventSchema().validate(parsed(line));
    }

    private static List<String> oracleOn(String line) {
        return ORACLE.validate(tree(line)).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    @Test
    void everyDocumentedLineIsValidInBoth() {
        Set<String> kinds = new TreeSet<>();
        for (String line : EXAMPLES) {
            assertEquals(List.of(), oracleOn(line), () -> "networknt rejects the example " + line);
            assertEquals(List.of(), oursOn(line), () -> "ours rejects the example " + line);
            kinds.add(tree(line).at("/event/name").asText().replaceFirst("^app\\..*", "app.*"));
        }
        // every kind the schema's event.name enum lists, and an application's own
        assertEquals(15, kinds.size(), () -> "examples of " + kinds);
    }

    /** One mutated line: how it was made, and its text, which both validators parse themselves. */
    private record Variant(String made, String json) {
    }

    @Test
    void mutationsAreJudgedAsTheReferenceJudgesThem() {
        Map<String, Variant> variants = new LinkedHashMap<>();
        for (String example : EXAMPLES) {
            for (Variant variant : variantsOf(example)) {
                variants.putIfAbsent(variant.json(), variant);
            }
        }
        List<String> disagreements = new ArrayList<>();
        int invalid = 0;
        for (Variant variant : variants.values()) {
            List<String> ours = oursOn(variant.json());
            List<String> reference = oracleOn(variant.json());
            if (ours.isEmpty() != reference.isEmpty()) {
                disagreements.add(variant.made() + "\n    line: " + variant.json() + "\n    ours: "
                        + (ours.isEmpty() ? "valid" : ours) + "\n    networknt: "
                        + (reference.isEmpty() ? "valid" : reference));
            } else if (!ours.isEmpty()) {
                invalid++;
                assertTrue(ours.size() <= Problems.LIMIT && ours.stream().allMatch(problem -> problem.startsWith("/")),
                        () -> "problems of " + variant.json() + ": " + ours);
            }
        }
        System.out.printf("SchemaValidatorTest: %d variants of %d example lines compared with networknt, "
                + "%d invalid, %d disagreements%n", variants.size(), EXAMPLES.size(), invalid, disagreements.size());
        if (!disagreements.isEmpty()) {
            fail(disagreements.size() + " of " + variants.size() + " variants judged differently, for example:\n"
                    + disagreements.stream().limit(15).collect(Collectors.joining("\n")));
        }
        assertTrue(invalid > variants.size() / 2, "the mutations should mostly break lines: " + invalid);
    }

    private static final List<JsonNode> STRING_SWAPS = List.of(NODES.textNode(""), NODES.textNode("x"),
            NODES.textNode("failure"), NODES.textNode("success"), NODES.textNode("rules"), NODES.textNode("/"),
            NODES.textNode("/a?b=1"), NODES.textNode("1"), NODES.textNode("open"), NODES.textNode("app.x"),
            NODES.textNode("0".repeat(32)), NODES.textNode("0".repeat(16)), NODES.textNode("ab"),
            NODES.textNode("eventweave.x"), NODES.numberNode(7), NODES.nullNode(), NODES.booleanNode(true));
    private static final List<JsonNode> NUMBER_SWAPS = List.of(NODES.numberNode(-1), NODES.numberNode(0),
            NODES.numberNode(1), NODES.numberNode(99), NODES.numberNode(100), NODES.numberNode(399),
            NODES.numberNode(400), NODES.numberNode(499), NODES.numberNode(500), NODES.numberNode(999),
            NODES.numberNode(1000), NODES.numberNode(65535), NODES.numberNode(65536), NODES.numberNode(1.5),
            NODES.numberNode(2.0), NODES.numberNode(-0.5), NODES.numberNode(100.5), NODES.numberNode(Long.MAX_VALUE),
            NODES.numberNode(new BigInteger("100000000000000000000000")), NODES.textNode("1"), NODES.nullNode());
    private static final List<String> NAMES = List.of("http.client.request", "http.server.request", "agent.start",
            "agent.stats", "agent.stop", "agent.file", "agent.output.resumed", "rate_limiter.acquire",
            "circuit_breaker.state_change", "circuit_breaker.rejected", "retry.attempt", "fallback.invoke",
            "bulkhead.rejected", "time_limiter.timeout", "app.x", "app.", "app.a..b", "app.a-b.c_d", "unknown.kind",
            "HTTP.client.request");

    private static List<Variant> variantsOf(String example) {
        ObjectNode line = (ObjectNode) tree(example);
        List<Variant> variants = new ArrayList<>();
        mutate(line, line, "", variants);
        for (String name : NAMES) {
            variants.add(replaced(line, "/event/name", NODES.textNode(name)));
        }
        // every top-level field of every other kind, into this one: what one kind allows another may not
        for (String other : EXAMPLES) {
            Iterator<Map.Entry<String, JsonNode>> fields = tree(other).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().equals(line.get(field.getKey()))) {
                    variants.add(replaced(line, "/" + field.getKey(), field.getValue()));
                }
            }
        }
        return variants;
    }

    /** Variants of everything at and below {@code node}, which is at {@code pointer} in {@code line}. */
    private static void mutate(ObjectNode line, JsonNode node, String pointer, List<Variant> variants) {
        if (node.isObject()) {
            variants.add(replaced(line, pointer + "/bogus", NODES.numberNode(1)));
            variants.add(replaced(line, pointer + "/bogus", NODES.textNode("x")));
            if (!pointer.isEmpty()) {
                variants.add(replaced(line, pointer, NODES.objectNode()));
                variants.add(replaced(line, pointer, NODES.arrayNode()));
                variants.add(replaced(line, pointer, NODES.textNode("x")));
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                variants.add(removed(line, child));
                mutate(line, field.getValue(), child, variants);
            }
        } else if (node.isArray()) {
            variants.add(replaced(line, pointer, NODES.arrayNode()));
            variants.add(replaced(line, pointer, NODES.objectNode()));
            if (!node.isEmpty()) {
                variants.add(replaced(line, pointer + "/-", node.get(0))); // a duplicate
            }
            variants.add(replaced(line, pointer + "/-", NODES.numberNode(1)));
            variants.add(replaced(line, pointer + "/-", NODES.textNode("")));
            for (int i = 0; i < node.size(); i++) {
                mutate(line, node.get(i), pointer + "/" + i, variants);
            }
        } else {
            List<JsonNode> swaps = node.isNumber() ? NUMBER_SWAPS : STRING_SWAPS;
            for (JsonNode swap : swaps) {
                variants.add(replaced(line, pointer, swap));
            }
            if (node.isTextual()) {
                variants.add(replaced(line, pointer, NODES.textNode(node.asText() + "\u00e9")));
                variants.add(replaced(line, pointer, NODES.textNode(node.asText().toUpperCase())));
            } else if (node.isBoolean()) {
                variants.add(replaced(line, pointer, NODES.booleanNode(!node.asBoolean())));
            }
        }
    }

    /** {@code line} with {@code value} at {@code pointer} (set, added, or appended for a last token "-"). */
    private static Variant replaced(ObjectNode line, String pointer, JsonNode value) {
        ObjectNode copy = line.deepCopy();
        JsonPointer target = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(target.head());
        String last = target.last().getMatchingProperty();
        if (parent instanceof ArrayNode array) {
            if (last.equals("-")) {
                array.add(value.deepCopy());
            } else {
                array.set(Integer.parseInt(last), value.deepCopy());
            }
        } else {
            ((ObjectNode) parent).set(last, value.deepCopy());
        }
        return new Variant(pointer + " = " + value, copy.toString());
    }

    private static Variant removed(ObjectNode line, String pointer) {
        ObjectNode copy = line.deepCopy();
        JsonPointer target = JsonPointer.compile(pointer);
        ((ObjectNode) copy.at(target.head())).remove(target.last().getMatchingProperty());
        return new Variant("without " + pointer, copy.toString());
    }

    /** One keyword at a time, on schemas small enough to read, each judged by networknt as well. */
    @Nested
    class OneKeyword {
        private void assertJudged(String schema, String instance, boolean valid) {
            String schemaJson = schema.replace('\'', '"');
            String instanceJson = instance.replace('\'', '"');
            List<String> ours = SchemaValidator.of(parsed(schemaJson)).validate(parsed(instanceJson));
            Set<ValidationMessage> reference = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(tree(schemaJson)).validate(tree(instanceJson));
            assertEquals(valid, reference.isEmpty(), () -> "networknt on " + instanceJson + ": " + reference);
            assertEquals(valid, ours.isEmpty(), () -> "ours on " + instanceJson + ": " + ours);
        }

        /** Where networknt 1.5.9 departs from the specification, which ours follows. */
        private void assertOurs(String schema, String instance, boolean valid) {
            List<String> ours = SchemaValidator.of(parsed(schema.replace('\'', '"')))
                    .validate(parsed(instance.replace('\'', '"')));
            assertEquals(valid, ours.isEmpty(), () -> "ours on " + instance + ": " + ours);
        }

        @Test
        void ref() {
            String schema = "{'$defs':{'count':{'type':'integer','minimum':0}},"
                    + "'properties':{'n':{'$ref':'#/$defs/count'}}}";
            assertJudged(schema, "{'n':3}", true);
            assertJudged(schema, "{'n':-3}", false);
            assertJudged(schema, "{'n':'3'}", false);
            String recursive = "{'$ref':'#/$defs/node','$defs':{'node':{'type':'object','additionalProperties':false,"
                    + "'properties':{'child':{'$ref':'#/$defs/node'},'n':{'type':'integer'}}}}}";
            assertJudged(recursive, "{'child':{'child':{'n':1}}}", true);
            assertJudged(recursive, "{'child':{'child':{'n':'1'}}}", false);
            assertJudged(recursive, "{'child':{'child':{'m':1}}}", false);
            assertJudged("{'properties':{'a':{'type':'string'},'b':{'$ref':'#/properties/a'}}}", "{'b':1}", false);
        }

        @Test
        void ifThenElse() {
            String schema = "{'if':{'properties':{'kind':{'const':'a'}}},'then':{'required':['x']},"
                    + "'else':{'required':['y']}}";
            assertJudged(schema, "{'kind':'a','x':1}", true);
            assertJudged(schema, "{'kind':'a','y':1}", false);
            assertJudged(schema, "{'kind':'b','y':1}", true);
            assertJudged(schema, "{'kind':'b','x':1}", false);
            assertJudged("{'if':{'required':['x']},'then':{'required':['y']}}", "{'z':1}", true);
        }

        @Test
        void anyOfAllOfNot() {
            String anyOf = "{'properties':{'v':{'anyOf':[{'type':'string','pattern':'^app\\\\.'},{'enum':[1,2]}]}}}";
            assertJudged(anyOf, "{'v':'app.x'}", true);
            assertJudged(anyOf, "{'v':2.0}", true);
            assertJudged(anyOf, "{'v':'ap.x'}", false);
            assertJudged(anyOf, "{'v':3}", false);
            String allOf = "{'allOf':[{'required':['a']},{'properties':{'a':{'minimum':2}}}]}";
            assertJudged(allOf, "{'a':2}", true);
            assertJudged(allOf, "{'a':1}", false);
            assertJudged(allOf, "{'b':3}", false);
            String not = "{'properties':{'id':{'not':{'const':'0000'}}}}";
            assertJudged(not, "{'id':'0001'}", true);
            assertJudged(not, "{'id':'0000'}", false);
        }

        @Test
        void dependentRequired() {
            String schema = "{'dependentRequired':{'span':['trace']}}";
            assertJudged(schema, "{'span':{},'trace':{}}", true);
            assertJudged(schema, "{'trace':{}}", true);
            assertJudged(schema, "{'span':{}}", false);
            assertJudged(schema, "{'span':null}", false);
        }

        @Test
        void propertyNames() {
            assertJudged("{'propertyNames':{'enum':['a','b']}}", "{'a':1,'b':2}", true);
            assertJudged("{'propertyNames':{'enum':['a','b']}}", "{'a':1,'c':2}", false);
            assertJudged("{'propertyNames':{'pattern':'^eventweave\\\\.'}}", "{'eventweave.x':'1'}", true);
            assertJudged("{'propertyNames':{'pattern':'^eventweave\\\\.'}}", "{'x.eventweave.x':'1'}", false);
        }

        @Test
        void additionalProperties() {
            String closed = "{'properties':{'a':{}},'additionalProperties':false}";
            assertJudged(closed, "{'a':null}", true);
            assertJudged(closed, "{'a':1,'b':null}", false);
            String typed = "{'properties':{'a':{}},'additionalProperties':{'type':'string'}}";
            assertJudged(typed, "{'a':1,'b':'x'}", true);
            assertJudged(typed, "{'a':1,'b':2}", false);
            assertJudged("{'properties':{'a':false,'b':true}}", "{'b':1}", true);
            assertJudged("{'properties':{'a':false,'b':true}}", "{'a':1}", false);
        }

        @Test
        void uniqueItemsAndItems() {
            String schema = "{'properties':{'v':{'type':'array','items':{'type':['string','object','array','number']},"
                    + "'uniqueItems':true}}}";
            assertJudged(schema, "{'v':['a','b']}", true);
            assertJudged(schema, "{'v':['a','b','a']}", false);
            // 2020-12: numbers are equal when mathematically equal; networknt compares 1 and 1.0 as nodes of two types
            assertOurs(schema, "{'v':[1,1.0]}", false);
            assertJudged(schema, "{'v':[{'a':1,'b':[2]},{'b':[2],'a':1}]}", false);
            assertJudged(schema, "{'v':[[1],[1,2]]}", true);
            assertJudged(schema, "{'v':['a',true]}", false);
        }

        @Test
        void integerIsANumberWithoutFraction() {
            String schema = "{'properties':{'i':{'type':'integer'},'n':{'type':'number'},"
                    + "'s':{'type':['string','null']}}}";
            assertJudged(schema, "{'i':1,'n':1,'s':null}", true);
            assertJudged(schema, "{'i':1.0,'n':1.5,'s':'x'}", true);
            assertJudged(schema, "{'i':100000000000000000000000}", true);
            assertJudged(schema, "{'i':1.5}", false);
            assertJudged(schema, "{'i':'1'}", false);
            assertJudged(schema, "{'n':'1'}", false);
            assertJudged(schema, "{'s':1}", false);
            assertJudged(schema, "{'i':true}", false);
        }

        @Test
        void valuesAndBounds() {
            assertJudged("{'properties':{'v':{'const':1}}}", "{'v':1.0}", true);
            assertOurs("{'properties':{'v':{'const':{'a':[1]}}}}", "{'v':{'a':[1.0]}}", true);
            assertJudged("{'properties':{'v':{'const':'1'}}}", "{'v':1}", false);
            assertJudged("{'properties':{'v':{'enum':['a',null]}}}", "{'v':null}", true);
            assertJudged("{'properties':{'v':{'minimum':0,'maximum':999}}}", "{'v':-0.0}", true);
            assertJudged("{'properties':{'v':{'minimum':0,'maximum':999}}}", "{'v':999.5}", false);
            // code points, not UTF-16 units: one emoji is one character
            assertJudged("{'properties':{'v':{'minLength':2}}}", "{'v':'\uD83D\uDE00'}", false);
            assertJudged("{'properties':{'v':{'minLength':2}}}", "{'v':'\uD83D\uDE00\uD83D\uDE00'}", true);
            assertJudged("{'properties':{'v':{'pattern':'b'}}}", "{'v':'abc'}", true); // not anchored
        }

        /**
         * Deliberately unlike networknt 1.5.9, whose default engine is java.util.regex with its "$", which also
         * matches before a final line break: ECMA-262's does not, so "…\n" is no trace id.
         */
        @Test
        void dollarIsTheEndOfTheTextAsInEcmaScript() {
            SchemaValidator validator = SchemaValidator.of(
                    parsed("{\"properties\":{\"id\":{\"pattern\":\"^[0-9a-f]{2}$\"}}}"));
            assertEquals(List.of(), validator.validate(parsed("{\"id\":\"0a\"}")));
            assertEquals(List.of("/id: '0a\\n' does not match ^[0-9a-f]{2}$"),
                    validator.validate(parsed("{\"id\":\"0a\\n\"}")));
        }

        @Test
        void aKeywordOutsideTheSubsetIsRefused() {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> SchemaValidator.of(parsed("{\"properties\":{\"a\":{\"oneOf\":[true]}}}")));
            assertTrue(refused.getMessage().contains("#/properties/a/oneOf"), refused.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> SchemaValidator.of(parsed("{\"$ref\":\"other.json#/x\"}")));
            assertThrows(IllegalArgumentException.class,
                    () -> SchemaValidator.of(parsed("{\"$ref\":\"#/$defs/none\"}")));
        }
    }

    /** What a person reads about a broken line. */
    @Nested
    class Messages {
        private List<String> problemsOf(String kind, String pointer, JsonNode value) {
            String example = EXAMPLES.stream().filter(line -> line.contains("\"name\":\"" + kind + "\"")).findFirst()
                    .orElseThrow();
            ObjectNode line = (ObjectNode) tree(example);
            String json = value == null ? removed(line, pointer).json() : replaced(line, pointer, value).json();
            List<String> problems = oursOn(json);
            assertFalse(oracleOn(json).isEmpty(), "networknt should reject " + json);
            return problems;
        }

        private void assertSays(List<String> problems, String... fragments) {
            assertTrue(problems.stream().anyMatch(problem -> List.of(fragments).stream().allMatch(problem::contains)),
                    () -> "no problem says " + List.of(fragments) + ": " + problems);
        }

        @Test
        void aNumberBelowItsMinimum() {
            assertSays(problemsOf("agent.stop", "/event/sequence", NODES.numberNode(-1)),
                    "/event/sequence: -1 is below the minimum 0");
        }

        @Test
        void aMissingProperty() {
            assertSays(problemsOf("http.client.request", "/http/request", null),
                    "/http: required property 'request' is missing");
            assertSays(problemsOf("agent.stop", "/event/sequence", null),
                    "/event: required property 'sequence' is missing");
        }

        @Test
        void aValueOutsideItsEnum() {
            assertSays(problemsOf("circuit_breaker.state_change", "/circuit_breaker/state", NODES.textNode("halfopen")),
                    "/circuit_breaker/state: 'halfopen' is not one of closed, open, half_open");
        }

        @Test
        void anUnknownEventNameSaysWhatIsKnown() {
            List<String> problems = problemsOf("agent.stop", "/event/name", NODES.textNode("agent.restart"));
            assertSays(problems, "/event/name: 'agent.restart' is not one of http.client.request, agent.start",
                    "does not match ^app\\.");
            assertEquals(1, problems.size(), () -> problems.toString());
        }

        @Test
        void aWrongType() {
            assertSays(problemsOf("agent.stop", "/event/sequence", NODES.textNode("5")),
                    "/event/sequence: '5' is a string, not an integer");
            assertSays(problemsOf("agent.stop", "/agent/events/written", NODES.numberNode(1.5)),
                    "/agent/events/written: 1.5 is a number, not an integer");
        }

        @Test
        void anUnknownPropertyOnceThoughTwoRulesRefuseIt() {
            List<String> problems = problemsOf("http.client.request", "/bogus", NODES.numberNode(1));
            assertEquals(List.of("/: property 'bogus' is not allowed"), problems);
            assertSays(problemsOf("agent.stop", "/event/bogus", NODES.numberNode(1)),
                    "/event: property 'bogus' is not allowed");
        }

        @Test
        void theRulesOfTheLinesKind() {
            // a 404 the client called a success: the if/then of http.client.request, not a wall about every kind
            String example = EXAMPLES.stream().filter(line -> line.contains("\"status_code\":404")).findFirst()
                    .orElseThrow();
            List<String> problems = oursOn(replaced((ObjectNode) tree(example), "/event/outcome",
                    NODES.textNode("success")).json());
            assertEquals(List.of("/event/outcome: 'success' should be 'failure'"), problems);
            assertSays(problemsOf("agent.start", "/event/provider", NODES.textNode("jdk")),
                    "/event: property 'provider' is not allowed");
            assertSays(problemsOf("agent.start", "/agent/config/bogus", NODES.textNode("1")),
                    "/agent/config: property 'bogus' is not allowed: its name does not match ^eventweave\\.");
        }

        @Test
        void atMostAFewProblems() {
            List<String> problems = SchemaValidator.eventSchema().validate(parsed("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}"));
            assertEquals(Problems.LIMIT, problems.size(), () -> problems.toString());
            assertSays(problems, "/: required property '@timestamp' is missing");
        }
    }
}
