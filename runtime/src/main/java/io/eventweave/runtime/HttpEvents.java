package io.eventweave.runtime;

import io.eventweave.runtime.http.HttpConventions;
import java.net.URI;
import java.net.URL;

/**
 * Emitter of the HTTP family: {@code http.client.request} and {@code http.server.request}. Each entry point takes what
 * a client naturally has — a {@link URI}, a {@link URL}, or scheme, host, port and path — and writes the whole
 * {@link HttpFields} section; outcome and {@code error.type} follow {@link HttpConventions}. The URI and URL getters
 * used here return fields the object parsed when it was built: no allocation.
 */
public final class HttpEvents {
    private HttpEvents() {
    }

    /**
     * {@code http.client.request} for a request to {@code uri}.
     *
     * @param status the response status, 0 when there is no response
     * @param thrown what the call threw, or null; it is the {@code error.type} only when there is no response
     * @param trace the context the request was sent in; its span id is the one that went out in {@code traceparent}
     */
    public static void clientRequest(String provider, String method, URI uri, int status, int resendCount,
            Throwable thrown, long startNanos, long endNanos, TraceContext trace) {
        clientRequest(provider, method, uri.getScheme(), uri.getHost(), uri.getPort(), uri.getRawPath(), status,
                resendCount, thrown, startNanos, endNanos, trace);
    }

    /** {@code http.client.request} for a request to {@code url} (see the {@link URI} form). */
    public static void clientRequest(String provider, String method, URL url, int status, int resendCount,
            Throwable thrown, long startNanos, long endNanos, TraceContext trace) {
        clientRequest(provider, method, url.getProtocol(), url.getHost(), url.getPort(), url.getPath(), status,
                resendCount, thrown, startNanos, endNanos, trace);
    }

    /**
     * {@code http.client.request} from its parts.
     *
     * @param port the port, -1 (or 0) for the scheme's default
     * @param path the raw path, without query
     */
    public static void clientRequest(String provider, String method, String scheme, String host, int port,
            String path, int status, int resendCount, Throwable thrown, long startNanos, long endNanos,
            TraceContext trace) {
        Class<?> error = HttpConventions.clientErrorClass(status, thrown);
        emit(EventKind.HTTP_CLIENT_REQUEST, provider, HttpConventions.clientOutcome(status, error), method, scheme,
                host, port, path, status, resendCount, error, null, startNanos, endNanos, trace);
    }

    /**
     * {@code http.client.request} of a call abandoned before its outcome was known (the application cancelled it):
     * no response, {@code event.outcome: unknown}, {@code error.type: cancelled} ({@link HttpConventions#CANCELLED}).
     *
     * @param port the port, -1 (or 0) for the scheme's default
     * @param path the raw path, without query
     */
    public static void clientRequestCancelled(String provider, String method, String scheme, String host, int port,
            String path, int resendCount, long startNanos, long endNanos, TraceContext trace) {
        emit(EventKind.HTTP_CLIENT_REQUEST, provider, Outcome.UNKNOWN, method, scheme, host, port, path, 0,
                resendCount, HttpConventions.CANCELLED, null, startNanos, endNanos, trace);
    }

    /**
     * {@code http.server.request} of a request whose client went away before the response was complete, with
     * nothing thrown: no status, {@code event.outcome: unknown}, {@code error.type: cancelled}.
     */
    public static void serverRequestCancelled(String provider, String method, String scheme, String localAddress,
            int localPort, String path, String route, long startNanos, long endNanos, TraceContext trace) {
        emit(EventKind.HTTP_SERVER_REQUEST, provider, Outcome.UNKNOWN, method, scheme, localAddress, localPort, path,
                0, 0, HttpConventions.CANCELLED, route, startNanos, endNanos, trace);
    }

    /**
     * {@code http.server.request}: a request this process answered.
     *
     * @param status the status the handler sent, 0 when it sent none (the outcome is then unknown)
     * @param thrown what the handler threw, or null
     * @param trace the context the request was handled in (its span id is this request's)
     */
    public static void serverRequest(String provider, String method, String scheme, String localAddress,
            int localPort, String path, int status, Throwable thrown, long startNanos, long endNanos,
            TraceContext trace) {
        serverRequest(provider, method, scheme, localAddress, localPort, path, status, thrown, null, startNanos,
                endNanos, trace);
    }

    /** {@code http.server.request} with the route template the framework matched ({@code http.route}), or null. */
    public static void serverRequest(String provider, String method, String scheme, String localAddress,
            int localPort, String path, int status, Throwable thrown, String route, long startNanos, long endNanos,
            TraceContext trace) {
        Class<?> error = thrown == null ? null : thrown.getClass();
        emit(EventKind.HTTP_SERVER_REQUEST, provider, HttpConventions.serverOutcome(status, error), method, scheme,
                localAddress, localPort, path, status, 0, error, route, startNanos, endNanos, trace);
    }

    /** The one claim-fill-publish of every HTTP event; {@code error} is a class, or a word such as {@code cancelled}. */
    private static void emit(EventKind kind, String provider, Outcome outcome, String method, String scheme,
            String host, int port, String path, int status, int resendCount, Object error, String route,
            long startNanos, long endNanos, TraceContext trace) {
        EventSlot slot = Emit.claim(kind, provider, startNanos);
        if (slot == null) {
            return;
        }
        slot.outcome = outcome;
        slot.durationNanos = endNanos - startNanos;
        slot.trace = trace;
        slot.error = error;
        HttpFields http = slot.http();
        http.method = method;
        http.scheme = scheme;
        http.serverAddress = host;
        http.serverPort = port;
        http.path = path;
        http.statusCode = status;
        http.resendCount = resendCount;
        http.route = route;
        slot.publish();
    }
}
