package io.eventweave.runtime;

/**
 * The one door from instrumented code into the event pipeline. Each method runs on an application thread: it takes
 * a sequence number, claims a ring slot, copies primitives and references it was given into the slot and publishes
 * it. No allocation, no lock, no system call; when the ring is full the event is counted as dropped and the
 * thread goes on.
 */
public final class Emit {
    /** The ring, or null while the agent is not running (not started, disabled or stopped). */
    private static volatile RingBuffer ring;
    /** Whether instrumentations add a W3C {@code traceparent} to outbound requests. */
    private static volatile boolean propagate = true;

    private Emit() {
    }

    /** Starts accepting events into {@code buffer}. */
    public static void open(RingBuffer buffer, boolean propagateTraceparent) {
        propagate = propagateTraceparent;
        ring = buffer;
    }

    /** Stops accepting events (shutdown). Emits after this return at once. */
    public static void close() {
        ring = null;
    }

    public static boolean propagate() {
        return propagate;
    }

    /** {@code agent.start}: the first event of the process, so it takes sequence 0. */
    public static void agentStart() {
        EventSlot slot = claim(EventKind.AGENT_START, null, System.nanoTime());
        if (slot != null) {
            slot.durationNanos = -1;
            slot.outcome = EventKind.OUTCOME_NONE;
            slot.trace = null;
            slot.spanId = 0;
            slot.publish();
        }
    }

    /**
     * {@code http.client.request}.
     *
     * @param port the URI's port, -1 for the scheme's default
     * @param status the response status, 0 when there is no response
     * @param error the exception class when the call failed without a response, else null
     * @param spanId the span id sent in {@code traceparent} (0 when none was sent)
     */
    public static void httpClientRequest(String provider, String method, String scheme, String host, int port,
            String path, int status, int resendCount, Object error, long startNanos, long endNanos,
            TraceContext trace, long spanId) {
        EventSlot slot = claim(EventKind.HTTP_CLIENT_REQUEST, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.durationNanos = endNanos - startNanos;
        slot.outcome = error != null || status >= 400 ? EventKind.OUTCOME_FAILURE : EventKind.OUTCOME_SUCCESS;
        slot.trace = trace;
        slot.spanId = spanId;
        slot.s1 = method;
        slot.s2 = scheme;
        slot.s3 = host;
        slot.s4 = path;
        slot.i1 = port;
        slot.i2 = status;
        slot.i3 = resendCount;
        slot.error = error;
        slot.publish();
    }

    /**
     * {@code http.server.request}: a request this process answered. A status of 500 or more, or an exception out of
     * the handler, is a failure; no status at all (the handler kept the exchange) is {@code unknown}.
     *
     * @param status the status the handler sent, 0 when it sent none
     * @param trace the context the request was handled in (its span id is this request's)
     */
    public static void httpServerRequest(String provider, String method, String scheme, String localAddress,
            int localPort, String path, int status, Object error, long startNanos, long endNanos,
            TraceContext trace) {
        EventSlot slot = claim(EventKind.HTTP_SERVER_REQUEST, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.durationNanos = endNanos - startNanos;
        slot.outcome = error != null || status >= 500 ? EventKind.OUTCOME_FAILURE
                : status == 0 ? EventKind.OUTCOME_UNKNOWN : EventKind.OUTCOME_SUCCESS;
        slot.trace = trace;
        slot.spanId = 0;
        slot.s1 = method;
        slot.s2 = scheme;
        slot.s3 = localAddress;
        slot.s4 = path;
        slot.i1 = localPort;
        slot.i2 = status;
        slot.i3 = 0;
        slot.error = error;
        slot.publish();
    }

    /** Takes a sequence number and a slot with the envelope filled in, or null (not running, or dropped: full). */
    private static EventSlot claim(int kind, String provider, long startNanos) {
        RingBuffer r = ring;
        if (r == null) {
            return null;
        }
        long sequence = EventCounters.nextSequence();
        EventSlot slot = r.claim();
        if (slot == null) {
            EventCounters.dropped(sequence, DropReason.QUEUE_FULL);
            return null;
        }
        slot.sequence = sequence;
        slot.kind = kind;
        slot.provider = provider;
        slot.startNanos = startNanos;
        return slot;
    }
}
