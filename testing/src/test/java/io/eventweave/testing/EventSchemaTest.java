package io.eventweave.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link EventSchema} and {@code docs/event-schema.json} against real agent output and broken variants of it. */
class EventSchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    // Real lines written by the agent (one run: two JDK HttpClient requests, one refused HttpURLConnection).
    static final String AGENT_START = "{\"@timestamp\":\"2026-11-22T15:01:25.223961484Z\",\"event\":{\"name\":\"agent.start\",\"sequence\":0},\"agent\":{\"version\":\"0.1.0-SNAPSHOT\",\"output\":{\"path\":\"/tmp/smoke/eventweave-2809.jsonl\",\"file\":{\"number\":1}},\"queue\":{\"capacity\":65536},\"instrumentations\":[\"jdk-httpclient\",\"jdk-urlconnection\"],\"config\":{\"eventweave.enabled\":\"true\",\"eventweave.service.name\":\"unknown_service:java\",\"eventweave.output.path\":\"eventweave-%p.jsonl\",\"eventweave.output.flush-interval\":\"1s\",\"eventweave.queue.size\":\"65536\",\"eventweave.stats.interval\":\"1m\",\"eventweave.shutdown.timeout\":\"2s\",\"eventweave.trace.propagation\":\"true\",\"eventweave.instrumentation.jdk-httpclient.enabled\":\"true\",\"eventweave.instrumentation.jdk-urlconnection.enabled\":\"true\"}},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"1059a334-3664-40c4-b95c-38bd7c5e1612\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":2809,\"runtime\":{\"name\":\"OpenJDK 64-Bit Server VM\",\"version\":\"17.0.15+6-Debian-1deb12u1\",\"vendor\":\"Debian\"}},\"schema\":{\"version\":\"1\"}}";
    static final String HTTP_200 = "{\"@timestamp\":\"2026-11-22T15:01:25.910679552Z\",\"event\":{\"name\":\"http.client.request\",\"sequence\":1,\"provider\":\"jdk-httpclient\",\"outcome\":\"success\",\"duration\":139359255},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"span\":{\"id\":\"2a513ab0ff9cf243\"},\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":200}},\"url\":{\"scheme\":\"http\",\"path\":\"/a\"},\"server\":{\"address\":\"127.0.0.1\",\"port\":37515},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"1059a334-3664-40c4-b95c-38bd7c5e1612\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":2809},\"schema\":{\"version\":\"1\"}}";
    static final String HTTP_404 = "{\"@timestamp\":\"2026-11-22T15:01:26.050485140Z\",\"event\":{\"name\":\"http.client.request\",\"sequence\":2,\"provider\":\"jdk-httpclient\",\"outcome\":\"failure\",\"duration\":44628229},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"span\":{\"id\":\"cecaaf9277e2cfe6\"},\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":404}},\"url\":{\"scheme\":\"http\",\"path\":\"/404\"},\"server\":{\"address\":\"127.0.0.1\",\"port\":37515},\"error\":{\"type\":\"404\"},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"1059a334-3664-40c4-b95c-38bd7c5e1612\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":2809},\"schema\":{\"version\":\"1\"}}";
    static final String HTTP_REFUSED = "{\"@timestamp\":\"2026-11-22T15:01:26.158554319Z\",\"event\":{\"name\":\"http.client.request\",\"sequence\":4,\"provider\":\"jdk-urlconnection\",\"outcome\":\"failure\",\"duration\":1051912},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"span\":{\"id\":\"d13e0ae36aa45e8a\"},\"http\":{\"request\":{\"method\":\"GET\"}},\"url\":{\"scheme\":\"http\",\"path\":\"/refused\"},\"server\":{\"address\":\"127.0.0.1\",\"port\":1},\"error\":{\"type\":\"java.net.ConnectException\"},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"1059a334-3664-40c4-b95c-38bd7c5e1612\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":2809},\"schema\":{\"version\":\"1\"}}";
    static final String AGENT_STOP = "{\"@timestamp\":\"2026-11-22T15:01:26.166366097Z\",\"event\":{\"name\":\"agent.stop\",\"sequence\":5},\"agent\":{\"uptime\":967758686,\"events\":{\"emitted\":5,\"written\":5,\"dropped\":0,\"queued\":0,\"dropped_by_reason\":{\"queue_full\":0,\"io_error\":0,\"shutdown_timeout\":0,\"internal_error\":0}},\"errors\":{\"total\":0,\"advice\":0,\"instrumentation\":0,\"encoder\":0,\"trace_bridge\":0,\"callback\":0,\"drainer\":0},\"output\":{\"files\":{\"rotated\":0,\"compressed\":0,\"deleted\":0,\"deleted_uncompressed\":0,\"compression_failures\":0}}},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"1059a334-3664-40c4-b95c-38bd7c5e1612\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":2809},\"schema\":{\"version\":\"1\"}}";

    private static final String REMOVE = "<remove>";

    static Stream<Arguments> sampleLines() {
        return Stream.of(
                Arguments.of("agent.start", AGENT_START),
                Arguments.of("http.client.request 200", HTTP_200),
                Arguments.of("http.client.request 404", HTTP_404),
                Arguments.of("http.client.request refused", HTTP_REFUSED),
                Arguments.of("agent.stop", AGENT_STOP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleLines")
    void realAgentLinesAreValid(String name, String line) {
        assertEquals(List.of(), EventSchema.violations(line));
        EventSchema.assertValid(line);
    }

    /** Lines the encoder can write besides the samples, and the planned names (envelope only). */
    static Stream<Arguments> otherValidLines() {
        return Stream.of(
                Arguments.of("agent.stats", with(AGENT_STOP, "/event/name", "agent.stats")),
                Arguments.of("http.client.request without a trace context",
                        with(with(HTTP_200, "/trace", REMOVE), "/span", REMOVE)),
                Arguments.of("http.client.request after redirects", with(HTTP_200, "/http/request/resend_count", 2)),
                Arguments.of("http.client.request with the root path", with(HTTP_200, "/url/path", "/")),
                Arguments.of("agent.stats with a future error kind", with(with(AGENT_STOP, "/event/name", "agent.stats"),
                        "/agent/errors/some_new_kind", 0)),
                Arguments.of("agent.start with no instrumentation on", with(AGENT_START, "/agent/instrumentations",
                        List.of())),
                Arguments.of("circuit_breaker.state_change (real output)", "{\"@timestamp\":\"2026-11-22T15:57:28.844464612Z\",\"event\":{\"name\":\"circuit_breaker.state_change\",\"sequence\":1,\"provider\":\"resilience4j\"},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"circuit_breaker\":{\"name\":\"payments\",\"previous_state\":\"closed\",\"state\":\"open\",\"failure_rate\":100.0},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"8c3d5a45-d0fc-4ebf-9421-795d136e6408\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":5967},\"schema\":{\"version\":\"1\"}}"),
                Arguments.of("circuit_breaker.rejected (real output)", "{\"@timestamp\":\"2026-11-22T15:57:28.864692224Z\",\"event\":{\"name\":\"circuit_breaker.rejected\",\"sequence\":2,\"provider\":\"resilience4j\",\"outcome\":\"failure\"},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"circuit_breaker\":{\"name\":\"payments\",\"state\":\"open\"},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"8c3d5a45-d0fc-4ebf-9421-795d136e6408\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":5967},\"schema\":{\"version\":\"1\"}}"),
                Arguments.of("rate_limiter.acquire (real output)", "{\"@timestamp\":\"2026-11-22T15:57:29.237270847Z\",\"event\":{\"name\":\"rate_limiter.acquire\",\"sequence\":14,\"provider\":\"resilience4j\",\"outcome\":\"failure\",\"duration\":16575},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"rate_limiter\":{\"name\":\"inventory\",\"result\":\"rejected\",\"permits\":1,\"wait\":16575},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"8c3d5a45-d0fc-4ebf-9421-795d136e6408\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":5967},\"schema\":{\"version\":\"1\"}}"),
                Arguments.of("retry.attempt (real output)", "{\"@timestamp\":\"2026-11-22T15:57:30.017985096Z\",\"event\":{\"name\":\"retry.attempt\",\"sequence\":26,\"provider\":\"resilience4j\",\"outcome\":\"failure\"},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"retry\":{\"name\":\"quotes\",\"attempt\":3,\"result\":\"exhausted\"},\"error\":{\"type\":\"java.lang.UnsupportedOperationException\"},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"8c3d5a45-d0fc-4ebf-9421-795d136e6408\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":5967},\"schema\":{\"version\":\"1\"}}"),
                Arguments.of("bulkhead.rejected (real output)", "{\"@timestamp\":\"2026-11-22T15:57:30.044713630Z\",\"event\":{\"name\":\"bulkhead.rejected\",\"sequence\":27,\"provider\":\"resilience4j\",\"outcome\":\"failure\"},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"bulkhead\":{\"name\":\"reports\"},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"8c3d5a45-d0fc-4ebf-9421-795d136e6408\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":5967},\"schema\":{\"version\":\"1\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherValidLines")
    void otherLinesTheSchemaAllowsAreValid(String name, String line) {
        assertEquals(List.of(), EventSchema.violations(line), line);
    }

    /** A broken variant of a real line, and a text every violation list for it must contain (where it is wrong). */
    static Stream<Arguments> brokenLines() {
        return Stream.of(
                // envelope
                Arguments.of("timestamp with 3 fractional digits",
                        with(HTTP_200, "/@timestamp", "2026-11-22T15:01:25.910Z"), "@timestamp"),
                Arguments.of("timestamp with an offset instead of Z",
                        with(HTTP_200, "/@timestamp", "2026-11-22T15:01:25.910679552+00:00"), "@timestamp"),
                Arguments.of("timestamp that is no date (month 13)",
                        with(HTTP_200, "/@timestamp", "2026-13-22T15:01:25.910679552Z"), "@timestamp"),
                Arguments.of("timestamp as a number", with(HTTP_200, "/@timestamp", 1795359685910L), "@timestamp"),
                Arguments.of("missing @timestamp", with(HTTP_200, "/@timestamp", REMOVE), "@timestamp"),
                Arguments.of("missing event.sequence", with(HTTP_200, "/event/sequence", REMOVE), "sequence"),
                Arguments.of("negative event.sequence", with(HTTP_200, "/event/sequence", -1), "$.event.sequence"),
                Arguments.of("event.sequence as text", with(HTTP_200, "/event/sequence", "1"), "$.event.sequence"),
                Arguments.of("unknown event.name", with(HTTP_200, "/event/name", "http.client.requests"),
                        "$.event.name"),
                Arguments.of("missing event.name", with(HTTP_200, "/event/name", REMOVE), "name"),
                Arguments.of("unknown event.outcome", with(HTTP_200, "/event/outcome", "ok"), "$.event.outcome"),
                Arguments.of("negative event.duration", with(HTTP_200, "/event/duration", -5), "$.event.duration"),
                Arguments.of("fractional event.duration", with(HTTP_200, "/event/duration", 1.5), "$.event.duration"),
                Arguments.of("typo inside event", with(HTTP_200, "/event/sequense", 1), "sequense"),
                Arguments.of("unknown top-level field", with(HTTP_200, "/foo", Map.of("bar", 1)), "foo"),
                Arguments.of("top-level field misspelt", with(with(HTTP_200, "/servers", Map.of("port", 1)),
                        "/server", REMOVE), "servers"),
                Arguments.of("uppercase trace id", with(HTTP_200, "/trace/id", "4BF92F3577B34DA6A3CE929D0E0E4736"),
                        "$.trace.id"),
                Arguments.of("all-zero trace id", with(HTTP_200, "/trace/id", "00000000000000000000000000000000"),
                        "$.trace.id"),
                Arguments.of("trace id of 31 digits", with(HTTP_200, "/trace/id", "4bf92f3577b34da6a3ce929d0e0e473"),
                        "$.trace.id"),
                Arguments.of("uppercase trace flags", with(HTTP_200, "/trace/flags", "0A"), "$.trace.flags"),
                Arguments.of("trace without flags", with(HTTP_200, "/trace/flags", REMOVE), "flags"),
                Arguments.of("all-zero span id", with(HTTP_200, "/span/id", "0000000000000000"), "$.span.id"),
                Arguments.of("uppercase span id", with(HTTP_200, "/span/id", "2A513AB0FF9CF243"), "$.span.id"),
                Arguments.of("span without trace", with(HTTP_200, "/trace", REMOVE), "trace"),
                Arguments.of("missing service.instance.id", with(HTTP_200, "/service/instance/id", REMOVE), "id"),
                Arguments.of("empty service.name", with(HTTP_200, "/service/name", ""), "$.service.name"),
                Arguments.of("missing host", with(HTTP_200, "/host", REMOVE), "host"),
                Arguments.of("process.pid as text", with(HTTP_200, "/process/pid", "2809"), "$.process.pid"),
                Arguments.of("typo inside process", with(HTTP_200, "/process/pidd", 1), "pidd"),
                Arguments.of("schema.version 2", with(HTTP_200, "/schema/version", "2"), "$.schema.version"),
                Arguments.of("schema.version as a number", with(HTTP_200, "/schema/version", 1), "$.schema.version"),
                // http.client.request
                Arguments.of("http.client.request without server.port", with(HTTP_200, "/server/port", REMOVE),
                        "port"),
                Arguments.of("server.port 0", with(HTTP_200, "/server/port", 0), "$.server.port"),
                Arguments.of("server.port 65536", with(HTTP_200, "/server/port", 65536), "$.server.port"),
                Arguments.of("http.client.request without http.request.method",
                        with(HTTP_200, "/http/request/method", REMOVE), "method"),
                Arguments.of("http.client.request without url.scheme", with(HTTP_200, "/url/scheme", REMOVE),
                        "scheme"),
                Arguments.of("http.client.request without url", with(HTTP_200, "/url", REMOVE), "url"),
                Arguments.of("url.path with a query string", with(HTTP_200, "/url/path", "/a?token=secret"),
                        "$.url.path"),
                Arguments.of("url.path with a fragment", with(HTTP_200, "/url/path", "/a#top"), "$.url.path"),
                Arguments.of("relative url.path", with(HTTP_200, "/url/path", "a"), "$.url.path"),
                Arguments.of("http.client.request without event.provider", with(HTTP_200, "/event/provider", REMOVE),
                        "provider"),
                Arguments.of("http.client.request without event.outcome", with(HTTP_200, "/event/outcome", REMOVE),
                        "outcome"),
                Arguments.of("http.client.request without event.duration", with(HTTP_200, "/event/duration", REMOVE),
                        "duration"),
                Arguments.of("status 404 with outcome success", with(HTTP_404, "/event/outcome", "success"),
                        "$.event.outcome"),
                Arguments.of("status 500 with outcome success",
                        with(with(HTTP_200, "/http/response/status_code", 500), "/error", Map.of("type", "500")),
                        "$.event.outcome"),
                Arguments.of("status 404 without error.type", with(HTTP_404, "/error", REMOVE), "error"),
                Arguments.of("status 1000", with(HTTP_200, "/http/response/status_code", 1000),
                        "$.http.response.status_code"),
                Arguments.of("status 99", with(HTTP_200, "/http/response/status_code", 99),
                        "$.http.response.status_code"),
                Arguments.of("resend_count 0", with(HTTP_200, "/http/request/resend_count", 0),
                        "$.http.request.resend_count"),
                Arguments.of("http.request.url (not a v1 field)", with(HTTP_200, "/http/request/url", "http://x/a"),
                        "url"),
                Arguments.of("empty error.type", with(HTTP_REFUSED, "/error/type", ""), "$.error.type"),
                Arguments.of("http.client.request with an agent object", with(HTTP_200, "/agent", Map.of()), "agent"),
                // agent.start
                Arguments.of("agent.start without process.runtime", with(AGENT_START, "/process/runtime", REMOVE),
                        "runtime"),
                Arguments.of("agent.start without agent.version", with(AGENT_START, "/agent/version", REMOVE),
                        "version"),
                Arguments.of("agent.start without agent.output.path", with(AGENT_START, "/agent/output/path", REMOVE),
                        "path"),
                Arguments.of("agent.start with queue.capacity as text", with(AGENT_START, "/agent/queue/capacity",
                        "65536"), "$.agent.queue.capacity"),
                Arguments.of("agent.start with a non-string config value",
                        with(AGENT_START, "/agent/config/eventweave.queue.size", 65536), "eventweave.queue.size"),
                Arguments.of("agent.start with instrumentations as one string",
                        with(AGENT_START, "/agent/instrumentations", "jdk-httpclient"), "$.agent.instrumentations"),
                Arguments.of("agent.start with event.outcome", with(AGENT_START, "/event/outcome", "success"),
                        "$.event.outcome"),
                Arguments.of("agent.start with counters instead of its own fields",
                        with(AGENT_START, "/agent", MAPPER.convertValue(node(AGENT_STOP).get("agent"), Map.class)),
                        "$.agent"),
                // agent.stats / agent.stop
                Arguments.of("agent.stop without agent.events.dropped_by_reason.io_error",
                        with(AGENT_STOP, "/agent/events/dropped_by_reason/io_error", REMOVE), "io_error"),
                Arguments.of("agent.stop with an unknown drop reason",
                        with(AGENT_STOP, "/agent/events/dropped_by_reason/disk_full", 0), "disk_full"),
                Arguments.of("agent.stop with negative written", with(AGENT_STOP, "/agent/events/written", -1),
                        "$.agent.events.written"),
                Arguments.of("agent.stop without agent.uptime", with(AGENT_STOP, "/agent/uptime", REMOVE), "uptime"),
                Arguments.of("agent.stop without agent.output.files.deleted_uncompressed",
                        with(AGENT_STOP, "/agent/output/files/deleted_uncompressed", REMOVE), "deleted_uncompressed"),
                Arguments.of("agent.stop without agent.errors.encoder", with(AGENT_STOP, "/agent/errors/encoder",
                        REMOVE), "encoder"),
                Arguments.of("agent.stats with agent.errors.total as text",
                        with(with(AGENT_STOP, "/event/name", "agent.stats"), "/agent/errors/total", "0"),
                        "$.agent.errors.total"),
                Arguments.of("agent.stop with a trace", with(AGENT_STOP, "/trace",
                        Map.of("id", "4bf92f3577b34da6a3ce929d0e0e4736", "flags", "01")), "trace"),
                Arguments.of("agent.stop with an http object", with(AGENT_STOP, "/http", Map.of()), "http"),
                Arguments.of("rate_limiter.acquire with an unknown result", with("{\"@timestamp\":\"2026-11-22T15:57:29.237270847Z\",\"event\":{\"name\":\"rate_limiter.acquire\",\"sequence\":14,\"provider\":\"resilience4j\",\"outcome\":\"failure\",\"duration\":16575},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"rate_limiter\":{\"name\":\"inventory\",\"result\":\"rejected\",\"permits\":1,\"wait\":16575},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"8c3d5a45-d0fc-4ebf-9421-795d136e6408\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":5967},\"schema\":{\"version\":\"1\"}}",
                        "/rate_limiter/result", "maybe"), "$.rate_limiter.result"),
                Arguments.of("circuit_breaker.state_change to an unknown state", with("{\"@timestamp\":\"2026-11-22T15:57:28.844464612Z\",\"event\":{\"name\":\"circuit_breaker.state_change\",\"sequence\":1,\"provider\":\"resilience4j\"},\"trace\":{\"id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"flags\":\"01\"},\"circuit_breaker\":{\"name\":\"payments\",\"previous_state\":\"closed\",\"state\":\"open\",\"failure_rate\":100.0},\"service\":{\"name\":\"unknown_service:java\",\"instance\":{\"id\":\"8c3d5a45-d0fc-4ebf-9421-795d136e6408\"}},\"host\":{\"name\":\"vm\"},\"process\":{\"pid\":5967},\"schema\":{\"version\":\"1\"}}",
                        "/circuit_breaker/state", "ajar"), "$.circuit_breaker.state"),
                // fallback.invoke: no agent object, a valid envelope, fallback is an object
                Arguments.of("fallback.invoke with an agent object", with(AGENT_STOP, "/event/name", "fallback.invoke"),
                        "agent"),
                Arguments.of("fallback.invoke with a bad envelope", with(with(with(with(HTTP_200, "/event/name",
                        "fallback.invoke"), "/http", REMOVE), "/url", REMOVE), "/trace/id", "XYZ"), "$.trace.id"),
                Arguments.of("fallback.invoke with fallback as text", with(with(with(with(HTTP_200, "/event/name",
                        "fallback.invoke"), "/http", REMOVE), "/url", REMOVE), "/fallback", "backend"),
                        "$.fallback"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenLines")
    void brokenLinesAreRejected(String name, String line, String mentioned) {
        List<String> violations = EventSchema.violations(line);
        assertFalse(violations.isEmpty(), () -> "accepted: " + line);
        assertTrue(violations.stream().anyMatch(v -> v.contains(mentioned)),
                () -> "no violation mentions '" + mentioned + "': " + violations);
        AssertionError error = assertThrows(AssertionError.class, () -> EventSchema.assertValid(line));
        assertTrue(error.getMessage().contains(line), "the error names the line");
        for (String violation : violations) {
            assertTrue(error.getMessage().contains(violation), () -> "the error lists " + violation);
        }
    }

    static Stream<Arguments> malformedLines() {
        String duplicateKey = HTTP_200.replace("\"sequence\":1,", "\"sequence\":1,\"sequence\":2,");
        assertNotEquals(HTTP_200, duplicateKey);
        String lineBreak = HTTP_200.replace("\"event\":{", "\"event\":\n{");
        assertNotEquals(HTTP_200, lineBreak);
        return Stream.of(
                Arguments.of("two objects on one line", HTTP_200 + AGENT_STOP),
                Arguments.of("trailing garbage", HTTP_200 + " x"),
                Arguments.of("duplicate key", duplicateKey),
                Arguments.of("line break inside", lineBreak),
                Arguments.of("truncated line", HTTP_200.substring(0, HTTP_200.length() / 2)),
                Arguments.of("empty line", ""),
                Arguments.of("JSON array", "[" + HTTP_200 + "]"),
                Arguments.of("JSON null", "null"),
                Arguments.of("null", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLines")
    void malformedLinesAreRejected(String name, String line) {
        assertFalse(EventSchema.violations(line).isEmpty(), () -> "accepted: " + line);
        assertThrows(AssertionError.class, () -> EventSchema.assertValid(line));
    }

    @Test
    void everyViolationOfALineIsReported() {
        String line = with(with(with(HTTP_200, "/trace/id", "4BF92F3577B34DA6A3CE929D0E0E4736"), "/server/port", 0),
                "/event/sequence", REMOVE);
        List<String> violations = EventSchema.violations(line);
        assertTrue(violations.stream().anyMatch(v -> v.contains("$.trace.id")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.contains("$.server.port")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.contains("sequence")), violations::toString);
        AssertionError error = assertThrows(AssertionError.class, () -> EventSchema.assertValid(line));
        assertTrue(error.getMessage().contains(violations.size() + " violations"), error.getMessage());
    }

    @Test
    void theSchemaFileComesFromTheBuildOrTheDocsFolder() {
        assertTrue(Files.isRegularFile(EventSchema.schemaFile()), () -> "missing " + EventSchema.schemaFile());
        assertTrue(EventSchema.schemaFile().endsWith("docs/event-schema.json"), EventSchema.schemaFile()::toString);
    }

    /**
     * {@code line} with the field at JSON pointer {@code pointer} set to {@code value} (any value Jackson can convert;
     * {@link #REMOVE} removes it). The parent must exist, and a removed field must have been there, so every variant
     * really differs from its original.
     */
    static String with(String line, String pointer, Object value) {
        ObjectNode root = (ObjectNode) node(line);
        JsonPointer path = JsonPointer.compile(pointer);
        JsonNode parent = root.at(path.head());
        assertTrue(parent.isObject(), () -> "no object at " + path.head() + " in " + line);
        String field = path.last().getMatchingProperty();
        if (REMOVE.equals(value)) {
            assertNotNull(((ObjectNode) parent).remove(field), () -> "no field " + pointer + " in " + line);
        } else {
            ((ObjectNode) parent).set(field, MAPPER.valueToTree(value));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode node(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
