package io.eventweave.runtime;

import java.util.concurrent.ThreadLocalRandom;

/**
 * An immutable W3C trace context: 128-bit trace id, the 64-bit id of the current span (0 when unknown, for a process
 * that was only given a trace id) and the trace flags. Held by reference in event slots, so emitting allocates
 * nothing.
 */
public final class TraceContext {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public final long traceIdHigh;
    public final long traceIdLow;
    public final long spanId;
    public final byte flags;
    /**
     * The guarded calls (circuit breaker, retry, rate limiter, bulkhead) work in this context runs inside, innermost
     * first; null outside any. Not part of the W3C context: it never goes on the wire, and an
     * {@code http.client.request} reports it ({@link GuardFrame}).
     */
    public final GuardFrame guards;

    private TraceContext(long traceIdHigh, long traceIdLow, long spanId, byte flags, GuardFrame guards) {
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.spanId = spanId;
        this.flags = flags;
        this.guards = guards;
    }

    /** A context, or null when the trace id is all zeros (invalid in W3C). */
    public static TraceContext of(long traceIdHigh, long traceIdLow, long spanId, byte flags) {
        if (traceIdHigh == 0 && traceIdLow == 0) {
            return null;
        }
        return new TraceContext(traceIdHigh, traceIdLow, spanId, flags, null);
    }

    /**
     * A context no event ever carries, for {@link Trace}'s markers (compared by reference): all-zero ids, which
     * {@link #of} refuses.
     */
    static TraceContext marker() {
        return new TraceContext(0, 0, 0, (byte) 0, null);
    }

    /** The root of a new trace: random trace id, a new span id, sampled (as an OpenTelemetry root span would be). */
    public static TraceContext newRoot() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        TraceContext root;
        do {
            root = of(random.nextLong(), random.nextLong(), Trace.newSpanId(), (byte) 1);
        } while (root == null);
        return root;
    }

    /** This context, with the same ids and flags, inside {@code guards} (innermost first; null for none). */
    public TraceContext withGuards(GuardFrame guards) {
        return guards == this.guards ? this : new TraceContext(traceIdHigh, traceIdLow, spanId, flags, guards);
    }

    /**
     * Parses ids given as lowercase hex (32 chars trace id, 16 chars span id or null, flags 0-255). Returns null for
     * anything invalid: wrong length, upper case, non-hex, or all-zero ids.
     */
    public static TraceContext fromHex(CharSequence traceId, CharSequence spanId, int flags) {
        if (traceId == null || traceId.length() != 32) {
            return null;
        }
        if (!isHex(traceId, 0, 32)) {
            return null;
        }
        long hi = parseHex(traceId, 0);
        long lo = parseHex(traceId, 16);
        long span = 0;
        if (spanId != null) {
            if (spanId.length() != 16 || !isHex(spanId, 0, 16)) {
                return null;
            }
            span = parseHex(spanId, 0);
            if (span == 0) {
                return null;
            }
        }
        return of(hi, lo, span, (byte) flags);
    }

    /**
     * Parses a W3C {@code traceparent} header value ({@code 00-<32 hex>-<16 hex>-<2 hex>}); null when invalid. Future
     * versions (not {@code ff}) are accepted as the spec asks, reading the first four fields.
     */
    public static TraceContext fromTraceparent(CharSequence value) {
        if (value == null || value.length() < 55) {
            return null;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                || !isHex(value, 0, 2) || !isHex(value, 53, 55)) {
            return null;
        }
        int version = (int) parseHex(value.subSequence(0, 2), 0, 2);
        if (version == 0xff || (version == 0 && value.length() != 55)) {
            return null;
        }
        if (value.length() > 55 && value.charAt(55) != '-') {
            return null;
        }
        int flags = (int) parseHex(value.subSequence(53, 55), 0, 2);
        return fromHex(value.subSequence(3, 35), value.subSequence(36, 52), flags);
    }

    /** The W3C {@code traceparent} for a child of this context whose span id is {@code childSpanId}. */
    public String traceparent(long childSpanId) {
        char[] out = new char[55];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        writeHex(out, 3, traceIdHigh);
        writeHex(out, 19, traceIdLow);
        out[35] = '-';
        writeHex(out, 36, childSpanId);
        out[52] = '-';
        out[53] = HEX[(flags >> 4) & 0xf];
        out[54] = HEX[flags & 0xf];
        return new String(out);
    }

    public String traceIdHex() {
        char[] out = new char[32];
        writeHex(out, 0, traceIdHigh);
        writeHex(out, 16, traceIdLow);
        return new String(out);
    }

    /** Writes {@code value} as 16 lowercase hex digits into {@code out} at {@code offset}. */
    public static void writeHex(char[] out, int offset, long value) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }

    /** Writes {@code value} as 16 lowercase hex ASCII digits into {@code out} at {@code offset}. */
    public static void writeHex(byte[] out, int offset, long value) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = (byte) HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }

    private static boolean isHex(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static long parseHex(CharSequence s, int from) {
        return parseHex(s, from, from + 16);
    }

    /** Parses lowercase hex already checked with {@link #isHex}. */
    private static long parseHex(CharSequence s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            v = (v << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        return v;
    }
}
