package io.eventweave.agent.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.eventweave.format.EventNames;
import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.DropReason;
import io.eventweave.runtime.Outcome;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.http.HttpConventions;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * Encodes events as schema v1 JSON lines (see {@code docs/schema.md}) with jackson-core's streaming generator:
 * field names pre-encoded, the per-process envelope pre-rendered once, timestamps and ids written from reused byte
 * arrays. Events from the ring go to one writer per family, chosen by kind ({@link HttpLineWriter},
 * {@link PolicyLineWriter}): each writes its line as values through the generator between pre-encoded runs of constant
 * JSON, with the strings that repeat escaped once ({@link QuotedStringCache}) — the drainer's throughput ceiling is
 * this encoding. The agent's own lines (start, file, resumed, stats, stop) are rare and written field by field. One
 * instance, used by the drainer thread only.
 */
final class JsonEventEncoder {
    static final String SCHEMA_VERSION = "1";

    private static final SerializableString TIMESTAMP = name("@timestamp");
    private static final SerializableString EVENT = name("event");
    private static final SerializableString NAME = name("name");
    private static final SerializableString SEQUENCE = name("sequence");
    private static final SerializableString SERVICE = name("service");
    private static final SerializableString HOST = name("host");
    private static final SerializableString PROCESS = name("process");
    private static final SerializableString SCHEMA = name("schema");
    private static final SerializableString AGENT = name("agent");

    /**
     * The constant JSON every family writer puts between the values of a line written as root-level values,
     * pre-encoded once. Only names and values of the schema appear here: ASCII that needs no escaping.
     */
    static final class Segment {
        static final SerializableString OPEN_TIMESTAMP = raw("{\"@timestamp\":");
        static final SerializableString PROVIDER = raw(",\"provider\":");
        /** By {@link Outcome#ordinal()}; null for {@link Outcome#NONE} (the field is left out). */
        static final SerializableString[] OUTCOMES = outcomes();
        static final SerializableString DURATION = raw(",\"duration\":");
        static final SerializableString TRUNCATED = raw(",\"truncated\":true");
        static final SerializableString CLOSE = raw("}");
        static final SerializableString TRACE_ID = raw(",\"trace\":{\"id\":");
        static final SerializableString TRACE_FLAGS = raw(",\"flags\":");
        static final SerializableString SPAN_ID = raw(",\"span\":{\"id\":");
        static final SerializableString ERROR_TYPE = raw(",\"error\":{\"type\":");

        private static SerializableString[] outcomes() {
            Outcome[] all = Outcome.values();
            SerializableString[] out = new SerializableString[all.length];
            for (Outcome o : all) {
                out[o.ordinal()] = o == Outcome.NONE ? null : raw(",\"outcome\":\"" + o.wireName() + "\"");
            }
            return out;
        }

        /** {@code ,"event":{"name":"<name>","sequence":}: the start of a fast line's event object. */
        static EventOpen eventOpen(String eventName) {
            return new EventOpen(eventName);
        }

        static SerializableString raw(String json) {
            return new SerializedString(json); // its "unquoted" UTF-8 is the JSON text as it is
        }
    }

    /** {@link Segment#eventOpen}: the pre-encoded start of the event object, and the name it holds. */
    static final class EventOpen extends SerializedString {
        private static final long serialVersionUID = 1L;
        final String eventName;

        EventOpen(String eventName) {
            super(",\"event\":{\"name\":\"" + eventName + "\",\"sequence\":");
            this.eventName = eventName;
        }
    }

