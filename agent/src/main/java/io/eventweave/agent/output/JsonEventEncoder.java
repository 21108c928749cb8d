package io.eventweave.agent.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.ResilienceNames;
import io.eventweave.runtime.TraceContext;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes events as schema v1 JSON lines (see {@code docs/schema.md}) with jackson-core's streaming generator:
 * field names pre-encoded, the per-process envelope pre-rendered once, timestamps and ids written from reused byte
 * arrays. HTTP lines, the bulk of the output and the drainer's throughput ceiling, take a shorter path: values
 * written through the generator between pre-encoded runs of constant JSON, and the strings that repeat escaped once
 * ({@link QuotedStringCache}). One instance, used by the drainer thread only.
 */
final class JsonEventEncoder {
    static final String SCHEMA_VERSION = "1";

    private static final SerializableString TIMESTAMP = name("@timestamp");
    private static final SerializableString EVENT = name("event");
    private static final SerializableString NAME = name("name");
    private static final SerializableString SEQUENCE = name("sequence");
    private static final SerializableString PROVIDER = name("provider");
    private static final SerializableString OUTCOME = name("outcome");
    private static final SerializableString DURATION = name("duration");
    private static final SerializableString TRACE = name("trace");
    private static final SerializableString ID = name("id");
    private static final SerializableString FLAGS = name("flags");
    private static final SerializableString SPAN = name("span");
    private static final SerializableString ERROR = name("error");
    private static final SerializableString TYPE = name("type");
    private static final SerializableString SERVICE = name("service");
    private static final SerializableString HOST = name("host");
    private static final SerializableString PROCESS = name("process");
    private static final SerializableString SCHEMA = name("schema");
    private static final SerializableString AGENT = name("agent");

    private static final SerializableString CIRCUIT_BREAKER_STATE_CHANGE = name("circuit_breaker.state_change");
    private static final SerializableString CIRCUIT_BREAKER_REJECTED = name("circuit_breaker.rejected");
    private static final SerializableString RATE_LIMITER_ACQUIRE = name("rate_limiter.acquire");
    private static final SerializableString RETRY_ATTEMPT = name("retry.attempt");
    private static final SerializableString BULKHEAD_REJECTED = name("bulkhead.rejected");
    private static final SerializableString CIRCUIT_BREAKER = name("circuit_breaker");
    private static final SerializableString RATE_LIMITER = name("rate_limiter");
    private static final SerializableString RETRY = name("retry");
    private static final SerializableString BULKHEAD = name("bulkhead");
    private static final SerializableString FALLBACK_INVOKE = name("fallback.invoke");
    private static final SerializableString FALLBACK = name("fallback");
    private static final SerializableString[] OUTCOMES = {null, name("success"), name("failure"), name("unknown")};
    private static final SerializableString HTTP_SCHEME = name("http");

