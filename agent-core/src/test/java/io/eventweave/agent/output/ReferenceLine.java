package io.eventweave.agent.output;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.Outcome;
import io.eventweave.runtime.TraceContext;
import java.io.IOException;

/**
 * The parts every line shares, written the plain way (one generator call per name and value, in the schema's order):
 * the reference the fast-path tests ({@link HttpLineTest}, {@link PolicyLineTest}) compare lines with byte for byte.
 */
final class ReferenceLine {
    private ReferenceLine() {
    }

    /** {@code "@timestamp"} and the {@code event} object. */
    static void begin(JsonGenerator g, EventSlot s, String timestamp, String eventName) throws IOException {
        g.writeStringField("@timestamp", timestamp);
        g.writeObjectFieldStart("event");
        g.writeStringField("name", eventName);
        g.writeNumberField("sequence", s.sequence);
        if (s.provider != null) {
            g.writeStringField("provider", s.provider);
        }
        if (s.outcome != Outcome.NONE) {
            g.writeStringField("outcome", s.outcome.wireName());
        }
        if (s.durationNanos >= 0) {
            g.writeNumberField("duration", s.durationNanos);
        }
        g.writeEndObject();
    }

    /** {@code trace} and {@code span}, when the event has a context. */
    static void trace(JsonGenerator g, TraceContext trace) throws IOException {
        if (trace == null) {
            return;
        }
        g.writeObjectFieldStart("trace");
        g.writeStringField("id", trace.traceIdHex());
        g.writeStringField("flags", String.format("%02x", trace.flags));
        g.writeEndObject();
        if (trace.spanId != 0) {
            g.writeObjectFieldStart("span");
            g.writeStringField("id", String.format("%016x", trace.spanId));
            g.writeEndObject();
        }
    }

    /** {@code service}, {@code host}, {@code process}, {@code schema}. */
    static void envelope(JsonGenerator g, Envelope envelope) throws IOException {
        g.writeObjectFieldStart("service");
        g.writeStringField("name", envelope.serviceName);
        g.writeObjectFieldStart("instance");
        g.writeStringField("id", envelope.serviceInstanceId);
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("host");
        g.writeStringField("name", envelope.hostName);
        g.writeEndObject();
        g.writeObjectFieldStart("process");
        g.writeNumberField("pid", envelope.pid);
        g.writeEndObject();
        g.writeObjectFieldStart("schema");
        g.writeStringField("version", "1");
        g.writeEndObject();
    }
}
