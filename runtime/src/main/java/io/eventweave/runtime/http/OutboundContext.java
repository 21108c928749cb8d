package io.eventweave.runtime.http;

import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;

/** The trace context an outbound HTTP request travels with. */
public final class OutboundContext {
    private OutboundContext() {
    }

    /**
     * The context to record for an outbound request, whose {@code spanId} is the span id that goes on the wire:
     * <ul>
     *   <li>the application set a valid {@code traceparent} itself: exactly that one (it is never replaced);</li>
     *   <li>else, when there is a current context: a child of it with a fresh span id, to be sent in a new
     *       {@code traceparent} ({@link #needsHeader});</li>
     *   <li>else null: no header is added and the event has no trace.</li>
     * </ul>
     */
    public static TraceContext of(String existingTraceparent) {
        if (existingTraceparent != null) {
            return TraceContext.fromTraceparent(existingTraceparent);
        }
        TraceContext current = Trace.current();
        if (current == null) {
            return null;
        }
        return TraceContext.of(current.traceIdHigh, current.traceIdLow, Trace.newSpanId(), current.flags);
    }
}
