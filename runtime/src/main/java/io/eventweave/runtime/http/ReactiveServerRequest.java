package io.eventweave.runtime.http;

import io.eventweave.runtime.AgentErrors;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.WeakIdentityMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One request answered by a reactive HTTP server whose response ends after the handler's thread has moved on, keyed
 * by the library's per-request object (Reactor Netty's {@code HttpServerOperations}): what the server knew when the
 * request arrived (its trace context, the start, the request line) until the response ends, and one event per request.
 *
 * <p>It lives in the runtime (bootstrap) because the advice inlined into the library's classes must reach it.
 */
public final class ReactiveServerRequest {
    private static final WeakIdentityMap<ReactiveServerRequest> REQUESTS = new WeakIdentityMap<>();

    private final String provider;
    private final String method;
    private final String scheme;
    private final String localAddress;
    private final int localPort;
    private final String path;
    private final long startNanos;
    public final TraceContext trace;
    /** The route template a framework matched ({@link #route}); written by the handler's thread, read at the end. */
    private volatile String route;
    /** 0 until the request's one event is claimed; set once by CAS (the response's end and a close can race). */
    private volatile int ended;
    private static final AtomicIntegerFieldUpdater<ReactiveServerRequest> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(ReactiveServerRequest.class, "ended");

    private ReactiveServerRequest(String provider, String method, String scheme, String localAddress, int localPort,
            String path, TraceContext trace, long startNanos) {
        this.provider = provider;
        this.method = method;
        this.scheme = scheme;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.path = path;
        this.trace = trace;
        this.startNanos = startNanos;
    }

    /**
     * Records a request that just arrived under {@code key}, in a new span of the caller's {@code traceparent}
     * ({@link InboundContext#of}); returns it (its {@link #trace} is what the handler runs in).
     */
    public static ReactiveServerRequest start(String provider, Object key, String method, String scheme,
            String localAddress, int localPort, String uri, String traceparent) {
        int query = uri == null ? -1 : uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        ReactiveServerRequest request = new ReactiveServerRequest(provider, method, scheme, localAddress, localPort,
                path, InboundContext.of(traceparent), System.nanoTime());
        ReactiveServerRequest existing = REQUESTS.putIfAbsent(key, request);
        return existing == null ? request : existing;
    }

    /** The request recorded under {@code key}, or null. */
    public static ReactiveServerRequest of(Object key) {
        return key == null ? null : REQUESTS.get(key);
    }

    /**
     * The route template the web framework matched the request to (Spring WebFlux's best matching pattern, such as
     * {@code /orders/{id}}), kept when it is a path template; {@code http.route} of the event.
     */
    public void route(Object pattern) {
        String text = pattern == null ? null : pattern.toString();
        if (text != null && text.startsWith("/")) {
            route = text;
        }
    }

    /** Emits the request's one event: the final {@code status} (0 when none was sent), and what escaped, if any. */
    public void end(int status, Throwable thrown) {
        emit(status, thrown, false);
    }

    /**
     * The connection closed: when the response had not ended, the client went away before it was complete, and the
     * event says so ({@link HttpConventions#CANCELLED}, outcome unknown).
     */
    public void closed() {
        emit(0, null, true);
    }

    /** The request's one event (the first of {@link #end} and {@link #closed} to get here writes it). */
    private void emit(int status, Throwable thrown, boolean cancelled) {
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            long end = System.nanoTime();
            if (cancelled) {
                HttpEvents.serverRequestCancelled(provider, method, scheme, localAddress, localPort, path, route,
                        startNanos, end, trace);
            } else {
                HttpEvents.serverRequest(provider, method, scheme, localAddress, localPort, path, status, thrown,
                        route, startNanos, end, trace);
            }
        } catch (Throwable t) {
            AgentErrors.record(AgentErrors.CALLBACK, t);
        }
    }
}
