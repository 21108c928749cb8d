package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.GuardFrame;
import io.eventweave.runtime.Outcome;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.TraceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * HTTP lines are written as root-level values between pre-encoded constant JSON; every one must be byte for byte
 * the line a plain generator writes field by field in the schema's order (the reference below), for every optional
 * field present or not, strings that need escaping, repeated and changing strings (the cache), and trace contexts.
 */
class HttpLineTest {
    private static final Envelope ENVELOPE = new Envelope("svc \"q\" é", "id-1", "höst", 42);
    private static final TraceContext TRACE =
            TraceContext.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    private static final TraceContext OTHER_TRACE =
            TraceContext.fromTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
    /** Inside every kind of guard, with an outer retry that the inner one hides, and a name that needs escaping. */
    private static final TraceContext GUARDED = TRACE.withGuards(GuardFrame.retry("r\"1", 2,
            GuardFrame.circuitBreaker("cb", BreakerState.HALF_OPEN, GuardFrame.rateLimiter("rl", 1234,
                    GuardFrame.bulkhead("bh", GuardFrame.retry("outer", 1, null))))));
    /** A breaker in an unknown state, a retry whose attempt is unknown, a limiter that did not wait, a nameless one. */
    private static final TraceContext PARTLY_GUARDED = OTHER_TRACE.withGuards(GuardFrame.circuitBreaker("cb2", null,
            GuardFrame.retry("r2", 0, GuardFrame.rateLimiter("rl2", 0, GuardFrame.bulkhead(null, null)))));
    private final JsonFactory json = new JsonFactory();

