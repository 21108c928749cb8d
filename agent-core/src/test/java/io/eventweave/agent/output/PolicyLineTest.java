package io.eventweave.agent.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.Outcome;
import io.eventweave.runtime.PolicyFields;
import io.eventweave.runtime.PolicyResult;
import io.eventweave.runtime.TraceContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Policy lines (breakers, limiters, retries, bulkheads, fallbacks) take the same fast path as HTTP lines; every one
 * must be byte for byte the line a plain generator writes field by field in the schema's order (the reference below,
 * which is how these lines were written before the fast path), for every kind, every optional field present or not,
 * names that need escaping, repeated names (the cache) and trace contexts.
 */
class PolicyLineTest {
    private static final Envelope ENVELOPE = new Envelope("svc \"q\" é", "id-1", "höst", 42);
    private static final TraceContext TRACE =
            TraceContext.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    private static final TraceContext NO_SPAN = TraceContext.fromHex("0af7651916cd43dd8448eb211c80319c", null, 0);
    private static final EventKind[] KINDS = {EventKind.CIRCUIT_BREAKER_STATE_CHANGE,
        EventKind.CIRCUIT_BREAKER_REJECTED, EventKind.RATE_LIMITER_ACQUIRE, EventKind.RETRY_ATTEMPT,
        EventKind.BULKHEAD_REJECTED, EventKind.FALLBACK_INVOKE, EventKind.TIME_LIMITER_TIMEOUT};
    private final JsonFactory json = new JsonFactory();

