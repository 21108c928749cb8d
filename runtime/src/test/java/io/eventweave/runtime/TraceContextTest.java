package io.eventweave.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C trace context parsing and rendering (https://www.w3.org/TR/trace-context/#traceparent-header). */
class TraceContextTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String VALID = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    @Test
    void parsesAValidTraceparent() {
        TraceContext ctx = TraceContext.fromTraceparent(VALID);
        assertNotNull(ctx);
        assertEquals(0x4bf92f3577b34da6L, ctx.traceIdHigh);
        assertEquals(0xa3ce929d0e0e4736L, ctx.traceIdLow);
        assertEquals(0x00f067aa0ba902b7L, ctx.spanId);
        assertEquals(1, ctx.flags);
        assertEquals(TRACE_ID, ctx.traceIdHex());
    }

    @Test
    void parsesFlagsAndIdsAtTheExtremes() {
        TraceContext ctx = TraceContext.fromTraceparent(
                "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-ff");
        assertNotNull(ctx);
        assertEquals(-1L, ctx.traceIdHigh);
        assertEquals(-1L, ctx.traceIdLow);
        assertEquals(-1L, ctx.spanId);
        assertEquals(0xff, ctx.flags & 0xff);

        TraceContext low = TraceContext.fromTraceparent(
                "00-00000000000000000000000000000001-0000000000000001-00");
        assertNotNull(low, "only the all-zero ids are invalid");
        assertEquals(0L, low.traceIdHigh);
        assertEquals(1L, low.traceIdLow);
        assertEquals(1L, low.spanId);
        assertEquals(0, low.flags);

        TraceContext highOnly = TraceContext.fromTraceparent(
                "00-10000000000000000000000000000000-8000000000000000-00");
        assertNotNull(highOnly);
        assertEquals(0x1000000000000000L, highOnly.traceIdHigh);
        assertEquals(0L, highOnly.traceIdLow);
        assertEquals(Long.MIN_VALUE, highOnly.spanId);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "00",
        // wrong length: one hex digit short / long in the trace id, span id or flags
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011",
        // version 00 allows nothing after the flags
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",
        // upper case anywhere
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473A-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        // not hex
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bz-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",
        "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6-3ce929d0e0e4736-00f067aa0ba902b7-01",
        // all-zero ids
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        // version ff is forbidden, with or without a suffix
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz",
        // wrong separators
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
        // a future version still needs a '-' after the flags when more follows
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01xyz",
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0100",
        // a future version does not make invalid ids valid
        "01-00000000000000000000000000000000-00f067aa0ba902b7-01-xyz",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01-xyz",
    })
    void rejectsInvalidTraceparent(String value) {
        assertNull(TraceContext.fromTraceparent(value), value);
    }

    @Test
    void rejectsNull() {
        assertNull(TraceContext.fromTraceparent(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like",
        "fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz",
    })
    void acceptsFutureVersionsReadingTheFirstFourFields(String value) {
        TraceContext ctx = TraceContext.fromTraceparent(value);
        assertNotNull(ctx, value);
        assertEquals(TRACE_ID, ctx.traceIdHex());
        assertEquals(0x00f067aa0ba902b7L, ctx.spanId);
        assertEquals(1, ctx.flags);
    }

    @Test
    void acceptsAnyCharSequence() {
        TraceContext ctx = TraceContext.fromTraceparent(new StringBuilder(VALID));
        assertNotNull(ctx);
        assertEquals(TRACE_ID, ctx.traceIdHex());
    }

    @Test
    void fromHexParsesLowercaseIds() {
        TraceContext ctx = TraceContext.fromHex(TRACE_ID, SPAN_ID, 1);
        assertNotNull(ctx);
        assertEquals(0x4bf92f3577b34da6L, ctx.traceIdHigh);
        assertEquals(0xa3ce929d0e0e4736L, ctx.traceIdLow);
        assertEquals(0x00f067aa0ba902b7L, ctx.spanId);
        assertEquals(1, ctx.flags);

        TraceContext noSpan = TraceContext.fromHex(TRACE_ID, null, 0);
        assertNotNull(noSpan, "a process may be given a trace id alone");
        assertEquals(0L, noSpan.spanId);
        assertEquals(0, noSpan.flags);

        TraceContext sampledAll = TraceContext.fromHex(TRACE_ID, SPAN_ID, 255);
        assertEquals(255, sampledAll.flags & 0xff);
    }

    @Test
    void fromHexRejectsInvalidIds() {
        assertNull(TraceContext.fromHex(null, SPAN_ID, 1));
        assertNull(TraceContext.fromHex("", SPAN_ID, 1));
        assertNull(TraceContext.fromHex(TRACE_ID.substring(1), SPAN_ID, 1), "31 chars");
        assertNull(TraceContext.fromHex(TRACE_ID + "0", SPAN_ID, 1), "33 chars");
        assertNull(TraceContext.fromHex(TRACE_ID.toUpperCase(), SPAN_ID, 1), "upper case");
        assertNull(TraceContext.fromHex(TRACE_ID.replace('b', 'B'), SPAN_ID, 1), "one upper-case digit");
        assertNull(TraceContext.fromHex(TRACE_ID.replace('4', 'g'), SPAN_ID, 1), "not hex");
        assertNull(TraceContext.fromHex("0".repeat(32), SPAN_ID, 1), "all-zero trace id");
        assertNull(TraceContext.fromHex("0".repeat(32), null, 1), "all-zero trace id, no span");
        assertNull(TraceContext.fromHex(TRACE_ID, "0".repeat(16), 1), "all-zero span id");
        assertNull(TraceContext.fromHex(TRACE_ID, SPAN_ID.substring(1), 1), "15-char span id");
        assertNull(TraceContext.fromHex(TRACE_ID, SPAN_ID + "0", 1), "17-char span id");
        assertNull(TraceContext.fromHex(TRACE_ID, SPAN_ID.toUpperCase(), 1), "upper-case span id");
        assertNull(TraceContext.fromHex(TRACE_ID, "", 1), "empty span id");
    }

    @Test
    void ofRejectsTheAllZeroTraceId() {
        assertNull(TraceContext.of(0, 0, 1, (byte) 1));
        assertNotNull(TraceContext.of(0, 1, 0, (byte) 0));
        assertNotNull(TraceContext.of(1, 0, 0, (byte) 0));
    }

    @Test
    void traceparentRoundTrips() {
        TraceContext parent = TraceContext.fromTraceparent(VALID);
        long child = 0x0123456789abcdefL;
        String header = parent.traceparent(child);
        assertEquals("00-" + TRACE_ID + "-0123456789abcdef-01", header);
        assertEquals(55, header.length());

        TraceContext back = TraceContext.fromTraceparent(header);
        assertNotNull(back);
        assertEquals(parent.traceIdHigh, back.traceIdHigh);
        assertEquals(parent.traceIdLow, back.traceIdLow);
        assertEquals(child, back.spanId);
        assertEquals(parent.flags, back.flags);

        // The same header comes back when the child span is the parsed span itself.
        assertEquals(VALID, parent.traceparent(parent.spanId));
    }

    @Test
    void traceparentRoundTripsForManyValues() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            long hi = random.nextLong();
            long lo = random.nextLong();
            long span = random.nextLong();
            byte flags = (byte) random.nextInt(256);
            if (hi == 0 && lo == 0 || span == 0) {
                continue;
            }
            TraceContext ctx = TraceContext.of(hi, lo, 0, flags);
            String header = ctx.traceparent(span);
            TraceContext back = TraceContext.fromTraceparent(header);
            assertNotNull(back, header);
            assertEquals(hi, back.traceIdHigh, header);
            assertEquals(lo, back.traceIdLow, header);
            assertEquals(span, back.spanId, header);
            assertEquals(flags, back.flags, header);
            assertEquals(header.substring(3, 35), back.traceIdHex());
            TraceContext viaHex = TraceContext.fromHex(header.substring(3, 35), header.substring(36, 52),
                    Integer.parseInt(header.substring(53, 55), 16));
            assertEquals(hi, viaHex.traceIdHigh);
            assertEquals(lo, viaHex.traceIdLow);
            assertEquals(span, viaHex.spanId);
            assertEquals(flags, viaHex.flags);
        }
    }

    @Test
    void flagsAreRenderedAsTwoLowercaseHexDigits() {
        TraceContext ctx = TraceContext.fromHex(TRACE_ID, SPAN_ID, 0xab);
        assertEquals("00-" + TRACE_ID + "-" + SPAN_ID + "-ab", ctx.traceparent(ctx.spanId));
        TraceContext zero = TraceContext.fromHex(TRACE_ID, SPAN_ID, 0);
        assertEquals("00-" + TRACE_ID + "-" + SPAN_ID + "-00", zero.traceparent(zero.spanId));
    }

    @Test
    void writeHexWritesSixteenLowercaseDigitsAtTheOffsetOnly() {
        char[] chars = new char[20];
        Arrays.fill(chars, '.');
        TraceContext.writeHex(chars, 2, 0x0123456789abcdefL);
        assertEquals("..0123456789abcdef..", new String(chars));
        TraceContext.writeHex(chars, 2, 0L);
        assertEquals("..0000000000000000..", new String(chars));
        TraceContext.writeHex(chars, 2, -1L);
        assertEquals("..ffffffffffffffff..", new String(chars));
        TraceContext.writeHex(chars, 2, Long.MIN_VALUE);
        assertEquals("..8000000000000000..", new String(chars));
        TraceContext.writeHex(chars, 0, 0xfL);
        assertEquals("000000000000000f00..", new String(chars));

        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) '.');
        TraceContext.writeHex(bytes, 3, 0xfedcba9876543210L);
        assertArrayEquals("...fedcba9876543210.".getBytes(StandardCharsets.US_ASCII), bytes);
        TraceContext.writeHex(bytes, 4, 1L);
        assertArrayEquals("...f0000000000000001".getBytes(StandardCharsets.US_ASCII), bytes);

        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            long v = random.nextLong();
            char[] c = new char[16];
            byte[] b = new byte[16];
            TraceContext.writeHex(c, 0, v);
            TraceContext.writeHex(b, 0, v);
            String expected = String.format("%016x", v);
            assertEquals(expected, new String(c));
            assertEquals(expected, new String(b, StandardCharsets.US_ASCII));
        }
    }
}
