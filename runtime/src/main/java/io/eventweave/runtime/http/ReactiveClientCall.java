package io.eventweave.runtime.http;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.Trace;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.WeakIdentityMap;
import java.net.URI;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One logical request of a reactive HTTP client whose attempts run on event-loop threads, keyed by a library object
 * that the subscribing thread creates and the event loop sees (Reactor Netty's per-subscription
 * {@code HttpClientConnect$HttpClientHandler}). It carries what the subscribing thread knew (its trace context, the
 * start) to the thread that sees the response or the failure, and makes sure one event is emitted per call.
 *
 * <p>It lives in the runtime (bootstrap) because the advice inlined into the library's classes must reach it.
 */
public final class ReactiveClientCall {
    private static final WeakIdentityMap<ReactiveClientCall> CALLS = new WeakIdentityMap<>();
    /** Each attempt's request object (Reactor Netty's {@code HttpClientOperations}) to its call. */
    private static final WeakIdentityMap<ReactiveClientCall> ATTEMPTS = new WeakIdentityMap<>();

    private final String provider;
    private final String method;
    private final URI uri;
    private final long startNanos;
    /**
     * The context the subscribing thread carried ({@link io.eventweave.runtime.Trace#attached}), or null: what the
     * response's signals run in on the event loop ({@link #callerContext}), so that work the application chains on
     * the response (another call, a hand-over) stays in the request's trace.
     */
    private final TraceContext callerContext;
    /** Written by the subscribing thread before the subscription goes on, then by the event loop of the first attempt. */
    private volatile TraceContext trace;
    private volatile boolean ownHeaderChecked;
    private volatile int resends;
    /**
     * Outcomes seen for this call's attempts: each attempt ends in a response ({@link #end}) or an error the library
     * tests ({@link #resend} or {@link #end}); an attempt that ends with none of them was cancelled ({@link #attemptWatch}).
     */
    private volatile int attemptOutcomes;
    /** 0 until the call's one event is claimed; set once by CAS (a cancel and a response can race). */
    private volatile int ended;
    private static final AtomicIntegerFieldUpdater<ReactiveClientCall> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(ReactiveClientCall.class, "ended");

    private ReactiveClientCall(String provider, String method, URI uri, TraceContext trace, TraceContext callerContext,
            long startNanos) {
        this.provider = provider;
        this.callerContext = callerContext;
        this.method = method;
        this.uri = uri;
        this.trace = trace;
        this.startNanos = startNanos;
    }

    /**
     * Called on the subscribing thread: records the call under {@code key} with the outbound context of this thread
     * ({@link OutboundContext#of}: a child of its current context, with what guards it).
     */
    public static void start(String provider, Object key, String method, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null; // the library will fail the request itself; the event then has no URL parts
        }
        CALLS.putIfAbsent(key, new ReactiveClientCall(provider, method, uri, OutboundContext.of(null),
                Trace.attached(), System.nanoTime()));
    }

    /** The call recorded under {@code key}, or null (a call that started before the agent, or not recorded). */
    public static ReactiveClientCall of(Object key) {
        return key == null ? null : CALLS.get(key);
    }

    /** Records that {@code attempt}, the object that will write a request head, belongs to this call. */
    public void attempt(Object attempt) {
        if (attempt != null) {
            ATTEMPTS.putIfAbsent(attempt, this);
        }
    }

    /** The call an attempt belongs to ({@link #attempt}), or null. */
    public static ReactiveClientCall ofAttempt(Object attempt) {
        return attempt == null ? null : ATTEMPTS.get(attempt);
    }

    /**
     * The {@code traceparent} value to add to an attempt whose headers hold {@code existing} (null when none), or
     * null to add nothing: a header the application set itself is kept, and its ids become the call's.
     */
    public String traceparentFor(String existing) {
        if (existing != null) {
            if (!ownHeaderChecked) {
                ownHeaderChecked = true;
                TraceContext own = TraceContext.fromTraceparent(existing);
                TraceContext current = trace;
                if (own != null) {
                    trace = current == null ? own : own.withGuards(current.guards);
                }
            }
            return null;
        }
        ownHeaderChecked = true;
        TraceContext current = trace;
        return current == null ? null : current.traceparent(current.spanId);
    }

    /** The context of the thread that subscribed to the call, or null when it had none. */
    public TraceContext callerContext() {
        return callerContext;
    }

    /** Another attempt follows (a redirect, or the library's one retry after a connection reset). */
    public void resend() {
        resends++;
        attemptOutcomes++;
    }

    /**
     * For the attempt starting now: a task to run when the library lets go of the attempt (Reactor Netty's attempt
     * sink is disposed: after its response, after its error, or when the application cancelled the subscription),
     * which ends the call as cancelled when the attempt saw no outcome.
     */
    public Runnable attemptWatch() {
        return new AttemptWatch(this, attemptOutcomes);
    }

    private static final class AttemptWatch implements Runnable {
        private final ReactiveClientCall call;
        private final int outcomesBefore;

        AttemptWatch(ReactiveClientCall call, int outcomesBefore) {
            this.call = call;
            this.outcomesBefore = outcomesBefore;
        }

        @Override
        public void run() {
            if (call.attemptOutcomes == outcomesBefore) {
                call.cancelled();
            }
        }
    }

    /** Emits the call's one event as cancelled before its outcome ({@link HttpConventions#CANCELLED}). */
    public void cancelled() {
        emit(0, null, true);
    }

    /** Emits the call's one event: a response with {@code status}, or {@code thrown} without one. */
    public void end(int status, Throwable thrown) {
        attemptOutcomes++;
        emit(status, thrown, false);
    }

    /** The call's one event (the first of {@link #end} and {@link #cancelled} to get here writes it). */
    private void emit(int status, Throwable thrown, boolean cancelled) {
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            long end = System.nanoTime();
            String scheme = uri == null ? null : uri.getScheme();
            String host = uri == null ? null : uri.getHost();
            int port = uri == null ? -1 : uri.getPort();
            String path = uri == null ? null : uri.getRawPath();
            if (cancelled) {
                HttpEvents.clientRequestCancelled(provider, method, scheme, host, port, path, resends, startNanos, end,
                        trace);
            } else {
                HttpEvents.clientRequest(provider, method, scheme, host, port, path, status, resends, thrown,
                        startNanos, end, trace);
            }
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.CALLBACK, t);
        }
    }
}
