package io.eventweave.agent.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesJsonTest {
    @Test
    void readsEveryJsonValueKeepingKeyOrder() throws Exception {
        Object value = RulesJson.parse(" {\"b\": [1, -2.5e1, true, false, null, \"a\\\"\\\\\\/\\n\\u00e9\"], \"a\": {}, "
                + "\"c\": []}\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1L, -25.0, true, false, null, "a\"\\/\n\u00e9"));
        expected.put("a", Map.of());
        expected.put("c", List.of());
        assertEquals(expected, value);
        assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) value).keySet()));
    }

    @Test
    void anErrorSaysItsLineAndColumn() {
        RulesJson.SyntaxError e = assertThrows(RulesJson.SyntaxError.class,
                () -> RulesJson.parse("{\"rules\": [\n  {\"type\": \"a.B\",, }\n]}"));
        assertEquals(2, e.line);
        assertEquals(18, e.column);
        assertTrue(e.getMessage().contains("a quoted key was expected"), e.getMessage());
        assertEquals("the key \"a\" appears twice", assertThrows(RulesJson.SyntaxError.class,
                () -> RulesJson.parse("{\"a\": 1, \"a\": 2}")).getMessage());
        assertTrue(assertThrows(RulesJson.SyntaxError.class, () -> RulesJson.parse("{\"a\": 1} x")).getMessage()
                .contains("more after the end"));
        assertTrue(assertThrows(RulesJson.SyntaxError.class, () -> RulesJson.parse("{\"a\": tru}")).getMessage()
                .contains("true, false or null"));
        assertTrue(assertThrows(RulesJson.SyntaxError.class, () -> RulesJson.parse("[1,")).getMessage()
                .contains("end of input"));
        assertTrue(assertThrows(RulesJson.SyntaxError.class, () -> RulesJson.parse("[1.2.3]")).getMessage()
                .contains("not a number"));
    }
}