    /**
     * The constant JSON between the values of a line written as root-level values (see {@code httpRequest}),
     * pre-encoded once. Only names and values of the schema appear here: ASCII that needs no escaping.
     */
    private static final class Segment {
        static final SerializableString OPEN_TIMESTAMP = raw("{\"@timestamp\":");
        static final SerializableString HTTP_CLIENT_REQUEST =
                raw(",\"event\":{\"name\":\"http.client.request\",\"sequence\":");
        static final SerializableString HTTP_SERVER_REQUEST =
                raw(",\"event\":{\"name\":\"http.server.request\",\"sequence\":");
        static final SerializableString PROVIDER = raw(",\"provider\":");
        static final SerializableString[] OUTCOMES = {null, raw(",\"outcome\":\"success\""),
            raw(",\"outcome\":\"failure\""), raw(",\"outcome\":\"unknown\"")};
        static final SerializableString DURATION = raw(",\"duration\":");
        static final SerializableString TRUNCATED = raw(",\"truncated\":true");
        static final SerializableString CLOSE = raw("}");
        static final SerializableString TRACE_ID = raw(",\"trace\":{\"id\":");
        static final SerializableString TRACE_FLAGS = raw(",\"flags\":");
        static final SerializableString SPAN_ID = raw(",\"span\":{\"id\":");
        static final SerializableString HTTP_REQUEST_METHOD = raw(",\"http\":{\"request\":{\"method\":");
        static final SerializableString RESEND_COUNT = raw(",\"resend_count\":");
        static final SerializableString RESPONSE_STATUS_CODE = raw("},\"response\":{\"status_code\":");
        static final SerializableString CLOSE_HTTP_URL_SCHEME = raw("}},\"url\":{\"scheme\":");
        static final SerializableString URL_PATH = raw(",\"path\":");
        static final SerializableString SERVER_ADDRESS = raw("},\"server\":{\"address\":");
        static final SerializableString SERVER_PORT_AFTER_ADDRESS = raw(",\"port\":");
        static final SerializableString SERVER_PORT = raw("},\"server\":{\"port\":");
        static final SerializableString ERROR_TYPE = raw(",\"error\":{\"type\":");

        private static SerializableString raw(String json) {
            return new SerializedString(json); // its "unquoted" UTF-8 is the JSON text as it is
        }
    }

    private final JsonFactory factory = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    private final LineBuffer buffer;
    private final Timestamps timestamps = new Timestamps();
    private final byte[] hex = new byte[32];
    private final byte[] number = new byte[20];
    private final SerializableString serviceJson;
    private final SerializableString hostJson;
    private final SerializableString processJson;
    private final SerializableString processWithRuntimeJson;
    private final SerializableString schemaJson;
    /** {@code ,"service":{...},"host":{...},"process":{...},"schema":{...}}} and the newline: ends a fast line. */
    private final SerializableString envelopeTail;
    private final QuotedStringCache quotedStrings = new QuotedStringCache();
    /** Trace id (32 hex digits) and flags (2) of {@link #lastTrace}; TraceContext is immutable. */
    private final byte[] traceHex = new byte[34];
    private TraceContext lastTrace;
    private String lastScheme;
    private String lastSchemeLowerCase;
    private JsonGenerator gen;

    /** Longest line allowed (output.max-line-size), newline included. */
    private final int maxLineSize;
    /** Longest text value while re-encoding a line that was too long; MAX_VALUE normally. */
    private int stringLimit = Integer.MAX_VALUE;

    JsonEventEncoder(LineBuffer buffer, Envelope envelope, int maxLineSize) {
        this.buffer = buffer;
        this.maxLineSize = maxLineSize;
        try {
            serviceJson = raw(g -> {
                g.writeStartObject();
                g.writeStringField("name", envelope.serviceName);
                g.writeObjectFieldStart("instance");
                g.writeStringField("id", envelope.serviceInstanceId);
                g.writeEndObject();
                g.writeEndObject();
            });
            hostJson = raw(g -> {
                g.writeStartObject();
                g.writeStringField("name", envelope.hostName);
                g.writeEndObject();
            });
            processJson = raw(g -> {
                g.writeStartObject();
                g.writeNumberField("pid", envelope.pid);
                g.writeEndObject();
            });
            processWithRuntimeJson = raw(g -> {
                g.writeStartObject();
                g.writeNumberField("pid", envelope.pid);
                g.writeObjectFieldStart("runtime");
                g.writeStringField("name", System.getProperty("java.vm.name", "unknown"));
                g.writeStringField("version", System.getProperty("java.runtime.version",
                        System.getProperty("java.version", "unknown")));
                g.writeStringField("vendor", System.getProperty("java.vendor", "unknown"));
                g.writeEndObject();
                g.writeEndObject();
            });
            schemaJson = raw(g -> {
                g.writeStartObject();
                g.writeStringField("version", SCHEMA_VERSION);
                g.writeEndObject();
            });
            String envelopeObject = raw(g -> {
                g.writeStartObject();
                writeEnvelope(g, processJson);
                g.writeEndObject();
            }).getValue();
            envelopeTail = new SerializedString("," + envelopeObject.substring(1) + "\n"); // the line goes on: ","
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        newGenerator();
    }

    private static SerializableString name(String value) {
        return new SerializedString(value);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private SerializableString raw(Body body) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(out)) {
            body.write(g);
        }
        return new SerializedString(out.toString());
    }

