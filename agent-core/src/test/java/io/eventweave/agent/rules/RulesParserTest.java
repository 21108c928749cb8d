package io.eventweave.agent.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesParserTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void valuesParseIntoRootPathUnitAndConstants() {
        ValueExpression arg = ValueExpression.parse("arg0.url");
        assertEquals(ValueExpression.Root.ARGUMENT, arg.root);
        assertEquals(0, arg.argument);
        assertEquals(List.of("url"), arg.path);
        ValueExpression ret = ValueExpression.parse("return as ms");
        assertEquals(ValueExpression.Root.RETURN, ret.root);
        assertEquals(ValueExpression.Unit.MILLISECONDS, ret.unit);
        assertEquals(1_000_000, ret.unit.nanos);
        assertEquals(List.of("size"), ValueExpression.parse("return.size()").path, "name() and name say the same");
        assertEquals(ValueExpression.Unit.TEXT, ValueExpression.parse("this.config as text").unit);
        assertEquals("it's", ValueExpression.parse("'it''s'").constant);
        assertEquals(42L, ValueExpression.parse("42").constant);
        assertEquals(1.5, ValueExpression.parse("1.5").constant);
        assertEquals(Boolean.TRUE, ValueExpression.parse("true").constant);
        assertEquals(ValueExpression.Root.THROWN, ValueExpression.parse("thrown").root);
    }

    @Test
    void badValuesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueExpression.parse("return as hours"))
                .getMessage().contains("as ns, as us, as ms, as s, as text"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueExpression.parse("argument0"))
                .getMessage().contains("arg0..arg9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueExpression.parse("arg0.1x"))
                .getMessage().contains("not a field or accessor name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueExpression.parse("'open"))
                .getMessage().contains("end with a quote"));
    }

    @Test
    void aFileInlineJsonAndMethodsAddUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, """
                {"rules": [{"type": "com.acme.Limiter", "method": "acquire", "event": "rate_limiter.acquire",
                            "fields": {"rate_limiter.name": "arg0", "rate_limiter.wait": "return as ms"}}],
                 "methods": ["com.acme.Cache#*"]}
                """);
        List<Rule> rules = RulesParser.parse(file.toString(), """
                {"rules": [{"type": "com.acme.Listener", "subtypes": true, "method": "onStateChange", "on": "return",
                            "parameters": ["java.lang.String", "com.acme.State", "com.acme.State"],
                            "event": "circuit_breaker.state_change",
                            "fields": {"circuit_breaker.state": {"value": "arg2", "map": {"HALF": "half_open"}}}}]}
                """, "com.acme.Resolver#resolve,normalize;com.acme.Other#run", err);
        assertEquals("", err());
        assertEquals(5, rules.size());
        Rule limiter = rules.get(0);
        assertEquals("com.acme.Limiter", limiter.type);
        assertEquals(Set.of("acquire"), limiter.methods);
        assertEquals(RuleKind.FieldType.DURATION, limiter.fields.get(1).type);
        assertEquals(RuleKind.APP_METHOD, rules.get(1).kind.eventName);
        assertTrue(rules.get(1).matchesName("anything"));
        Rule listener = rules.get(2);
        assertTrue(listener.subtypes);
        assertEquals(Rule.On.RETURN, listener.on);
        assertEquals(List.of("java.lang.String", "com.acme.State", "com.acme.State"), listener.parameters);
        assertEquals(Map.of("HALF", "half_open"), listener.fields.get(0).value.map);
        assertEquals(Set.of("resolve", "normalize"), rules.get(3).methods);
        assertTrue(rules.get(3).label.startsWith("eventweave.methods["), rules.get(3).label);
    }

    @Test
    void invalidJsonIsOneLineWithLineAndColumnAndNoRules() {
        List<Rule> rules = RulesParser.parse(null, "{\"rules\": [\n  {\"type\": \"a.B\",, }\n]}", null, err);
        assertEquals(List.of(), rules);
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().contains("eventweave.rules is not valid JSON at line 2, column"), err());
        assertTrue(err().contains("no rules are applied"), err());
    }

    @Test
    void aBadRuleIsNamedAndSkippedAndTheOthersApply() {
        List<Rule> rules = RulesParser.parse(null, """
                {"rules": [
                  {"type": "a.Good", "method": "m", "event": "app.good"},
                  {"type": "a.Kind", "method": "m", "event": "bulkhead.full"},
                  {"type": "a.Field", "method": "m", "event": "bulkhead.rejected", "fields": {"bulkhead.size": "arg0"}},
                  {"type": "a.Value", "method": "m", "event": "app.x", "fields": {"x.y": "return as days"}},
                  {"type": "a.Envelope", "method": "m", "event": "app.x", "fields": {"service.name": "arg0"}},
                  {"type": "a.Key", "method": "m", "event": "app.x", "subtype": true},
                  {"type": "a.On", "method": "m", "event": "app.x", "on": "never"}
                ]}
                """, null, err);
        assertEquals(1, rules.size(), err());
        assertEquals("a.Good", rules.get(0).type);
        List<String> lines = err().lines().toList();
        assertEquals(6, lines.size(), err());
        assertTrue(lines.get(0).contains("rules[1] (a.Kind#m)") && lines.get(0).contains("unknown event kind "
                + "'bulkhead.full'") && lines.get(0).endsWith("that rule is skipped"), lines.get(0));
        assertTrue(lines.get(1).contains("rules[2] (a.Field#m)") && lines.get(1).contains("no field 'bulkhead.size'"),
                lines.get(1));
        assertTrue(lines.get(2).contains("rules[3]") && lines.get(2).contains("unknown 'as days'"), lines.get(2));
        assertTrue(lines.get(3).contains("rules[4]") && lines.get(3).contains("'service.name'"), lines.get(3));
        assertTrue(lines.get(4).contains("rules[5]") && lines.get(4).contains("unknown key \"subtype\""), lines.get(4));
        assertTrue(lines.get(5).contains("rules[6]") && lines.get(5).contains("\"on\" 'never'"), lines.get(5));
    }

    @Test
    void nothingConfiguredIsNoRulesAndNoOutput() {
        assertEquals(List.of(), RulesParser.parse(null, " ", "", err));
        assertEquals("", err());
    }
}
