package io.eventweave.runtime.http;

import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;

/** The trace context a request received by this process is handled in. */
public final class InboundContext {
    private InboundContext() {
    }

    /**
     * A new span for the inbound request, child of: the caller's valid {@code traceparent}; else the process
     * context from the environment; else the root of a new trace (as an OpenTelemetry server span would be), so
     * that every call the handler makes shares one trace id.
     */
    public static TraceContext of(String traceparent) {
        TraceContext parent = traceparent == null ? null : TraceContext.fromTraceparent(traceparent);
        if (parent == null) {
            parent = Trace.processContext();
        }
        if (parent != null) {
            return TraceContext.of(parent.traceIdHigh, parent.traceIdLow, Trace.newSpanId(), parent.flags);
        }
        return TraceContext.newRoot();
    }
}