    @Test
    void everyShapeOfEveryKindIsTheLineAGeneratorWritesFieldByField() throws Exception {
        LineBuffer buffer = new LineBuffer(1024);
        JsonEventEncoder encoder = new JsonEventEncoder(buffer, ENVELOPE, 1 << 20);
        String[] names = {null, "", "payments", "PaymentClient.java:42", "nä\"me\\\u0001\u2028\uD83D\uDE00"};
        Object[] errors = {null, TimeoutException.class, "custom \"error\"\n"};
        TraceContext[] traces = {null, TRACE, NO_SPAN};
        BreakerState[] states = new BreakerState[BreakerState.values().length + 1];
        System.arraycopy(BreakerState.values(), 0, states, 1, BreakerState.values().length);
        long[] waits = {-1, 0, 1_500_000_000L};
        float[] rates = {-1f, 0f, 37.5f, 100f};
        long sequence = 0;
        int lines = 0;
        for (EventKind kind : KINDS) {
            for (String name : names) {
                for (Object error : errors) {
                    for (TraceContext trace : traces) {
                        for (BreakerState state : states) {
                            for (int variant = 0; variant < 12; variant++) {
                                sequence++;
                                EventSlot slot = new EventSlot();
                                slot.kind = kind;
                                slot.sequence = sequence;
                                slot.provider = sequence % 7 == 0 ? null : "resilience4j";
                                slot.outcome = Outcome.values()[(int) (sequence % 4)];
                                slot.startNanos = System.nanoTime();
                                slot.durationNanos = sequence % 5 == 0 ? -1 : sequence * 1000;
                                slot.trace = trace;
                                slot.error = error;
                                PolicyFields p = slot.policy();
                                p.name = name;
                                p.state = state;
                                p.previousState = states[variant % states.length];
                                p.result = resultFor(kind, variant);
                                p.permits = variant;
                                p.attempt = variant + 1;
                                p.waitNanos = waits[variant % waits.length];
                                p.failureRate = rates[variant % rates.length];
                                for (int repeat = 0; repeat < 2; repeat++) { // the second time from the cache
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
        assertTrue(lines > 10_000, lines + " lines");
    }

    /**
     * Failure rates are written from a cache of their text: every value, also after others took its entry, and the
     * values Jackson writes in its own way (infinity, quoted), is the generator's text.
     */
    @Test
    void failureRatesAreTheGeneratorsTextWhateverTheCacheHolds() throws Exception {
        LineBuffer buffer = new LineBuffer(1024);
        JsonEventEncoder encoder = new JsonEventEncoder(buffer, ENVELOPE, 1 << 20);
        float[] special = {0f, -0f, Float.MIN_VALUE, 1e-7f, 66.666664f, 33.333332f, 99.99999f, 100f, 1e10f,
            Float.MAX_VALUE, Float.POSITIVE_INFINITY};
        Random random = new Random(42);
        int lines = 0;
        for (int round = 0; round < 3; round++) { // the second and third rounds find most values cached
            for (int i = 0; i < 600; i++) {
                float rate = i < special.length ? special[i]
                        : i < 300 ? (i % 101) * 100f / 101 // a window of 101 calls: 102 values
                        : random.nextFloat() * 100;
                EventSlot slot = new EventSlot();
                slot.kind = EventKind.CIRCUIT_BREAKER_STATE_CHANGE;
                slot.sequence = lines;
                slot.provider = "resilience4j";
                slot.startNanos = System.nanoTime();
                slot.durationNanos = -1;
                slot.policy().name = "b";
                slot.policy().state = BreakerState.OPEN;
                slot.policy().failureRate = rate;
                buffer.reset();
                assertTrue(encoder.encode(slot, null));
                assertLineIsReference(buffer, slot);
                lines++;
            }
        }
    }

    private static PolicyResult resultFor(EventKind kind, int variant) {
        if (kind == EventKind.RATE_LIMITER_ACQUIRE) {
            return new PolicyResult[] {PolicyResult.ACQUIRED, PolicyResult.WAITED, PolicyResult.REJECTED}[variant % 3];
        }
        if (kind == EventKind.RETRY_ATTEMPT) {
            return new PolicyResult[] {PolicyResult.WILL_RETRY, PolicyResult.EXHAUSTED,
                PolicyResult.SUCCEEDED}[variant % 3];
        }
        return PolicyResult.NONE;
    }

    private void assertLineIsReference(LineBuffer buffer, EventSlot slot) throws IOException {
        String line = new String(buffer.array(), 0, buffer.size(), StandardCharsets.UTF_8);
        String prefix = "{\"@timestamp\":\"";
        assertTrue(line.startsWith(prefix), line);
        String timestamp = line.substring(prefix.length(), prefix.length() + Timestamps.LENGTH);
        assertEquals(reference(slot, timestamp), line);
    }

    /** The schema's policy line, written the plain way: one generator call per name and value. */
    private String reference(EventSlot s, String timestamp) throws IOException {
        PolicyFields p = s.policy();
        String eventName;
        String object;
        switch (s.kind) {
            case CIRCUIT_BREAKER_STATE_CHANGE:
                eventName = "circuit_breaker.state_change";
                object = "circuit_breaker";
                break;
            case CIRCUIT_BREAKER_REJECTED:
                eventName = "circuit_breaker.rejected";
                object = "circuit_breaker";
                break;
            case RATE_LIMITER_ACQUIRE:
                eventName = "rate_limiter.acquire";
                object = "rate_limiter";
                break;
            case RETRY_ATTEMPT:
                eventName = "retry.attempt";
                object = "retry";
                break;
            case BULKHEAD_REJECTED:
                eventName = "bulkhead.rejected";
                object = "bulkhead";
                break;
            case TIME_LIMITER_TIMEOUT:
                eventName = "time_limiter.timeout";
                object = "time_limiter";
                break;
            default:
                eventName = "fallback.invoke";
                object = "fallback";
                break;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            ReferenceLine.begin(g, s, timestamp,
                    eventName);
            ReferenceLine.trace(g, s.trace);
            g.writeObjectFieldStart(object);
            g.writeStringField("name", p.name == null ? "" : p.name);
            switch (s.kind) {
                case CIRCUIT_BREAKER_STATE_CHANGE:
                    if (p.previousState != null) {
                        g.writeStringField("previous_state", p.previousState.wireName());
                    }
                    if (p.state != null) {
                        g.writeStringField("state", p.state.wireName());
                    }
                    if (p.failureRate >= 0) {
                        g.writeNumberField("failure_rate", p.failureRate);
                    }
                    break;
                case CIRCUIT_BREAKER_REJECTED:
                    if (p.state != null) {
                        g.writeStringField("state", p.state.wireName());
                    }
                    break;
                case RATE_LIMITER_ACQUIRE:
                    g.writeStringField("result", p.result.wireName());
                    g.writeNumberField("permits", p.permits);
                    if (p.waitNanos >= 0) {
                        g.writeNumberField("wait", p.waitNanos);
                    }
                    break;
                case RETRY_ATTEMPT:
                    g.writeNumberField("attempt", p.attempt);
                    g.writeStringField("result", p.result.wireName());
                    if (p.waitNanos >= 0) {
                        g.writeNumberField("wait", p.waitNanos);
                    }
                    break;
                case TIME_LIMITER_TIMEOUT:
                    if (p.waitNanos >= 0) {
                        g.writeNumberField("timeout", p.waitNanos);
                    }
                    break;
                default:
                    break;
            }
            g.writeEndObject();
            if (s.error != null) {
                g.writeObjectFieldStart("error");
                g.writeStringField("type", s.error instanceof Class ? ((Class<?>) s.error).getName()
                        : s.error.toString());
                g.writeEndObject();
            }
            ReferenceLine.envelope(g, ENVELOPE);
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8) + "\n";
    }
}
