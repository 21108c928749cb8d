package io.eventweave.agent.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.eventweave.format.EventNames;
import io.eventweave.agent.output.JsonEventEncoder.Segment;
import io.eventweave.runtime.BreakerState;
import io.eventweave.runtime.EventKind;
import io.eventweave.runtime.EventSlot;
import io.eventweave.runtime.PolicyFields;
import io.eventweave.runtime.PolicyResult;
import java.io.IOException;

/**
 * The writer of the policy family: circuit breakers, rate limiters, retries, bulkheads, fallbacks and time limiters. A line is the
 * envelope, then {@code "<policy>": {"name": ..., the kind's fields}}, then {@code error.type} when there is one — the
 * same fast path as {@link HttpLineWriter}: root-level values between pre-encoded JSON, names (which repeat) escaped
 * once, enumerations as pre-encoded {@code "field":"value"} runs.
 */
final class PolicyLineWriter {
    /** {@code ,"event":{"name":"<kind>","sequence":} by {@link EventKind#ordinal()} (null for other families). */
    private static final JsonEventEncoder.EventOpen[] EVENT_OPEN =
            new JsonEventEncoder.EventOpen[EventKind.values().length];
    /** {@code ,"<policy>":{"name":} by {@link EventKind#ordinal()}. */
    private static final SerializableString[] POLICY_OPEN = new SerializableString[EventKind.values().length];
    /** {@code ,"result":"<value>"} by {@link PolicyResult#ordinal()}. */
    private static final SerializableString[] RESULT = new SerializableString[PolicyResult.values().length];
    /** {@code ,"state":"<value>"} and {@code ,"previous_state":"<value>"} by {@link BreakerState#ordinal()}. */
    private static final SerializableString[] STATE = new SerializableString[BreakerState.values().length];
    private static final SerializableString[] PREVIOUS_STATE = new SerializableString[BreakerState.values().length];
    private static final SerializableString PERMITS = Segment.raw(",\"permits\":");
    private static final SerializableString ATTEMPT = Segment.raw(",\"attempt\":");
    private static final SerializableString WAIT = Segment.raw(",\"wait\":");
    private static final SerializableString FAILURE_RATE = Segment.raw(",\"failure_rate\":");
    private static final SerializableString TIMEOUT = Segment.raw(",\"timeout\":");

    static {
        policy(EventKind.CIRCUIT_BREAKER_STATE_CHANGE, EventNames.CIRCUIT_BREAKER_STATE_CHANGE, "circuit_breaker");
        policy(EventKind.CIRCUIT_BREAKER_REJECTED, EventNames.CIRCUIT_BREAKER_REJECTED, "circuit_breaker");
        policy(EventKind.RATE_LIMITER_ACQUIRE, EventNames.RATE_LIMITER_ACQUIRE, "rate_limiter");
        policy(EventKind.RETRY_ATTEMPT, EventNames.RETRY_ATTEMPT, "retry");
        policy(EventKind.BULKHEAD_REJECTED, EventNames.BULKHEAD_REJECTED, "bulkhead");
        policy(EventKind.FALLBACK_INVOKE, EventNames.FALLBACK_INVOKE, "fallback");
        policy(EventKind.TIME_LIMITER_TIMEOUT, EventNames.TIME_LIMITER_TIMEOUT, "time_limiter");
        for (PolicyResult result : PolicyResult.values()) {
            if (result != PolicyResult.NONE) {
                RESULT[result.ordinal()] = Segment.raw(",\"result\":\"" + result.wireName() + "\"");
            }
        }
        for (BreakerState state : BreakerState.values()) {
            STATE[state.ordinal()] = Segment.raw(",\"state\":\"" + state.wireName() + "\"");
            PREVIOUS_STATE[state.ordinal()] = Segment.raw(",\"previous_state\":\"" + state.wireName() + "\"");
        }
    }

    private static void policy(EventKind kind, String eventName, String object) {
        EVENT_OPEN[kind.ordinal()] = Segment.eventOpen(eventName);
        POLICY_OPEN[kind.ordinal()] = Segment.raw(",\"" + object + "\":{\"name\":");
    }

