package io.eventweave.runtime.http;

import io.eventweave.runtime.GuardFrame;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.resilience.GuardStack;

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
     * Either way it carries the guarded calls the request is made inside ({@link GuardStack#snapshot()}), as they
     * are now.
     */
    public static TraceContext of(String existingTraceparent) {
        GuardFrame guards = GuardStack.snapshot();
        if (existingTraceparent != null) {
            TraceContext own = TraceContext.fromTraceparent(existingTraceparent);
            return own == null ? null : own.withGuards(guards);
        }
        TraceContext current = Trace.current();
        if (current == null) {
            return null;
        }
        return TraceContext.of(current.traceIdHigh, current.traceIdLow, Trace.newSpanId(), current.flags)
                .withGuards(guards);
    }
}
