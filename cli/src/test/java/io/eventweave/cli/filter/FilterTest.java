package io.eventweave.cli.filter;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.eventweave.cli.input.EventRecord;
import io.eventweave.cli.input.JsonLines;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FilterTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:05:00Z");

    private static final EventRecord HTTP = record("{\"@timestamp\":\"2026-12-05T10:00:00.123456789Z\","
            + "\"event\":{\"name\":\"http.client.request\",\"sequence\":7,\"outcome\":\"failure\",\"duration\":312000000},"
            + "\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":503}},"
            + "\"server\":{\"address\":\"127.0.0.1\",\"port\":8080},\"labels\":{\"tier\":\"1\"}}");

    private static final EventRecord BREAKER = record("{\"@timestamp\":\"2026-12-05T10:04:30.5Z\","
            + "\"event\":{\"name\":\"circuit_breaker.state_change\",\"sequence\":8},"
            + "\"circuit_breaker\":{\"name\":\"backend\",\"previous_state\":\"closed\",\"state\":\"open\"}}");

    private static EventRecord record(String json) {
        try {
            return JsonLines.parse(json, "test", 1);
        } catch (JsonLines.BrokenLine e) {
            throw new AssertionError("bad test record " + json, e);
        }
    }

    /**
     * A record built from maps, for tests that depend on whole numbers being {@code Long} as {@link EventRecord#get}
     * documents, whatever the JSON reader does with them.
     */
    private static EventRecord typed(Map<String, Object> root) {
        return new EventRecord(root, "", "test", 1);
    }

    private static final EventRecord TYPED_HTTP = typed(Map.of(
            "http", Map.of("response", Map.of("status_code", 503L)), "server", Map.of("port", 8080L)));

    private static Filter filter(String expression) {
        try {
            return Filter.parse(expression, NOW);
        } catch (FilterSyntaxException e) {
            return fail(e.describe());
        }
    }

    private static void assertMatches(EventRecord record, String... expressions) {
        assertAll(Arrays.stream(expressions).map(expression -> (Executable) () ->
                assertTrue(filter(expression).test(record), () -> "should match: " + expression)));
    }

    private static void assertNoMatch(EventRecord record, String... expressions) {
        assertAll(Arrays.stream(expressions).map(expression -> (Executable) () ->
                assertFalse(filter(expression).test(record), () -> "should not match: " + expression)));
    }

    /** Also checks that describe() shows the reason, the expression and a caret under position(). */
    private static FilterSyntaxException assertSyntaxError(String expression, int position, String reasonPart) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> Filter.parse(expression, NOW));
        assertAll(
                () -> assertEquals(position, e.position(), e::describe),
                () -> assertTrue(e.reason().contains(reasonPart), () -> e.reason() + " should contain " + reasonPart),
                () -> assertEquals(List.of("invalid filter: " + e.reason(), expression, " ".repeat(position) + "^"),
                        List.of(e.describe().split("\n", -1))));
        return e;
    }

    @Nested
    class Comparisons {
        @Test
        void equalityOnStringsIsExact() {
            assertMatches(HTTP, "event.name = 'http.client.request'", "event.outcome != 'success'");
            assertNoMatch(HTTP, "event.name = 'http.client'", "event.name = 'HTTP.CLIENT.REQUEST'",
                    "event.name != 'http.client.request'");
        }

        @Test
        void everyOrderingOperatorComparesNumbersNumerically() {
            assertMatches(HTTP, "http.response.status_code = 503", "http.response.status_code != 500",
                    "http.response.status_code < 600", "http.response.status_code <= 503",
                    "http.response.status_code > 500", "http.response.status_code >= 503",
                    "http.response.status_code > 99");
            assertNoMatch(HTTP, "http.response.status_code < 503", "http.response.status_code > 503",
                    "http.response.status_code <= 502", "http.response.status_code >= 504",
                    "http.response.status_code != 503");
        }

        @Test
        void negativeAndFractionalNumbersCompareWithLongs() {
            assertMatches(HTTP, "event.sequence > -1", "event.sequence > 6.5", "event.sequence < 7.25",
                    "event.sequence = 7.0", "event.sequence>=-1");
            assertNoMatch(HTTP, "event.sequence < 6.999", "event.sequence != 7.0");
        }

        @Test
        void doubleFieldsCompareWithBothKindsOfLiteral() {
            EventRecord sampled = record("{\"sampling\":{\"ratio\":0.25}}");
            assertMatches(sampled, "sampling.ratio = 0.25", "sampling.ratio < 1", "sampling.ratio > 0",
                    "sampling.ratio >= 0.25", "sampling.ratio > -0.5");
            assertNoMatch(sampled, "sampling.ratio > 0.25", "sampling.ratio = 0");
        }

        @Test
        void longsBeyondTheRangeOfDoublesCompareExactly() {
            EventRecord big = typed(Map.of("a", 9_007_199_254_740_993L, "b", Long.MAX_VALUE));
            assertMatches(big, "a > 9007199254740992", "a = 9007199254740993", "a < 9007199254740994",
                    "b = 9223372036854775807", "b > 9223372036854775806", "b < 9223372036854775808",
                    "a > 9007199254740992.0");
            assertNoMatch(big, "a = 9007199254740992", "a = 9007199254740992.0");
        }

        @Test
        void stringsOrderLexicographically() {
            assertMatches(HTTP, "event.outcome < 'g'", "event.outcome >= 'failure'", "event.outcome <= 'failure'",
                    "server.address > '1'");
            assertNoMatch(HTTP, "event.outcome > 'failure'", "event.outcome < 'F'");
        }

        @Test
        void stringFieldEqualsANumberLiteralByTextButHasNoOrderWithIt() {
            assertMatches(HTTP, "labels.tier = 1", "labels.tier != 2", "labels.tier IN (1, 2)");
            assertNoMatch(HTTP, "labels.tier = 1.0", "labels.tier != 1", "labels.tier < 2", "labels.tier >= 1",
                    "labels.tier <= 1");
        }

        @Test
        void numberFieldEqualsAStringLiteralHoldingItsJsonText() {
            assertMatches(TYPED_HTTP, "http.response.status_code = '503'", "server.port = \"8080\"",
                    "http.response.status_code != '0503'");
            assertNoMatch(TYPED_HTTP, "http.response.status_code = '0503'", "http.response.status_code = '503.0'",
                    "http.response.status_code > '500'", "http.response.status_code <= '503'");
            assertMatches(record("{\"ratio\":0.25}"), "ratio = '0.25'");
        }

        @Test
        void booleansEqualTrueOrFalseAndHaveNoOrder() {
            EventRecord sampled = record("{\"event\":{\"sampled\":true}}");
            assertMatches(sampled, "event.sampled = true", "event.sampled != false", "event.sampled = TRUE",
                    "event.sampled = 'true'", "event.sampled != 1");
            assertNoMatch(sampled, "event.sampled = false", "event.sampled = 1", "event.sampled > false",
                    "event.sampled <= true");
            assertMatches(record("{\"flag\":\"false\"}"), "flag = false");
        }
    }

    @Nested
    class AbsentAndStructuredValues {
        @Test
        void everyTestButNotExistsIsFalseForAnAbsentField() {
            assertNoMatch(BREAKER, "http.response.status_code = 503", "http.response.status_code != 503",
                    "http.response.status_code < 1", "http.response.status_code >= 1",
                    "http.response.status_code LIKE '*'", "http.response.status_code NOT LIKE 'x'",
                    "http.response.status_code CONTAINS ''", "http.response.status_code NOT CONTAINS 'x'",
                    "http.response.status_code IN (503)", "http.response.status_code NOT IN (503)",
                    "@timestamp2 < now", "EXISTS http.response.status_code");
        }

        @Test
        void notAroundAComparisonIsTrueForAnAbsentField() {
            assertMatches(BREAKER, "NOT (http.response.status_code = 503)", "NOT http.response.status_code != 503",
                    "NOT EXISTS http");
        }

        @Test
        void jsonNullCountsAsAbsent() {
            EventRecord withNull = record("{\"error\":{\"type\":null}}");
            assertNoMatch(withNull, "EXISTS error.type", "error.type = 'null'", "error.type != 'x'");
        }

        @Test
        void objectsAndArraysOnlyExist() {
            EventRecord tagged = record("{\"tags\":[\"a\",\"b\"],\"http\":{\"request\":{\"method\":\"GET\"}}}");
            assertMatches(tagged, "EXISTS tags", "EXISTS http", "EXISTS http.request");
            assertNoMatch(tagged, "tags = 'a'", "tags != 'a'", "tags CONTAINS 'a'", "tags LIKE '*'",
                    "http IN ('x')", "http NOT IN ('x')", "http NOT LIKE 'x'");
        }
    }

    @Nested
    class Durations {
        @Test
        void durationLiteralsAreNanoseconds() {
            assertFalse(filter("event.duration > 250ms").test(record("{\"event\":{\"duration\":250000000}}")));
            assertTrue(filter("event.duration > 250ms").test(record("{\"event\":{\"duration\":250000001}}")));
            assertTrue(filter("event.duration = 250ms").test(record("{\"event\":{\"duration\":250000000}}")));
        }

        @Test
        void everyUnitAndFractions() {
            assertAll(
                    () -> assertEquals(500L, Filter.parseDurationNanos("500ns")),
                    () -> assertEquals(10_000L, Filter.parseDurationNanos("10us")),
                    () -> assertEquals(250_000_000L, Filter.parseDurationNanos("250ms")),
                    () -> assertEquals(1_500_000_000L, Filter.parseDurationNanos("1.5s")),
                    () -> assertEquals(1_100_000_000L, Filter.parseDurationNanos("1.1s")),
                    () -> assertEquals(120_000_000_000L, Filter.parseDurationNanos("2m")),
                    () -> assertEquals(3_600_000_000_000L, Filter.parseDurationNanos("1h")),
                    () -> assertEquals(86_400_000_000_000L, Filter.parseDurationNanos("1d")),
                    () -> assertEquals(0L, Filter.parseDurationNanos("0s")));
        }

        @Test
        void malformedDurationsAreRejected() {
            assertAll(Arrays.stream(new String[] {"10xs", "", "ms", "10", "1.s", ".5s", "1.5ns", "-1s", "1 s",
                    "1MS", "1e3ms", "999999999999d", null}).map(text -> (Executable) () ->
                    assertThrows(IllegalArgumentException.class, () -> Filter.parseDurationNanos(text),
                            () -> "should reject " + text)));
        }

        @Test
        void durationsCompareWithTheRecordedDuration() {
            assertMatches(HTTP, "event.duration > 250ms", "event.duration < 0.5s", "event.duration >= 312ms",
                    "event.duration = 312000us", "event.duration IN (312ms, 1s)", "event.duration > -1s");
            assertNoMatch(HTTP, "event.duration > 1s", "event.duration < 312ms");
        }
    }

    @Nested
    class Timestamps {
        @Test
        void nowMinusADurationUsesTheGivenNow() {
            // HTTP happened at 10:00:00.123456789, five minutes before NOW.
            assertMatches(HTTP, "@timestamp > now-10m", "@timestamp < now", "@timestamp < now+1h",
                    "@timestamp > now-1d", "@timestamp >= now-300s", "@timestamp < now-4m");
            assertNoMatch(HTTP, "@timestamp > now-4m", "@timestamp = now", "@timestamp > now");
        }

        @Test
        void nowHasNanosecondPrecision() {
            // HTTP happened exactly 299.876543211 s before NOW.
            assertMatches(HTTP, "@timestamp > now-299876543212ns", "@timestamp = now-299876543211ns",
                    "@timestamp < now-299876543210ns");
            assertNoMatch(HTTP, "@timestamp > now-299876543211ns", "@timestamp < now-299876543211ns");
        }

        @Test
        void quotedInstantsCompareToTheNanosecond() {
            assertMatches(HTTP, "@timestamp = '2026-12-05T10:00:00.123456789Z'",
                    "@timestamp > '2026-12-05T10:00:00.123456788Z'", "@timestamp < '2026-12-05T10:00:00.12345679Z'",
                    "@timestamp > '2026-12-05T10:00:00Z'");
            assertNoMatch(HTTP, "@timestamp = '2026-12-05T10:00:00.12345678Z'");
        }

        @Test
        void offsetsAreAppliedBeforeComparing() {
            // Compared as text these would be unequal, and the second one false.
            assertMatches(HTTP, "@timestamp = '2026-12-05T11:00:00.123456789+01:00'",
                    "@timestamp > '2026-12-05T10:30:00+01:00'", "@timestamp < '2026-12-05T05:00:01-05:00'");
            assertMatches(record("{\"@timestamp\":\"2026-12-05T12:00:00.1+02:00\"}"),
                    "@timestamp = '2026-12-05T10:00:00.100000000Z'", "@timestamp = \"2026-12-05t10:00:00.1z\"");
        }

        @Test
        void nowIsOnlyUnequalToValuesThatAreNotInstants() {
            assertNoMatch(HTTP, "event.name > now-10m", "event.sequence < now", "event.name = now");
            assertMatches(HTTP, "event.name != now");
        }

        @Test
        void aQuotedInstantComparesAsTextWithStringsThatAreNotInstants() {
            EventRecord notAnInstant = record("{\"when\":\"2026-12-05 sometime\"}");
            assertMatches(notAnInstant, "when < '2026-12-05T10:00:00Z'");
            assertNoMatch(notAnInstant, "when = '2026-12-05T10:00:00Z'");
        }

        @Test
        void invalidDatesAreNotInstants() {
            EventRecord february = record("{\"when\":\"2026-02-30T10:00:00Z\"}");
            // Not an instant, so it compares with now as neither before nor after.
            assertNoMatch(february, "when < now", "when > now");
            assertMatches(record("{\"when\":\"2024-02-29T10:00:00Z\"}"), "when < now");
        }
    }

    @Nested
    class Patterns {
        @Test
        void starAloneMatchesAnything() {
            assertMatches(HTTP, "event.name LIKE '*'", "event.name LIKE '**'");
            assertMatches(record("{\"a\":\"\"}"), "a LIKE '*'");
        }

        @Test
        void withoutAStarTheWholeValueMustMatch() {
            assertMatches(HTTP, "event.name LIKE 'http.client.request'");
            assertNoMatch(HTTP, "event.name LIKE 'http.client'", "event.name LIKE 'client'");
        }

        @Test
        void starsAtStartEndAndBetween() {
            assertMatches(HTTP, "event.name LIKE 'http.*'", "event.name LIKE '*.request'", "event.name LIKE '*client*'",
                    "event.name LIKE 'h*t*p*'");
            assertMatches(BREAKER, "event.name LIKE 'circuit_breaker.*'");
            assertNoMatch(HTTP, "event.name LIKE 'circuit_breaker.*'", "event.name LIKE '*.response'");
        }

        @Test
        void partsMustAppearInOrderWithoutOverlapping() {
            assertMatches(record("{\"a\":\"abc\"}"), "a LIKE 'a*b*c'");
            assertMatches(record("{\"a\":\"aXXbYYc\"}"), "a LIKE 'a*b*c'");
            assertNoMatch(record("{\"a\":\"acb\"}"), "a LIKE 'a*b*c'");
            assertNoMatch(record("{\"a\":\"abcX\"}"), "a LIKE 'a*b*c'");
            assertNoMatch(record("{\"a\":\"a\"}"), "a LIKE 'a*a'");
            assertMatches(record("{\"a\":\"aa\"}"), "a LIKE 'a*a'");
            assertNoMatch(record("{\"a\":\"abab\"}"), "a LIKE 'a*bab*b'");
        }

        @Test
        void everythingButStarIsLiteralAndCaseSensitive() {
            assertNoMatch(HTTP, "event.name LIKE 'HTTP.*'", "event.name LIKE '.*'", "event.name LIKE 'http?client*'",
                    "event.name LIKE 'http_client*'");
            assertMatches(record("{\"a\":\"x.y\"}"), "a LIKE 'x.y'");
        }

        @Test
        void notLikeNegatesForPresentValues() {
            assertMatches(HTTP, "event.name NOT LIKE 'circuit_breaker.*'");
            assertNoMatch(HTTP, "event.name NOT LIKE 'http.*'");
        }

        @Test
        void likeAndContainsReadNumbersAsText() {
            assertMatches(HTTP, "http.response.status_code LIKE '5*'", "http.response.status_code CONTAINS '03'");
            assertNoMatch(HTTP, "http.response.status_code LIKE '4*'");
        }

        @Test
        void containsLooksForASubstring() {
            assertMatches(HTTP, "event.name CONTAINS 'client'", "server.address CONTAINS '0.0'",
                    "event.name CONTAINS ''", "event.name NOT CONTAINS 'breaker'");
            assertNoMatch(HTTP, "event.name CONTAINS 'Client'", "event.name CONTAINS 'breaker'");
        }
    }

    @Nested
    class Lists {
        @Test
        void inMatchesAnyListedValue() {
            assertMatches(HTTP, "event.outcome IN ('success', 'failure')", "http.response.status_code IN (500, 503)",
                    "http.request.method IN ('GET')");
            assertNoMatch(HTTP, "http.response.status_code IN (500, 502, 504)", "event.outcome IN ('success')");
        }

        @Test
        void inComparesEachValueLikeEquals() {
            assertMatches(TYPED_HTTP, "http.response.status_code IN ('x', true, '503')");
            assertMatches(HTTP, "labels.tier IN (true, 1)", "event.sequence IN (6.5, 7.0)");
            assertNoMatch(HTTP, "labels.tier IN (false, 2, 'one')");
        }

        @Test
        void notInIsTrueWhenNoValueMatches() {
            assertMatches(HTTP, "http.response.status_code NOT IN (500, 502)");
            assertNoMatch(HTTP, "http.response.status_code NOT IN (500, 503)");
        }
    }

    @Nested
    class Logic {
        @Test
        void existsIsTrueForAnyValue() {
            assertMatches(BREAKER, "EXISTS circuit_breaker.state", "EXISTS circuit_breaker", "EXISTS @timestamp");
            assertNoMatch(HTTP, "EXISTS circuit_breaker.state");
            assertMatches(record("{\"flag\":false,\"n\":0,\"s\":\"\"}"), "EXISTS flag AND EXISTS n AND EXISTS s");
        }

        @Test
        void andBindsTighterThanOr() {
            // true OR (false AND false) = true, whereas (true OR false) AND false would be false.
            assertMatches(HTTP, "event.outcome = 'failure' OR event.sequence = 1 AND event.sequence = 2");
            assertNoMatch(HTTP, "(event.outcome = 'failure' OR event.sequence = 1) AND event.sequence = 2");
        }

        @Test
        void notBindsTighterThanAndAndOr() {
            // Read as NOT (a OR b) and NOT (a AND b), the first and third would flip.
            assertMatches(HTTP, "NOT event.sequence = 1 OR event.sequence = 7",
                    "NOT (event.sequence = 7 AND event.outcome = 'success')");
            assertNoMatch(HTTP, "NOT event.sequence = 1 AND event.sequence = 1",
                    "NOT (event.sequence = 1 OR event.sequence = 7)");
        }

        @Test
        void notNegatesAndNests() {
            assertMatches(HTTP, "NOT NOT EXISTS event.name", "NOT (NOT (event.sequence = 7))");
            assertNoMatch(HTTP, "NOT EXISTS event.name");
        }

        @Test
        void parenthesesGroupAndNest() {
            assertMatches(BREAKER, "((event.name LIKE 'circuit_breaker.*') AND (circuit_breaker.state = 'open'"
                    + " OR circuit_breaker.state = 'half_open'))");
            assertMatches(HTTP, "(event.sequence = 1 OR event.sequence = 7) AND (labels.tier = '1')");
        }

        @Test
        void keywordsIgnoreCase() {
            assertMatches(HTTP, "event.name like 'http.*' and not event.sequence in (1, 2) Or exists x",
                    "exists event.name AND event.name Contains 'client'", "event.name Not Like 'x*'",
                    "event.sequence NOT in (1)", "@timestamp > NOW-10m");
        }

        @Test
        void whitespaceIsOptionalAroundOperatorsAndParentheses() {
            assertMatches(HTTP, "event.sequence>=7 AND(event.outcome='failure')",
                    "event.sequence=7", "http.response.status_code IN(503)", "  event.sequence\t=\n7  ");
        }
    }

    @Nested
    class Literals {
        @Test
        void aQuoteIsEscapedByDoublingIt() {
            EventRecord quoted = record("{\"labels\":{\"note\":\"it's \\\"done\\\"\"}}");
            assertMatches(quoted, "labels.note = 'it''s \"done\"'", "labels.note = \"it's \"\"done\"\"\"",
                    "labels.note LIKE 'it''s*'");
        }

        @Test
        void backslashIsAnOrdinaryCharacter() {
            assertMatches(record("{\"path\":\"C:\\\\temp\"}"), "path = 'C:\\temp'");
        }

        @Test
        void fieldNamesTakeDashesUnderscoresAtSignsAndDottedKeys() {
            EventRecord labelled = record("{\"labels\":{\"user-agent\":\"curl\",\"a.b\":\"x\",\"_c\":1}}");
            assertMatches(labelled, "labels.user-agent = 'curl'", "labels.a.b = 'x'", "labels._c = 1");
            assertMatches(HTTP, "@timestamp LIKE '2026-12-05T*'");
        }
    }

    @Test
    void fieldsAreListedOnceInOrderOfFirstAppearance() {
        Filter filter = filter("event.name = 'x' AND (EXISTS labels.tier OR event.name LIKE 'y')"
                + " AND http.response.status_code IN (1) OR NOT @timestamp < now");
        assertEquals(List.of("event.name", "labels.tier", "http.response.status_code", "@timestamp"), filter.fields());
        assertThrows(UnsupportedOperationException.class, () -> filter.fields().add("other"));
    }

    @Test
    void aFilterIsReusableAcrossRecords() {
        Filter breakerOpened = filter("event.name = 'circuit_breaker.state_change' AND circuit_breaker.state = 'open'");
        assertAll(
                () -> assertTrue(breakerOpened.test(BREAKER)),
                () -> assertFalse(breakerOpened.test(HTTP)),
                () -> assertTrue(breakerOpened.test(BREAKER)));
    }

    @Nested
    class SyntaxErrors {
        @Test
        void emptyExpression() {
            assertSyntaxError("", 0, "empty filter");
            assertSyntaxError("   ", 0, "empty filter");
            assertThrows(FilterSyntaxException.class, () -> Filter.parse(null, NOW));
        }

        @Test
        void unknownCharacter() {
            assertSyntaxError("event.sequence = 7 # comment", 19, "unexpected character '#'");
        }

        @Test
        void doubleEqualsIsRejectedWithAHint() {
            FilterSyntaxException e = assertSyntaxError("event.sequence == 7", 15, "unknown operator '=='");
            assertTrue(e.reason().contains("use '='"), e.reason());
            assertSyntaxError("event.sequence <> 7", 15, "use '!='");
        }

        @Test
        void unclosedStringPointsAtItsQuote() {
            assertSyntaxError("event.name = 'http.client", 13, "unclosed string");
            assertSyntaxError("event.name = \"it''s", 13, "unclosed string");
        }

        @Test
        void unclosedParenthesisPointsAtIt() {
            assertSyntaxError("(event.sequence = 7 OR (event.sequence = 8)", 0, "unclosed '('");
            assertSyntaxError("event.sequence IN (7, 8", 18, "unclosed '('");
        }

        @Test
        void missingValuePointsAtTheEnd() {
            assertSyntaxError("event.duration >", 16, "expected a value after '>'");
            assertSyntaxError("event.duration > AND x = 1", 17, "expected a value after '>', found 'AND'");
        }

        @Test
        void trailingGarbage() {
            assertSyntaxError("a = 1 b", 6, "unexpected 'b' after a complete condition");
            assertSyntaxError("a = 1)", 5, "')' without a matching '('");
        }

        @Test
        void valueWhereAFieldIsExpected() {
            assertSyntaxError("503 = http.response.status_code", 0, "expected a field name, found the value '503'");
            assertSyntaxError("a = 1 AND 'x' = b", 10, "expected a field name, found the value 'x'");
            assertSyntaxError("true", 0, "expected a field name, found the value 'true'");
        }

        @Test
        void fieldWhereAValueIsExpected() {
            assertSyntaxError("event.outcome = failure", 16, "found the field name 'failure' (quote text: 'failure')");
        }

        @Test
        void missingOperatorOrOperand() {
            assertSyntaxError("event.name", 10, "expected an operator");
            assertSyntaxError("event.name 'x'", 11, "expected an operator");
            assertSyntaxError("a = 1 AND", 9, "expected a field name, found the end of the filter");
            assertSyntaxError("NOT", 3, "expected a field name");
            assertSyntaxError("EXISTS AND", 7, "expected a field name after EXISTS, found 'AND'");
            assertSyntaxError("a NOT = 1", 6, "expected LIKE, CONTAINS or IN after NOT");
            assertSyntaxError("()", 1, "expected a field name, found ')'");
        }

        @Test
        void badDuration() {
            assertSyntaxError("event.duration > 10xs", 17, "bad duration '10xs'");
            assertSyntaxError("event.duration > 1.5.3", 17, "bad number '1.5.3'");
        }

        @Test
        void badTimestampPointsAtTheDurationAfterNow() {
            assertSyntaxError("@timestamp > now-10xs", 17, "bad duration '10xs' in 'now-10xs'");
            assertSyntaxError("@timestamp > now-", 17, "bad duration '' in 'now-'");
            assertSyntaxError("@timestamp > now+100000000d", 17, "bad duration '100000000d'");
        }

        @Test
        void nowBeyondTheRangeOfInstantsIsASyntaxError() {
            FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                    () -> Filter.parse("@timestamp < now+1s", Instant.MAX));
            assertEquals(13, e.position());
            assertTrue(e.reason().contains("out of the range"), e.reason());
        }

        @Test
        void listsAndPatternsNeedTheirShapes() {
            assertSyntaxError("a IN 1", 5, "expected '(' after IN");
            assertSyntaxError("a IN ()", 6, "expected a value in the IN list, found ')'");
            assertSyntaxError("a IN (1 2)", 8, "expected ',' or ')'");
            assertSyntaxError("a LIKE 5", 7, "expected a quoted string after LIKE");
            assertSyntaxError("a CONTAINS x", 11, "expected a quoted string after CONTAINS");
        }

        @Test
        void describeDrawsTheCaretUnderThePositionEvenAfterTabs() {
            FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                    () -> Filter.parse("a\t= 1 b", NOW));
            assertEquals("invalid filter: unexpected 'b' after a complete condition (missing AND or OR?)\n"
                    + "a = 1 b\n"
                    + "      ^", e.describe());
        }

        @Test
        void deepNestingIsASyntaxErrorNotAStackOverflow() {
            assertSyntaxError("(".repeat(10_000) + "a = 1" + ")".repeat(10_000), 200, "nested more than");
            assertSyntaxError("NOT ".repeat(10_000) + "a = 1", 800, "nested more than");
        }
    }

    /** {@link Filter#admits} and {@link Filter#decides}: what the event name alone tells, for the line index. */
    @Nested
    class ByOneField {
        private static final String NAME = "event.name";

        @Test
        void aTestOfTheNameDecidesAndATestOfAnyOtherFieldDoesNot() {
            assertAdmits("event.name = 'retry.attempt'", "retry.attempt", true, true);
            assertAdmits("event.name = 'retry.attempt'", "fallback.invoke", false, false);
            assertAdmits("event.name = 'retry.attempt' AND event.duration > 1ms", "retry.attempt", true, false);
            assertAdmits("event.name = 'retry.attempt' AND event.duration > 1ms", "fallback.invoke", false, false);
            assertAdmits("event.name = 'retry.attempt' OR event.duration > 1ms", "fallback.invoke", true, false);
            assertAdmits("event.name = 'retry.attempt' OR event.duration > 1ms", "retry.attempt", true, true);
            assertAdmits("event.duration > 1ms", "retry.attempt", true, false);
        }

        @Test
        void everyKindOfTest() {
            assertAdmits("event.name LIKE 'circuit_breaker.*'", "circuit_breaker.state_change", true, true);
            assertAdmits("event.name LIKE 'circuit_breaker.*'", "retry.attempt", false, false);
            assertAdmits("event.name NOT LIKE 'circuit_breaker.*'", "retry.attempt", true, true);
            assertAdmits("event.name IN ('a.b', 'c.d')", "c.d", true, true);
            assertAdmits("event.name NOT IN ('a.b', 'c.d')", "c.d", false, false);
            assertAdmits("event.name CONTAINS 'break'", "circuit_breaker.rejected", true, true);
            assertAdmits("event.name != 'a.b'", "a.b", false, false);
            assertAdmits("EXISTS event.name", "a.b", true, true);
            assertAdmits("NOT EXISTS event.name", "a.b", false, false);
            assertAdmits("event.name > 'm'", "retry.attempt", true, true);
        }

        @Test
        void notOfUnknownStaysUnknown() {
            assertAdmits("NOT (event.name = 'a.b' AND x = 1)", "a.b", true, false);
            assertAdmits("NOT (event.name = 'a.b' OR x = 1)", "a.b", false, false);
            assertAdmits("NOT (event.name = 'a.b') AND (x = 1 OR event.name = 'c.d')", "c.d", true, true);
            assertAdmits("NOT (event.name = 'a.b') AND (x = 1 OR event.name = 'c.d')", "e.f", true, false);
        }

        private void assertAdmits(String expression, String name, boolean admits, boolean decides) {
            Filter f = filter(expression);
            assertEquals(admits, f.admits(NAME, name), expression + " admits " + name);
            assertEquals(decides, f.decides(NAME, name), expression + " decides " + name);
            if (decides) { // then every event of that name matches, whatever else it holds
                assertTrue(f.test(record("{\"event\":{\"name\":\"" + name + "\"},\"x\":7}")), expression);
            }
            if (!admits) { // then none does
                assertFalse(f.test(record("{\"event\":{\"name\":\"" + name + "\",\"duration\":5000000},\"x\":1}")),
                        expression);
            }
        }
    }
}
