package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** output.max-line-size: a line never exceeds it; long text values are cut and the event says so. */
class JsonEventEncoderTest {
    private static final int MAX_LINE = 4096;

    @Test
    void aLongValueIsCutAndTheEventMarkedTruncated() throws Exception {
        LineBuffer buffer = new LineBuffer(1024);
        JsonEventEncoder encoder = new JsonEventEncoder(buffer,
                new Envelope("svc", "00000000-0000-4000-8000-000000000000", "host", 42), MAX_LINE);
        EventSlot slot = httpSlot("/" + "é/x\"y".repeat(20_000)); // multi-byte and escaped characters
        assertTrue(encoder.encode(slot, null));
        String line = new String(buffer.array(), 0, buffer.size(), StandardCharsets.UTF_8);
        assertTrue(buffer.size() <= MAX_LINE, "line of " + buffer.size() + " bytes");
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one whole line");
        Map<String, String> fields = flatten(line);
        assertEquals("true", fields.get("event.truncated"));
        assertTrue(fields.get("url.path").startsWith("/é/x\"y"), fields.get("url.path"));
        assertEquals("GET", fields.get("http.request.method"));
        assertEquals("200", fields.get("http.response.status_code"));
    }

    @Test
    void aShortLineIsUntouched() throws Exception {
        LineBuffer buffer = new LineBuffer(1024);
        JsonEventEncoder encoder = new JsonEventEncoder(buffer,
                new Envelope("svc", "00000000-0000-4000-8000-000000000000", "host", 42), MAX_LINE);
        assertTrue(encoder.encode(httpSlot("/short"), null));
        Map<String, String> fields = flatten(new String(buffer.array(), 0, buffer.size(), StandardCharsets.UTF_8));
        assertEquals(null, fields.get("event.truncated"));
        assertEquals("/short", fields.get("url.path"));
        // and the next line after a truncated one is whole again
        assertTrue(encoder.encode(httpSlot("/" + "a".repeat(10_000)), null));
        assertTrue(encoder.encode(httpSlot("/after"), null));
        String[] lines = new String(buffer.array(), 0, buffer.size(), StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertEquals("/after", flatten(lines[2]).get("url.path"));
        assertEquals(null, flatten(lines[2]).get("event.truncated"));
    }

    private static EventSlot httpSlot(String path) {
        EventSlot slot = new EventSlot();
        slot.kind = EventKind.HTTP_CLIENT_REQUEST;
        slot.sequence = 7;
        slot.provider = "jdk-httpclient";
        slot.outcome = Outcome.SUCCESS;
        slot.startNanos = System.nanoTime();
        slot.durationNanos = 1000;
        slot.http().method = "GET";
        slot.http().scheme = "http";
        slot.http().serverAddress = "127.0.0.1";
        slot.http().path = path;
        slot.http().serverPort = 8080;
        slot.http().statusCode = 200;
        return slot;
    }

    private static Map<String, String> flatten(String line) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            java.util.Deque<String> path = new java.util.ArrayDeque<>();
            String field = null;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                } else if (t == JsonToken.START_OBJECT) {
                    if (field != null) {
                        path.addLast(field);
                    }
                    field = null;
                } else if (t == JsonToken.END_OBJECT) {
                    if (!path.isEmpty()) {
                        path.removeLast();
                    }
                } else if (t.isScalarValue()) {
                    List<String> parts = new java.util.ArrayList<>(path);
                    parts.add(field);
                    out.put(String.join(".", parts), p.getText());
                }
            }
        }
        return out;
    }
}
