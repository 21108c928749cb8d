package io.eventweave.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads the application's active OpenTelemetry span through the application's own {@code io.opentelemetry.api}
 * (never a copy of ours): {@code Span.current().getSpanContext()}. When the OpenTelemetry Java agent is attached it
 * bridges that API to its own context, so its spans are seen here too.
 *
 * <p>The agent {@link #register registers} the first class loader that loads the API; the method handles are
 * resolved on first use. Any failure turns the bridge off for good (counted as {@code trace_bridge} error).
 */
public final class OpenTelemetryBridge {
    private static volatile ClassLoader candidate;
    private static volatile Handles handles;
    private static volatile boolean disabled;

    private OpenTelemetryBridge() {
    }

    /** Called by the agent when {@code io.opentelemetry.api.trace.Span} is loaded by {@code loader}. */
    public static void register(ClassLoader loader) {
        if (candidate == null && loader != null) {
            candidate = loader;
        }
    }

    static TraceContext currentContext() {
        Handles h = handles;
        if (h == null) {
            if (candidate == null || disabled) {
                return null;
            }
            h = resolve();
            if (h == null) {
                return null;
            }
        }
        try {
            Object spanContext = h.getSpanContext.invokeExact(h.currentSpan.invokeExact());
            if (!(boolean) h.isValid.invokeExact(spanContext)) {
                return null;
            }
            String traceId = (String) h.getTraceId.invokeExact(spanContext);
            String spanId = (String) h.getSpanId.invokeExact(spanContext);
            byte flags = (byte) h.flagsAsByte.invokeExact(h.getTraceFlags.invokeExact(spanContext));
            return TraceContext.fromHex(traceId, spanId, flags & 0xff);
        } catch (Throwable t) {
            disable(t);
            return null;
        }
    }

    private static synchronized Handles resolve() {
        if (handles != null || disabled) {
            return handles;
        }
        try {
            ClassLoader loader = candidate;
            Class<?> span = Class.forName("io.opentelemetry.api.trace.Span", false, loader);
            Class<?> spanContext = Class.forName("io.opentelemetry.api.trace.SpanContext", false, loader);
            Class<?> traceFlags = Class.forName("io.opentelemetry.api.trace.TraceFlags", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodType objectToObject = MethodType.methodType(Object.class, Object.class);
            Handles h = new Handles(
                    lookup.findStatic(span, "current", MethodType.methodType(span))
                            .asType(MethodType.methodType(Object.class)),
                    lookup.findVirtual(span, "getSpanContext", MethodType.methodType(spanContext)).asType(objectToObject),
                    lookup.findVirtual(spanContext, "isValid", MethodType.methodType(boolean.class))
                            .asType(MethodType.methodType(boolean.class, Object.class)),
                    lookup.findVirtual(spanContext, "getTraceId", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)),
                    lookup.findVirtual(spanContext, "getSpanId", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)),
                    lookup.findVirtual(spanContext, "getTraceFlags", MethodType.methodType(traceFlags)).asType(objectToObject),
                    lookup.findVirtual(traceFlags, "asByte", MethodType.methodType(byte.class))
                            .asType(MethodType.methodType(byte.class, Object.class)));
            handles = h;
            return h;
        } catch (Throwable t) {
            disable(t);
            return null;
        }
    }

    private static void disable(Throwable t) {
        disabled = true;
        handles = null;
        AgentErrors.record(AgentErrors.TRACE_BRIDGE, t);
    }

    private static final class Handles {
        final MethodHandle currentSpan;
        final MethodHandle getSpanContext;
        final MethodHandle isValid;
        final MethodHandle getTraceId;
        final MethodHandle getSpanId;
        final MethodHandle getTraceFlags;
        final MethodHandle flagsAsByte;

        Handles(MethodHandle currentSpan, MethodHandle getSpanContext, MethodHandle isValid, MethodHandle getTraceId,
                MethodHandle getSpanId, MethodHandle getTraceFlags, MethodHandle flagsAsByte) {
            this.currentSpan = currentSpan;
            this.getSpanContext = getSpanContext;
            this.isValid = isValid;
            this.getTraceId = getTraceId;
            this.getSpanId = getSpanId;
            this.getTraceFlags = getTraceFlags;
            this.flagsAsByte = flagsAsByte;
        }
    }
}
