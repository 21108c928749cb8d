package io.eventweave.runtime.http;

import io.eventweave.runtime.Emit;
import io.eventweave.runtime.HttpEvents;
import io.eventweave.runtime.TraceContext;
import io.eventweave.runtime.WeakIdentityMap;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * One {@code http.client.request} per {@link HttpURLConnection} exchange, whichever of {@code connect},
 * {@code getOutputStream}, {@code getInputStream} (and through it {@code getResponseCode}) the application calls.
 *
 * <p>The first call on a fresh connection starts the request (time, URL, trace context, {@code traceparent}); the
 * event is emitted when the response status is known or a call fails before there is one. The per-connection state
 * lives in a weak identity map, because advice may not add fields to a class that is already loaded.
 */
public final class UrlConnectionRequests {
    private static final WeakIdentityMap<Request> REQUESTS = new WeakIdentityMap<>();

    private UrlConnectionRequests() {
    }

    /** At entry of an outermost instrumented call. {@code connected} is the connection's own field. */
    public static void begin(HttpURLConnection connection, boolean connected) {
        if (connected || REQUESTS.get(connection) != null) {
            return; // already under way (or connected before we could see it)
        }
        String own = connection.getRequestProperty(HttpProviders.TRACEPARENT);
        TraceContext trace = OutboundContext.of(own);
        if (trace != null && own == null && Emit.propagate()) {
            connection.setRequestProperty(HttpProviders.TRACEPARENT, trace.traceparent(trace.spanId));
        }
        REQUESTS.putIfAbsent(connection, new Request(connection.getURL(), trace, System.nanoTime()));
    }

    /**
     * At exit of an outermost instrumented call.
     *
     * @param method the instrumented method that returned: {@code connect}, {@code getOutputStream} or
     *     {@code getInputStream} (after which the response status is known, or the exchange failed)
     * @param responseCode the connection's {@code responseCode} field (-1 until a status line was read)
     * @param thrown what the call threw, or null
     */
    public static void end(HttpURLConnection connection, String method, int responseCode, Throwable thrown) {
        Request request = REQUESTS.get(connection);
        if (request == null || request.done) {
            return;
        }
        boolean hasResponse = responseCode > 0;
        if (!hasResponse && thrown == null && !"getInputStream".equals(method)) {
            return; // connected, or body stream handed out: the response is still to come
        }
        request.done = true;
        long end = System.nanoTime();
        HttpEvents.clientRequest(HttpProviders.JDK_URLCONNECTION, connection.getRequestMethod(), request.url,
                hasResponse ? responseCode : 0, 0, hasResponse ? null : thrown, request.startNanos, end,
                request.trace);
    }

    private static final class Request {
        final URL url;
        final TraceContext trace;
        final long startNanos;
        volatile boolean done;

        Request(URL url, TraceContext trace, long startNanos) {
            this.url = url;
            this.trace = trace;
            this.startNanos = startNanos;
        }
    }
}