    private final JsonEventEncoder line;
    /**
     * The text of recent failure rates, by a hash of their bits: {@code Float.toString} (what Jackson's
     * {@code writeNumber(float)} writes) allocates and takes about as long as the rest of the line. A breaker's rate
     * is a share of its window's calls, so one breaker has at most window + 1 values, and they recur.
     */
    private final int[] rateBits = new int[RATE_CACHE_SIZE];
    private final SerializableString[] rateText = new SerializableString[RATE_CACHE_SIZE];
    private static final int RATE_CACHE_SIZE = 64;

    /** Writes what a configuration rule adds to the line ({@code labels.*}, {@code code.*}) when a rule made it. */
    private final RuleLineWriter rules;

    PolicyLineWriter(JsonEventEncoder line, RuleLineWriter rules) {
        this.line = line;
        this.rules = rules;
    }

    private void failureRate(JsonGenerator gen, float rate) throws IOException {
        if (Float.isInfinite(rate)) {
            gen.writeNumber(rate); // Jackson quotes it: kept as it was
            return;
        }
        int bits = Float.floatToRawIntBits(rate);
        int i = (bits ^ (bits >>> 7) ^ (bits >>> 17)) & (RATE_CACHE_SIZE - 1);
        SerializableString text = rateText[i];
        if (text == null || rateBits[i] != bits) {
            text = Segment.raw(Float.toString(rate));
            rateText[i] = text;
            rateBits[i] = bits;
        }
        gen.writeRaw(text);
    }

    void write(EventSlot s) throws IOException {
        PolicyFields policy = s.policy();
        JsonGenerator gen = line.generator();
        int kind = s.kind.ordinal();
        line.fastBegin(s, EVENT_OPEN[kind]);
        line.fastTrace(s.trace);
        gen.writeRaw(POLICY_OPEN[kind]);
        line.cachedText(policy.name == null ? "" : policy.name);
        switch (s.kind) {
            case CIRCUIT_BREAKER_STATE_CHANGE:
                if (policy.previousState != null) {
                    gen.writeRaw(PREVIOUS_STATE[policy.previousState.ordinal()]);
                }
                state(gen, policy);
                if (policy.failureRate >= 0) {
                    gen.writeRaw(FAILURE_RATE);
                    failureRate(gen, policy.failureRate);
                }
                break;
            case CIRCUIT_BREAKER_REJECTED:
                state(gen, policy);
                break;
            case RATE_LIMITER_ACQUIRE:
                gen.writeRaw(RESULT[policy.result.ordinal()]);
                gen.writeRaw(PERMITS);
                gen.writeNumber(policy.permits);
                waitNanos(gen, policy);
                break;
            case RETRY_ATTEMPT:
                gen.writeRaw(ATTEMPT);
                gen.writeNumber(policy.attempt);
                gen.writeRaw(RESULT[policy.result.ordinal()]);
                waitNanos(gen, policy);
                break;
            case TIME_LIMITER_TIMEOUT:
                if (policy.waitNanos >= 0) {
                    gen.writeRaw(TIMEOUT);
                    gen.writeNumber(policy.waitNanos);
                }
                break;
            default: // bulkhead.rejected, fallback.invoke: the name alone
                break;
        }
        gen.writeRaw(Segment.CLOSE);
        if (s.error != null) {
            gen.writeRaw(Segment.ERROR_TYPE);
            line.cachedText(JsonEventEncoder.errorName(s.error));
            gen.writeRaw(Segment.CLOSE);
        }
        rules.extras(s);
        line.endFastLine();
    }

    private static void state(JsonGenerator gen, PolicyFields policy) throws IOException {
        if (policy.state != null) {
            gen.writeRaw(STATE[policy.state.ordinal()]);
        }
    }

    private static void waitNanos(JsonGenerator gen, PolicyFields policy) throws IOException {
        if (policy.waitNanos >= 0) {
            gen.writeRaw(WAIT);
            gen.writeNumber(policy.waitNanos);
        }
    }
}