    private void newGenerator() {
        try {
            gen = factory.createGenerator(buffer);
            gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refreshes the wall-clock calibration (the drainer calls this about once a second). */
    void calibrateClock() {
        timestamps.calibrate();
    }

    /**
     * Appends one line for {@code slot}. Returns false (and leaves the buffer as it was) when the event could not
     * be encoded; the failure is counted as an {@code encoder} error.
     */
    boolean encode(EventSlot slot, AgentInfo info) {
        int mark = buffer.size();
        try {
            encodeOnce(slot, info);
            if (buffer.size() - mark > maxLineSize) {
                // Too long: encode again with shorter and shorter text values, marked event.truncated.
                for (int limit = maxLineSize / 8; buffer.size() - mark > maxLineSize; limit /= 2) {
                    buffer.truncate(mark);
                    stringLimit = Math.max(limit, 8);
                    encodeOnce(slot, info);
                    if (limit < 8) {
                        break;
                    }
                }
                stringLimit = Integer.MAX_VALUE;
            }
            return true;
        } catch (Exception | StackOverflowError e) {
            stringLimit = Integer.MAX_VALUE;
            recover(mark, e);
            return false;
        }
    }

    private void encodeOnce(EventSlot slot, AgentInfo info) throws IOException {
        switch (slot.kind) {
            case EventKind.HTTP_CLIENT_REQUEST:
                httpRequest(slot, Segment.HTTP_CLIENT_REQUEST, 400);
                break;
            case EventKind.HTTP_SERVER_REQUEST:
                httpRequest(slot, Segment.HTTP_SERVER_REQUEST, 500);
                break;
            case EventKind.CIRCUIT_BREAKER_STATE_CHANGE:
                circuitBreakerStateChange(slot);
                break;
            case EventKind.CIRCUIT_BREAKER_REJECTED:
                resilience(slot, CIRCUIT_BREAKER_REJECTED, CIRCUIT_BREAKER, g -> {
                    if (slot.s2 != null) {
                        g.writeStringField("state", slot.s2);
                    }
                });
                break;
            case EventKind.RATE_LIMITER_ACQUIRE:
                resilience(slot, RATE_LIMITER_ACQUIRE, RATE_LIMITER, g -> {
                    g.writeStringField("result", ResilienceNames.rateLimiterResult(slot.i1));
                    g.writeNumberField("permits", slot.i2);
                    if (slot.l1 >= 0) {
                        g.writeNumberField("wait", slot.l1);
                    }
                });
                break;
            case EventKind.RETRY_ATTEMPT:
                resilience(slot, RETRY_ATTEMPT, RETRY, g -> {
                    g.writeNumberField("attempt", slot.i1);
                    g.writeStringField("result", ResilienceNames.retryResult(slot.i2));
                    if (slot.l1 >= 0) {
                        g.writeNumberField("wait", slot.l1);
                    }
                });
                break;
            case EventKind.FALLBACK_INVOKE:
                resilience(slot, FALLBACK_INVOKE, FALLBACK, g -> { });
                break;
            case EventKind.BULKHEAD_REJECTED:
                resilience(slot, BULKHEAD_REJECTED, BULKHEAD, g -> { });
                break;
            case EventKind.AGENT_START:
                agentStart(slot.sequence, slot.startNanos, info);
                break;
            default:
                throw new IllegalArgumentException("unknown event kind " + slot.kind);
        }
    }

    /** A text value, cut to {@link #stringLimit} characters while a too-long line is encoded again. */
    private void text(String value) throws IOException {
        if (value.length() <= stringLimit) {
            gen.writeString(value);
        } else {
            gen.writeString(value.toCharArray(), 0, stringLimit);
        }
    }

    private void recover(int mark, Throwable e) {
        AgentErrors.record(AgentErrors.ENCODER, e);
        newGenerator(); // the old one may be inside an object
        buffer.truncate(mark);
    }

    /**
     * {@code http.client.request} / {@code http.server.request}; a status from {@code failureStatus} up is a
     * failure whose {@code error.type} is the status code (OpenTelemetry: 4xx for clients, 5xx for servers).
     *
     * <p>The line is the hot path of the drainer, so it is written as a run of root-level values through the
     * generator (every string escaped by jackson), separated by the constant JSON between them, pre-encoded once as
     * {@link Segment}s: about 25 generator calls instead of 55, and the generator's context never leaves the
     * root, so it stays valid for the next line whatever happens. The field order is the schema's.
     */
    private void httpRequest(EventSlot s, SerializableString eventOpen, int failureStatus) throws IOException {
        fastBegin(s, eventOpen);
        fastTrace(s.trace, s.spanId);
        gen.writeRaw(Segment.HTTP_REQUEST_METHOD);
        cachedText(s.s1);
        if (s.i3 > 0) {
            gen.writeRaw(Segment.RESEND_COUNT);
            gen.writeNumber(s.i3);
        }
        if (s.i2 >= 100 && s.i2 <= 999) { // a status line has three digits; anything else is not reported
            gen.writeRaw(Segment.RESPONSE_STATUS_CODE);
            gen.writeNumber(s.i2);
        }
        gen.writeRaw(Segment.CLOSE_HTTP_URL_SCHEME);
        if (s.s2 == null) {
            gen.writeString(HTTP_SCHEME);
        } else {
            cachedText(lowerCaseScheme(s.s2));
        }
        gen.writeRaw(Segment.URL_PATH);
        text(s.s4 == null || s.s4.isEmpty() ? "/" : s.s4); // not cached: paths vary, and short ones escape fast
        if (s.s3 != null && !s.s3.isEmpty()) {
            gen.writeRaw(Segment.SERVER_ADDRESS);
            writeHost(s.s3);
            gen.writeRaw(Segment.SERVER_PORT_AFTER_ADDRESS);
        } else {
            gen.writeRaw(Segment.SERVER_PORT);
        }
        gen.writeNumber(s.i1 > 0 ? s.i1 : defaultPort(s.s2));
        gen.writeRaw(Segment.CLOSE);
        if (s.error != null) {
            gen.writeRaw(Segment.ERROR_TYPE);
            cachedText(errorName(s.error));
            gen.writeRaw(Segment.CLOSE);
        } else if (s.i2 >= failureStatus) { // OpenTelemetry semantic conventions: the status code as text
            gen.writeRaw(Segment.ERROR_TYPE);
            writeDigitsAsString(s.i2);
            gen.writeRaw(Segment.CLOSE);
        }
        gen.writeRaw(envelopeTail);
        gen.flush(); // into the LineBuffer: a line is whole there when encode returns
    }

    /** {@code {"@timestamp":..., "event": {...}} of a line written as root-level values (see httpRequest). */
    private void fastBegin(EventSlot s, SerializableString eventOpen) throws IOException {
        gen.writeRaw(Segment.OPEN_TIMESTAMP);
        gen.writeRawUTF8String(timestamps.format(s.startNanos), 0, Timestamps.LENGTH);
        gen.writeRaw(eventOpen);
        gen.writeNumber(s.sequence);
        if (s.provider != null) {
            gen.writeRaw(Segment.PROVIDER);
            cachedText(s.provider);
        }
        if (s.outcome != EventKind.OUTCOME_NONE) {
            gen.writeRaw(Segment.OUTCOMES[s.outcome]);
        }
        if (s.durationNanos >= 0) {
            gen.writeRaw(Segment.DURATION);
            gen.writeNumber(s.durationNanos);
        }
        if (stringLimit != Integer.MAX_VALUE) {
            gen.writeRaw(Segment.TRUNCATED);
        }
        gen.writeRaw(Segment.CLOSE);
    }

    /** The scheme in lower case; the last one is remembered, as it is mostly the same String every time. */
    private String lowerCaseScheme(String scheme) {
        if (scheme != lastScheme) {
            lastSchemeLowerCase = scheme.toLowerCase(Locale.ROOT); // returns itself when lower case
            lastScheme = scheme;
        }
        return lastSchemeLowerCase;
    }

    /** {@code trace} and {@code span} of a line written as root-level values (see httpRequest). */
    private void fastTrace(TraceContext trace, long spanId) throws IOException {
        if (trace == null) {
            return;
        }
        byte[] id = traceHex(trace);
        gen.writeRaw(Segment.TRACE_ID);
        gen.writeRawUTF8String(id, 0, 32);
        gen.writeRaw(Segment.TRACE_FLAGS);
        gen.writeRawUTF8String(id, 32, 2);
        gen.writeRaw(Segment.CLOSE);
        long span = spanId != 0 ? spanId : trace.spanId;
        if (span != 0) {
            gen.writeRaw(Segment.SPAN_ID);
            TraceContext.writeHex(hex, 0, span);
            gen.writeRawUTF8String(hex, 0, 16);
            gen.writeRaw(Segment.CLOSE);
        }
    }

    /**
     * The trace id (32 hex digits) and flags (2) of {@code trace}; the events of one request or task share their
     * context (immutable), so it is formatted once for all of them.
     */
    private byte[] traceHex(TraceContext trace) {
        if (trace != lastTrace) {
            TraceContext.writeHex(traceHex, 0, trace.traceIdHigh);
            TraceContext.writeHex(traceHex, 16, trace.traceIdLow);
            traceHex[32] = (byte) Character.forDigit((trace.flags >> 4) & 0xf, 16);
            traceHex[33] = (byte) Character.forDigit(trace.flags & 0xf, 16);
            lastTrace = trace;
        }
        return traceHex;
    }

    /** A text value that often repeats (method, scheme, host, provider): its escaped bytes come from the cache. */
    private void cachedText(String value) throws IOException {
        if (value.length() > stringLimit) {
            text(value);
            return;
        }
        byte[] escaped = quotedStrings.get(value);
        if (escaped != null) {
            gen.writeRawUTF8String(escaped, 0, escaped.length);
        } else {
            gen.writeString(value);
        }
    }

    private void circuitBreakerStateChange(EventSlot s) throws IOException {
        float failureRate = Float.intBitsToFloat((int) s.l1);
        resilience(s, CIRCUIT_BREAKER_STATE_CHANGE, CIRCUIT_BREAKER, g -> {
            if (s.s2 != null) {
                g.writeStringField("previous_state", s.s2);
            }
            if (s.s3 != null) {
                g.writeStringField("state", s.s3);
            }
            if (failureRate >= 0) {
                g.writeNumberField("failure_rate", failureRate);
            }
        });
    }

    /**
     * A resilience event: envelope, then {@code "<object>": {"name": ..., fields}}, and {@code error.type} when the
     * slot has an error.
     */
    private void resilience(EventSlot s, SerializableString eventName, SerializableString object, Body fields)
            throws IOException {
        begin(s.sequence, s.startNanos, eventName, s.provider, s.outcome, s.durationNanos);
        trace(s.trace, s.spanId);
        gen.writeFieldName(object);
        gen.writeStartObject();
        gen.writeFieldName(NAME);
        text(s.s1 == null ? "" : s.s1);
        fields.write(gen);
        gen.writeEndObject();
        if (s.error != null) {
            errorType(s.error);
        }
        end(processJson);
    }

    /** An IPv6 literal without the URI's brackets, as OpenTelemetry's {@code server.address}. */
    private void writeHost(String host) throws IOException {
        if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            text(host.substring(1, host.length() - 1));
        } else {
            cachedText(host);
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private void errorType(Object error) throws IOException {
        gen.writeFieldName(ERROR);
        gen.writeStartObject();
        gen.writeFieldName(TYPE);
        text(errorName(error));
        gen.writeEndObject();
    }

    private static String errorName(Object error) {
        return error instanceof Class ? ((Class<?>) error).getName() : String.valueOf(error);
    }

    /** A non-negative number as a JSON string ({@code "503"}), without an intermediate String. */
    private void writeDigitsAsString(int value) throws IOException {
        int start = number.length;
        int v = value;
        do {
            number[--start] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        gen.writeRawUTF8String(number, start, number.length - start);
    }

    private void begin(long sequence, long nanoTime, SerializableString eventName, String provider, int outcome,
            long duration) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(TIMESTAMP);
        gen.writeRawUTF8String(timestamps.format(nanoTime), 0, Timestamps.LENGTH);
        gen.writeFieldName(EVENT);
        gen.writeStartObject();
        gen.writeFieldName(NAME);
        gen.writeString(eventName);
        gen.writeFieldName(SEQUENCE);
        gen.writeNumber(sequence);
        if (provider != null) {
            gen.writeFieldName(PROVIDER);
            gen.writeString(provider);
        }
        if (outcome != EventKind.OUTCOME_NONE) {
            gen.writeFieldName(OUTCOME);
            gen.writeString(OUTCOMES[outcome]);
        }
        if (duration >= 0) {
            gen.writeFieldName(DURATION);
            gen.writeNumber(duration);
        }
        if (stringLimit != Integer.MAX_VALUE) {
            gen.writeBooleanField("truncated", true);
        }
        gen.writeEndObject();
    }

    private void trace(TraceContext trace, long spanId) throws IOException {
        if (trace == null) {
            return;
        }
        byte[] id = traceHex(trace);
        gen.writeFieldName(TRACE);
        gen.writeStartObject();
        gen.writeFieldName(ID);
        gen.writeRawUTF8String(id, 0, 32);
        gen.writeFieldName(FLAGS);
        gen.writeRawUTF8String(id, 32, 2);
        gen.writeEndObject();
        long span = spanId != 0 ? spanId : trace.spanId;
        if (span != 0) {
            gen.writeFieldName(SPAN);
            gen.writeStartObject();
            gen.writeFieldName(ID);
            TraceContext.writeHex(hex, 0, span);
            gen.writeRawUTF8String(hex, 0, 16);
            gen.writeEndObject();
        }
    }

    private void end(SerializableString process) throws IOException {
        writeEnvelope(gen, process);
        gen.writeEndObject();
        gen.writeRaw('\n');
        gen.flush();
    }

    private void writeEnvelope(JsonGenerator g, SerializableString process) throws IOException {
        g.writeFieldName(SERVICE);
        g.writeRawValue(serviceJson);
        g.writeFieldName(HOST);
        g.writeRawValue(hostJson);
        g.writeFieldName(PROCESS);
        g.writeRawValue(process);
        g.writeFieldName(SCHEMA);
        g.writeRawValue(schemaJson);
    }

    private void agentStart(long sequence, long nanoTime, AgentInfo info) throws IOException {
        begin(sequence, nanoTime, name("agent.start"), null, EventKind.OUTCOME_NONE, -1);
        gen.writeFieldName(AGENT);
        gen.writeStartObject();
        gen.writeStringField("version", info.version);
        gen.writeObjectFieldStart("output");
        gen.writeFieldName("path");
        text(info.outputPath);
        gen.writeObjectFieldStart("file");
        gen.writeNumberField("number", 1);
        gen.writeEndObject();
        gen.writeEndObject();
        gen.writeObjectFieldStart("queue");
        gen.writeNumberField("capacity", info.queueCapacity);
        gen.writeEndObject();
        gen.writeArrayFieldStart("instrumentations");
        for (String name : info.instrumentations) {
            gen.writeString(name);
        }
        gen.writeEndArray();
        gen.writeObjectFieldStart("config");
        for (Map.Entry<String, String> e : info.config.entrySet()) {
            gen.writeFieldName(e.getKey());
            text(e.getValue());
        }
        gen.writeEndObject();
        gen.writeEndObject();
        end(processWithRuntimeJson);
    }

    /** {@code agent.file}: the first line of every file after rotation (which process, which file number). */
    boolean agentFile(long sequence, long nanoTime, String path, int fileNumber, String previousPath) {
        return agentLine(sequence, nanoTime, "agent.file", g -> {
            g.writeObjectFieldStart("output");
            g.writeStringField("path", path);
            g.writeObjectFieldStart("file");
            g.writeNumberField("number", fileNumber);
            g.writeEndObject();
            g.writeObjectFieldStart("previous");
            g.writeStringField("path", previousPath);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** {@code agent.output.resumed}: the output works again; {@code lost} events could not be written meanwhile. */
    boolean outputResumed(long sequence, long nanoTime, String path, long lost, String failure) {
        return agentLine(sequence, nanoTime, "agent.output.resumed", g -> {
            g.writeObjectFieldStart("output");
            g.writeStringField("path", path);
            g.writeNumberField("lost", lost);
            g.writeFieldName("error");
            text(failure.length() > 512 ? failure.substring(0, 512) : failure);
            g.writeEndObject();
        });
    }

    /**
     * {@code agent.stats} or {@code agent.stop}: counts of the events numbered below {@code sequence}. Encoded by
     * the drainer directly (not through the ring), so it cannot be lost to a full ring.
     */
    boolean agentCounters(String eventName, long sequence, long nanoTime, long written, long[] droppedByReason,
            long uptimeNanos) {
        long dropped = 0;
        for (long d : droppedByReason) {
            dropped += d;
        }
        long totalDropped = dropped;
        return agentLine(sequence, nanoTime, eventName, g -> {
            g.writeNumberField("uptime", uptimeNanos);
            g.writeObjectFieldStart("events");
            g.writeNumberField("emitted", sequence);
            g.writeNumberField("written", written);
            g.writeNumberField("dropped", totalDropped);
            g.writeNumberField("queued", Math.max(0, sequence - written - totalDropped));
            g.writeObjectFieldStart("dropped_by_reason");
            for (DropReason reason : DropReason.values()) {
                g.writeNumberField(reason.wireName(), droppedByReason[reason.ordinal()]);
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("errors");
            g.writeNumberField("total", AgentErrors.total());
            for (int kind = 0; kind < AgentErrors.kinds(); kind++) {
                g.writeNumberField(AgentErrors.name(kind), AgentErrors.count(kind));
            }
            g.writeEndObject();
        });
    }

    /**
     * One line the agent writes about itself: envelope, then {@code "agent": {...}} from {@code fields}. Returns
     * false (buffer unchanged, counted as an encoder error) when it could not be encoded.
     */
    private boolean agentLine(long sequence, long nanoTime, String eventName, Body fields) {
        int mark = buffer.size();
        try {
            begin(sequence, nanoTime, name(eventName), null, EventKind.OUTCOME_NONE, -1);
            gen.writeFieldName(AGENT);
            gen.writeStartObject();
            fields.write(gen);
            gen.writeEndObject();
            end(processJson);
            return true;
        } catch (Exception | StackOverflowError e) {
            recover(mark, e);
            return false;
        }
    }
}