    @Test
    void everyShapeIsTheLineAGeneratorWritesFieldByField() throws Exception {
        LineBuffer buffer = new LineBuffer(1024);
        JsonEventEncoder encoder = new JsonEventEncoder(buffer, ENVELOPE, 1 << 20);
        Object[] errors = {null, ConnectException.class, "custom \"error\"\n"};
        String[] hosts = {null, "", "127.0.0.1", "[::1]", "hö\"st\\", "["};
        String[] paths = {null, "", "/a", "/é/\"x\"\\\u0001\u2028\uD83D\uDE00"};
        String[] schemes = {null, "http", "HTTPS", "Ftp"};
        String[] methods = {"GET", "pösT\t"};
        int[] statuses = {0, 99, 100, 200, 404, 503, 999, 1000};
        TraceContext[] traces = {null, TRACE, OTHER_TRACE, GUARDED, PARTLY_GUARDED};
        long sequence = 0;
        int lines = 0;
        for (EventKind kind : new EventKind[] {EventKind.HTTP_CLIENT_REQUEST, EventKind.HTTP_SERVER_REQUEST}) {
            for (Object error : errors) {
                for (String host : hosts) {
                    for (String path : paths) {
                        for (String scheme : schemes) {
                            for (String method : methods) {
                                for (int status : statuses) {
                                    for (TraceContext trace : traces) {
                                        sequence++;
                                        EventSlot slot = slot(kind, sequence, method, scheme, host, path, status,
                                                error, trace);
                                        // twice: the second time the repeated strings come from the cache
                                        for (int repeat = 0; repeat < 2; repeat++) {
                                            buffer.reset();
                                            assertTrue(encoder.encode(slot, null));
                                            assertLineIsReference(buffer, slot);
                                            lines++;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(lines > 10_000, lines + " lines");
    }

    @Test
    void stringsWithTheSameHashNeverShareCachedBytes() throws Exception {
        LineBuffer buffer = new LineBuffer(1024);
        JsonEventEncoder encoder = new JsonEventEncoder(buffer, ENVELOPE, 1 << 20);
        // "Aa" and "BB" have the same hashCode, so they map to the same cache entry
        assertEquals("Aa".hashCode(), "BB".hashCode());
        String[] methods = {"Aa", "BB", "Aa", "BB", new String("Aa"), "BB", "AaBB", "BBAa", "AaAa", "Aa"};
        for (int i = 0; i < methods.length * 3; i++) {
            EventSlot slot = slot(EventKind.HTTP_CLIENT_REQUEST, i, methods[i % methods.length], "http", "h", "/",
                    200, null, null);
            buffer.reset();
            assertTrue(encoder.encode(slot, null));
            assertLineIsReference(buffer, slot);
        }
    }

    @Test
    void aTooLongCachedValueIsCutLikeAnyOther() throws Exception {
        LineBuffer buffer = new LineBuffer(1024);
        int maxLine = 1024;
        JsonEventEncoder encoder = new JsonEventEncoder(buffer, ENVELOPE, maxLine);
        String host = "h".repeat(2000);
        String method = "M".repeat(2000);
        for (int i = 0; i < 3; i++) { // cached from the second time on
            EventSlot slot = slot(EventKind.HTTP_CLIENT_REQUEST, i, method, "http", host, "/", 200,
                    "e".repeat(2000), TRACE);
            buffer.reset();
            assertTrue(encoder.encode(slot, null));
            String line = new String(buffer.array(), 0, buffer.size(), StandardCharsets.UTF_8);
            assertTrue(buffer.size() <= maxLine, "line of " + buffer.size() + " bytes");
            assertTrue(line.contains("\"truncated\":true"), line);
            assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
            assertOneJsonObject(line);
        }
        // a short line after the cut ones is whole again
        EventSlot slot = slot(EventKind.HTTP_CLIENT_REQUEST, 9, "GET", "http", "h", "/", 200, null, null);
        buffer.reset();
        assertTrue(encoder.encode(slot, null));
        assertLineIsReference(buffer, slot);
    }

    private void assertOneJsonObject(String line) throws IOException {
        try (JsonParser p = json.createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            p.skipChildren();
            assertNull(p.nextToken(), line);
        }
    }

    private static EventSlot slot(EventKind kind, long sequence, String method, String scheme, String host, String path,
            int status, Object error, TraceContext trace) {
        EventSlot slot = new EventSlot();
        slot.kind = kind;
        slot.sequence = sequence;
        slot.provider = sequence % 7 == 0 ? null : "jdk-httpclient";
        slot.outcome = Outcome.values()[(int) (sequence % 4)];
        slot.startNanos = System.nanoTime();
        slot.durationNanos = sequence % 5 == 0 ? -1 : sequence * 1000;
        slot.trace = trace;
        slot.http().method = method;
        slot.http().scheme = scheme;
        slot.http().serverAddress = host;
        slot.http().path = path;
        slot.http().serverPort = (int) (sequence % 3 == 0 ? (sequence % 2 == 0 ? 0 : -1) : sequence % 70_000);
        slot.http().statusCode = status;
        slot.http().resendCount = (int) (sequence % 3);
        String[] routes = {null, "", "/orders/{id}", "/é/\"{x}\""};
        slot.http().route = routes[(int) (sequence % routes.length)];
        slot.error = error;
        return slot;
    }

    /** The innermost guard of each kind, in the schema's order: circuit breaker, rate limiter, retry, bulkhead. */
    private static void guards(JsonGenerator g, GuardFrame chain) throws IOException {
        GuardFrame breaker = GuardFrame.innermost(chain, GuardFrame.Kind.CIRCUIT_BREAKER);
        if (breaker != null && breaker.name != null) {
            g.writeObjectFieldStart("circuit_breaker");
            g.writeStringField("name", breaker.name);
            if (breaker.state != null) {
                g.writeStringField("state", breaker.state.wireName());
            }
            g.writeEndObject();
        }
        GuardFrame limiter = GuardFrame.innermost(chain, GuardFrame.Kind.RATE_LIMITER);
        if (limiter != null && limiter.name != null) {
            g.writeObjectFieldStart("rate_limiter");
            g.writeStringField("name", limiter.name);
            g.writeNumberField("wait", limiter.waitNanos);
            g.writeEndObject();
        }
        GuardFrame retry = GuardFrame.innermost(chain, GuardFrame.Kind.RETRY);
        if (retry != null && retry.name != null) {
            g.writeObjectFieldStart("retry");
            g.writeStringField("name", retry.name);
            if (retry.attempt > 0) {
                g.writeNumberField("attempt", retry.attempt);
            }
            g.writeEndObject();
        }
        GuardFrame bulkhead = GuardFrame.innermost(chain, GuardFrame.Kind.BULKHEAD);
        if (bulkhead != null && bulkhead.name != null) {
            g.writeObjectFieldStart("bulkhead");
            g.writeStringField("name", bulkhead.name);
            g.writeEndObject();
        }
    }

    private void assertLineIsReference(LineBuffer buffer, EventSlot slot) throws IOException {
        String line = new String(buffer.array(), 0, buffer.size(), StandardCharsets.UTF_8);
        String prefix = "{\"@timestamp\":\"";
        assertTrue(line.startsWith(prefix), line);
        String timestamp = line.substring(prefix.length(), prefix.length() + Timestamps.LENGTH);
        assertEquals(reference(slot, timestamp), line);
    }

    /** The schema's http line, written the plain way: one generator call per name and value. */
    private String reference(EventSlot s, String timestamp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            ReferenceLine.begin(g, s, timestamp,
                    s.kind == EventKind.HTTP_CLIENT_REQUEST ? "http.client.request" : "http.server.request");
            ReferenceLine.trace(g, s.trace);
            g.writeObjectFieldStart("http");
            g.writeObjectFieldStart("request");
            g.writeStringField("method", s.http().method);
            if (s.http().resendCount > 0) {
                g.writeNumberField("resend_count", s.http().resendCount);
            }
            g.writeEndObject();
            if (s.http().statusCode >= 100 && s.http().statusCode <= 999) {
                g.writeObjectFieldStart("response");
                g.writeNumberField("status_code", s.http().statusCode);
                g.writeEndObject();
            }
            if (s.kind == EventKind.HTTP_SERVER_REQUEST && s.http().route != null && !s.http().route.isEmpty()) {
                g.writeStringField("route", s.http().route);
            }
            g.writeEndObject();
            g.writeObjectFieldStart("url");
            g.writeStringField("scheme", s.http().scheme == null ? "http" : s.http().scheme.toLowerCase(Locale.ROOT));
            g.writeStringField("path", s.http().path == null || s.http().path.isEmpty() ? "/" : s.http().path);
            g.writeEndObject();
            g.writeObjectFieldStart("server");
            if (s.http().serverAddress != null && !s.http().serverAddress.isEmpty()) {
                boolean bracketed = s.http().serverAddress.length() > 2 && s.http().serverAddress.startsWith("[") && s.http().serverAddress.endsWith("]");
                g.writeStringField("address", bracketed ? s.http().serverAddress.substring(1, s.http().serverAddress.length() - 1) : s.http().serverAddress);
            }
            g.writeNumberField("port", s.http().serverPort > 0 ? s.http().serverPort : "https".equalsIgnoreCase(s.http().scheme) ? 443 : 80);
            g.writeEndObject();
            if (s.kind == EventKind.HTTP_CLIENT_REQUEST && s.trace != null) {
                guards(g, s.trace.guards);
            }
            int failureStatus = s.kind == EventKind.HTTP_CLIENT_REQUEST ? 400 : 500;
            if (s.error != null || s.http().statusCode >= failureStatus) {
                g.writeObjectFieldStart("error");
                g.writeStringField("type", s.error instanceof Class ? ((Class<?>) s.error).getName()
                        : s.error != null ? s.error.toString() : Integer.toString(s.http().statusCode));
                g.writeEndObject();
            }
            ReferenceLine.envelope(g, ENVELOPE);
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8) + "\n";
    }
}
