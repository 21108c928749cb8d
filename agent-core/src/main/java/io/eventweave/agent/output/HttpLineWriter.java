package io.eventweave.agent.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.eventweave.format.EventNames;
import io.eventweave.agent.output.JsonEventEncoder.Segment;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.GuardFrame;
import io.eventweave.runtime.HttpFields;
import io.eventweave.runtime.http.HttpConventions;
import java.io.IOException;

/**
 * The writer of the HTTP family: {@code http.client.request} and {@code http.server.request}, in the schema's field
 * order, with the field rules of {@link HttpConventions} (status range, {@code error.type} from the status, default
 * port and path, scheme, IPv6 brackets). Root-level values between pre-encoded JSON: see
 * {@link JsonEventEncoder#fastBegin}.
 */
final class HttpLineWriter {
    private static final JsonEventEncoder.EventOpen CLIENT_REQUEST =
            Segment.eventOpen(EventNames.HTTP_CLIENT_REQUEST);
    private static final JsonEventEncoder.EventOpen SERVER_REQUEST =
            Segment.eventOpen(EventNames.HTTP_SERVER_REQUEST);
    private static final SerializableString REQUEST_METHOD = Segment.raw(",\"http\":{\"request\":{\"method\":");
    private static final SerializableString RESEND_COUNT = Segment.raw(",\"resend_count\":");
    private static final SerializableString RESPONSE_STATUS_CODE = Segment.raw("},\"response\":{\"status_code\":");
    private static final SerializableString CLOSE_HTTP_URL_SCHEME = Segment.raw("}},\"url\":{\"scheme\":");
    private static final SerializableString ROUTE = Segment.raw("},\"route\":");
    private static final SerializableString CLOSE_URL_SCHEME = Segment.raw("},\"url\":{\"scheme\":");
    private static final SerializableString URL_PATH = Segment.raw(",\"path\":");
    private static final SerializableString SERVER_ADDRESS = Segment.raw("},\"server\":{\"address\":");
    private static final SerializableString SERVER_PORT_AFTER_ADDRESS = Segment.raw(",\"port\":");
    private static final SerializableString SERVER_PORT = Segment.raw("},\"server\":{\"port\":");
    /** {@code ,"<object>":{"name":} by {@link GuardFrame.Kind#ordinal()}. */
    private static final SerializableString[] GUARD_OPEN = new SerializableString[GuardFrame.Kind.values().length];
    /** {@code ,"state":"<value>"} by {@link BreakerState#ordinal()}. */
    private static final SerializableString[] GUARD_STATE = new SerializableString[BreakerState.values().length];
    private static final SerializableString GUARD_ATTEMPT = Segment.raw(",\"attempt\":");
    private static final SerializableString GUARD_WAIT = Segment.raw(",\"wait\":");

    static {
        GUARD_OPEN[GuardFrame.Kind.CIRCUIT_BREAKER.ordinal()] = Segment.raw(",\"circuit_breaker\":{\"name\":");
        GUARD_OPEN[GuardFrame.Kind.RATE_LIMITER.ordinal()] = Segment.raw(",\"rate_limiter\":{\"name\":");
        GUARD_OPEN[GuardFrame.Kind.RETRY.ordinal()] = Segment.raw(",\"retry\":{\"name\":");
        GUARD_OPEN[GuardFrame.Kind.BULKHEAD.ordinal()] = Segment.raw(",\"bulkhead\":{\"name\":");
        for (BreakerState state : BreakerState.values()) {
            GUARD_STATE[state.ordinal()] = Segment.raw(",\"state\":\"" + state.wireName() + "\"");
        }
    }

    private final JsonEventEncoder line;
    /** Writes what a configuration rule adds to the line ({@code labels.*}, {@code code.*}) when a rule made it. */
    private final RuleLineWriter rules;

    HttpLineWriter(JsonEventEncoder line, RuleLineWriter rules) {
        this.line = line;
        this.rules = rules;
    }

    void write(EventSlot s) throws IOException {
        boolean server = s.kind == EventKind.HTTP_SERVER_REQUEST;
        HttpFields http = s.http();
        JsonGenerator gen = line.generator();
        line.fastBegin(s, server ? SERVER_REQUEST : CLIENT_REQUEST);
        line.fastTrace(s.trace);
        gen.writeRaw(REQUEST_METHOD);
        line.cachedText(http.method);
        if (http.resendCount > 0) {
            gen.writeRaw(RESEND_COUNT);
            gen.writeNumber(http.resendCount);
        }
        if (HttpConventions.isStatus(http.statusCode)) {
            gen.writeRaw(RESPONSE_STATUS_CODE);
            gen.writeNumber(http.statusCode);
        }
        if (server && http.route != null && !http.route.isEmpty()) {
            gen.writeRaw(ROUTE);
            line.cachedText(http.route); // routes are templates: few, repeated
            gen.writeRaw(CLOSE_URL_SCHEME);
        } else {
            gen.writeRaw(CLOSE_HTTP_URL_SCHEME);
        }
        line.cachedText(line.lowerCaseScheme(http.scheme));
        gen.writeRaw(URL_PATH);
        line.text(HttpConventions.path(http.path)); // not cached: paths vary, and short ones escape fast
        if (HttpConventions.hasAddress(http.serverAddress)) {
            gen.writeRaw(SERVER_ADDRESS);
            if (HttpConventions.isBracketed(http.serverAddress)) {
                line.text(HttpConventions.serverAddress(http.serverAddress));
            } else {
                line.cachedText(http.serverAddress);
            }
            gen.writeRaw(SERVER_PORT_AFTER_ADDRESS);
        } else {
            gen.writeRaw(SERVER_PORT);
        }
        gen.writeNumber(HttpConventions.serverPort(http.scheme, http.serverPort));
        gen.writeRaw(Segment.CLOSE);
        if (!server && s.trace != null && s.trace.guards != null) {
            writeGuards(gen, s.trace.guards);
        }
        if (s.error != null) {
            gen.writeRaw(Segment.ERROR_TYPE);
            line.cachedText(JsonEventEncoder.errorName(s.error));
            gen.writeRaw(Segment.CLOSE);
        } else if (HttpConventions.isErrorStatus(http.statusCode, server)) { // the status code as text
            gen.writeRaw(Segment.ERROR_TYPE);
            line.writeDigitsAsString(http.statusCode);
            gen.writeRaw(Segment.CLOSE);
        }
        rules.extras(s);
        line.endFastLine();
    }

    /** The guarded calls the request ran inside: the innermost of each kind, in {@link GuardFrame.Kind} order. */
    private void writeGuards(JsonGenerator gen, GuardFrame guards) throws IOException {
        for (GuardFrame.Kind kind : GuardFrame.Kind.values()) {
            GuardFrame frame = GuardFrame.innermost(guards, kind);
            if (frame == null || frame.name == null || frame.name.isEmpty()) {
                continue;
            }
            gen.writeRaw(GUARD_OPEN[kind.ordinal()]);
            line.cachedText(frame.name);
            switch (kind) {
                case CIRCUIT_BREAKER:
                    if (frame.state != null) {
                        gen.writeRaw(GUARD_STATE[frame.state.ordinal()]);
                    }
                    break;
                case RATE_LIMITER:
                    gen.writeRaw(GUARD_WAIT);
                    gen.writeNumber(frame.waitNanos);
                    break;
                case RETRY:
                    if (frame.attempt > 0) {
                        gen.writeRaw(GUARD_ATTEMPT);
                        gen.writeNumber(frame.attempt);
                    }
                    break;
                default:
                    break;
            }
            gen.writeRaw(Segment.CLOSE);
        }
    }
}