    private final JsonFactory factory = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    private final LineBuffer buffer;
    private final Timestamps timestamps = new Timestamps();
    /** The event name and {@code nanoTime} of the line begun last. */
    private String lineName;
    private long lineNanoTime;
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
    private final RuleLineWriter ruleLines = new RuleLineWriter(this);
    private final HttpLineWriter httpLines = new HttpLineWriter(this, ruleLines);
    private final PolicyLineWriter policyLines = new PolicyLineWriter(this, ruleLines);
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
            serviceJson = raw(PART_SERVICE, envelope);
            hostJson = raw(PART_HOST, envelope);
            processJson = raw(PART_PROCESS, envelope);
            processWithRuntimeJson = raw(PART_PROCESS_WITH_RUNTIME, envelope);
            schemaJson = raw(PART_SCHEMA, envelope);
            String envelopeObject = raw(PART_ENVELOPE, envelope).getValue();
            envelopeTail = new SerializedString("," + envelopeObject.substring(1) + "\n"); // the line goes on: ","
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        newGenerator();
    }

    private static SerializableString name(String value) {
        return new SerializedString(value);
    }

    /** The pre-encoded parts of the envelope, for {@link #raw}. */
    private static final int PART_SERVICE = 0;
    private static final int PART_HOST = 1;
    private static final int PART_PROCESS = 2;
    private static final int PART_PROCESS_WITH_RUNTIME = 3;
    private static final int PART_SCHEMA = 4;
    private static final int PART_ENVELOPE = 5;

    /**
     * One part of the envelope as JSON text, made once. A switch, not a lambda per part: the encoder is made while
     * the application starts, where each lambda's first call spins a class.
     */
    private SerializableString raw(int part, Envelope envelope) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            switch (part) {
                case PART_SERVICE:
                    g.writeStringField("name", envelope.serviceName);
                    g.writeObjectFieldStart("instance");
                    g.writeStringField("id", envelope.serviceInstanceId);
                    g.writeEndObject();
                    break;
                case PART_HOST:
                    g.writeStringField("name", envelope.hostName);
                    break;
                case PART_PROCESS:
                    g.writeNumberField("pid", envelope.pid);
                    break;
                case PART_PROCESS_WITH_RUNTIME:
                    g.writeNumberField("pid", envelope.pid);
                    g.writeObjectFieldStart("runtime");
                    g.writeStringField("name", System.getProperty("java.vm.name", "unknown"));
                    g.writeStringField("version", System.getProperty("java.runtime.version",
                            System.getProperty("java.version", "unknown")));
                    g.writeStringField("vendor", System.getProperty("java.vendor", "unknown"));
                    g.writeEndObject();
                    break;
                case PART_SCHEMA:
                    g.writeStringField("version", SCHEMA_VERSION);
                    break;
                case PART_ENVELOPE:
                    writeEnvelope(g, processJson);
                    break;
                default:
                    throw new IllegalArgumentException("part " + part);
            }
            g.writeEndObject();
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

    /** The {@code event.name} of the line written last (for the line index). */
    String lineName() {
        return lineName;
    }

    /** The {@code @timestamp} of the line written last, in milliseconds since the epoch (for the line index). */
    long lineEpochMillis() {
        return Math.floorDiv(timestamps.epochNanos(lineNanoTime), 1_000_000L);
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
        switch (slot.kind.family()) {
            case HTTP:
                httpLines.write(slot);
                break;
            case POLICY:
                policyLines.write(slot);
                break;
            case RULE:
                ruleLines.write(slot);
                break;
            case AGENT:
                agentStart(slot.sequence, slot.startNanos, info);
                break;
            default:
                throw new IllegalArgumentException("no writer for event kind " + slot.kind);
        }
    }

    /** A text value, cut to {@link #stringLimit} characters while a too-long line is encoded again. */
    void text(String value) throws IOException {
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
     * {@code {"@timestamp":..., "event": {...}} of a line written as root-level values between pre-encoded runs of
     * constant JSON ({@link Segment}): every string still goes through the generator's escaping, but the generator's
     * context never leaves the root, so it stays valid for the next line whatever happens. The family writers
     * ({@link HttpLineWriter}, {@link PolicyLineWriter}) go on from here in the schema's field order.
     */
    void fastBegin(EventSlot s, EventOpen eventOpen) throws IOException {
        lineName = eventOpen.eventName;
        lineNanoTime = s.startNanos;
        gen.writeRaw(Segment.OPEN_TIMESTAMP);
        gen.writeRawUTF8String(timestamps.format(s.startNanos), 0, Timestamps.LENGTH);
        gen.writeRaw(eventOpen);
        gen.writeNumber(s.sequence);
        if (s.provider != null) {
            gen.writeRaw(Segment.PROVIDER);
            cachedText(s.provider);
        }
        if (s.outcome != Outcome.NONE) {
            gen.writeRaw(Segment.OUTCOMES[s.outcome.ordinal()]);
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

    /** {@link HttpConventions#scheme}; the last one is remembered, as it is mostly the same String every time. */
    String lowerCaseScheme(String scheme) {
        if (scheme == null) {
            return HttpConventions.scheme(null);
        }
        if (scheme != lastScheme) {
            lastSchemeLowerCase = HttpConventions.scheme(scheme);
            lastScheme = scheme;
        }
        return lastSchemeLowerCase;
    }

    /** {@code trace} and {@code span} (the context's own span id) of a line written as root-level values. */
    void fastTrace(TraceContext trace) throws IOException {
        if (trace == null) {
            return;
        }
        byte[] id = traceHex(trace);
        gen.writeRaw(Segment.TRACE_ID);
        gen.writeRawUTF8String(id, 0, 32);
        gen.writeRaw(Segment.TRACE_FLAGS);
        gen.writeRawUTF8String(id, 32, 2);
        gen.writeRaw(Segment.CLOSE);
        long span = trace.spanId;
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
    void cachedText(String value) throws IOException {
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

    static String errorName(Object error) {
        return error instanceof Class ? ((Class<?>) error).getName() : String.valueOf(error);
    }

    /** A non-negative number as a JSON string ({@code "503"}), without an intermediate String. */
    void writeDigitsAsString(int value) throws IOException {
        int start = number.length;
        int v = value;
        do {
            number[--start] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        gen.writeRawUTF8String(number, start, number.length - start);
    }

    /** {@code {"@timestamp":..., "event": {"name", "sequence"}} of a line the agent writes about itself. */
    private void begin(long sequence, long nanoTime, String eventName) throws IOException {
        lineName = eventName;
        lineNanoTime = nanoTime;
        gen.writeStartObject();
        gen.writeFieldName(TIMESTAMP);
        gen.writeRawUTF8String(timestamps.format(nanoTime), 0, Timestamps.LENGTH);
        gen.writeFieldName(EVENT);
        gen.writeStartObject();
        gen.writeFieldName(NAME);
        gen.writeString(eventName);
        gen.writeFieldName(SEQUENCE);
        gen.writeNumber(sequence);
        gen.writeEndObject();
    }

    /** The generator the family writers write their values through (drainer thread only). */
    JsonGenerator generator() {
        return gen;
    }

    /** Ends a line written as root-level values: the pre-rendered envelope and the newline. */
    void endFastLine() throws IOException {
        gen.writeRaw(envelopeTail);
        gen.flush(); // into the LineBuffer: a line is whole there when encode returns
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
        begin(sequence, nanoTime, EventNames.AGENT_START);
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
        int mark = buffer.size();
        try {
            beginAgentLine(sequence, nanoTime, EventNames.AGENT_FILE);
            gen.writeObjectFieldStart("output");
            gen.writeStringField("path", path);
            gen.writeObjectFieldStart("file");
            gen.writeNumberField("number", fileNumber);
            gen.writeEndObject();
            gen.writeObjectFieldStart("previous");
            gen.writeStringField("path", previousPath);
            gen.writeEndObject();
            gen.writeEndObject();
            endAgentLine();
            return true;
        } catch (Exception | StackOverflowError e) {
            recover(mark, e);
            return false;
        }
    }

    /** {@code agent.output.resumed}: the output works again; {@code lost} events could not be written meanwhile. */
    boolean outputResumed(long sequence, long nanoTime, String path, long lost, String failure) {
        int mark = buffer.size();
        try {
            beginAgentLine(sequence, nanoTime, EventNames.AGENT_OUTPUT_RESUMED);
            gen.writeObjectFieldStart("output");
            gen.writeStringField("path", path);
            gen.writeNumberField("lost", lost);
            gen.writeFieldName("error");
            text(failure.length() > 512 ? failure.substring(0, 512) : failure);
            gen.writeEndObject();
            endAgentLine();
            return true;
        } catch (Exception | StackOverflowError e) {
            recover(mark, e);
            return false;
        }
    }

    /**
     * {@code agent.stats} or {@code agent.stop}: counts of the events numbered below {@code sequence}. Encoded by
     * the drainer directly (not through the ring), so it cannot be lost to a full ring.
     */
    boolean agentCounters(String eventName, long sequence, long nanoTime, long written, long[] droppedByReason,
            long uptimeNanos, RotatedFiles.Counts files, ShippingStats shipping, long shippingLagNanos) {
        long dropped = 0;
        for (long d : droppedByReason) {
            dropped += d;
        }
        int mark = buffer.size();
        try {
            beginAgentLine(sequence, nanoTime, eventName);
            gen.writeNumberField("uptime", uptimeNanos);
            gen.writeObjectFieldStart("events");
            gen.writeNumberField("emitted", sequence);
            gen.writeNumberField("written", written);
            gen.writeNumberField("dropped", dropped);
            gen.writeNumberField("queued", Math.max(0, sequence - written - dropped));
            gen.writeObjectFieldStart("dropped_by_reason");
            for (DropReason reason : DropReason.values()) {
                gen.writeNumberField(reason.wireName(), droppedByReason[reason.ordinal()]);
            }
            gen.writeEndObject();
            gen.writeEndObject();
            gen.writeObjectFieldStart("errors");
            gen.writeNumberField("total", AgentErrors.total());
            for (int kind = 0; kind < AgentErrors.kinds(); kind++) {
                gen.writeNumberField(AgentErrors.name(kind), AgentErrors.count(kind));
            }
            gen.writeEndObject();
            // what happened to rotated files: retention may delete one still waiting to be compressed
            gen.writeObjectFieldStart("output");
            gen.writeObjectFieldStart("files");
            gen.writeNumberField("rotated", files.rotated());
            gen.writeNumberField("compressed", files.compressed());
            gen.writeNumberField("deleted", files.deleted());
            gen.writeNumberField("deleted_uncompressed", files.deletedUncompressed());
            gen.writeNumberField("compression_failures", files.compressionFailures());
            gen.writeEndObject();
            gen.writeEndObject();
            if (shipping != null) {
                // the lines before this one that this process wrote and the stream has not acknowledged yet
                gen.writeObjectFieldStart("nats");
                gen.writeNumberField("shipped", shipping.shipped());
                gen.writeNumberField("pending", Math.max(0, written - shipping.ownShipped()));
                gen.writeNumberField("lag", Math.round(shippingLagNanos / 1e6) / 1000.0); // s, to the ms
                gen.writeNumberField("unshipped", shipping.unshipped());
                gen.writeEndObject();
            }
            endAgentLine();
            return true;
        } catch (Exception | StackOverflowError e) {
            recover(mark, e);
            return false;
        }
    }

    /** Begins one line the agent writes about itself: envelope, then {@code "agent": {}; the caller's fields follow. */
    private void beginAgentLine(long sequence, long nanoTime, String eventName) throws IOException {
        begin(sequence, nanoTime, eventName);
        gen.writeFieldName(AGENT);
        gen.writeStartObject();
    }

    /**
     * Ends the line {@link #beginAgentLine} began. A caller that fails between the two calls {@link #recover} with
     * the buffer's size before it began (buffer unchanged, counted as an encoder error).
     */
    private void endAgentLine() throws IOException {
        gen.writeEndObject();
        end(processJson);
    }
}
