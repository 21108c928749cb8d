package io.eventweave.runtime;

/**
 * The HTTP section of an {@link EventSlot}: what an {@code http.client.request} or {@code http.server.request} says
 * about the exchange. Values as the instrumented library had them (the scheme in any case, an IPv6 host in brackets,
 * no port for the scheme's default); the rules that turn them into the schema's fields are
 * {@link io.eventweave.runtime.http.HttpConventions}, applied by the drainer.
 */
public final class HttpFields {
    /** {@code http.request.method}. */
    public String method;
    /** {@code url.scheme}, null for http. */
    public String scheme;
    /** {@code server.address}: the host the client asked for, or the server's local address. */
    public String serverAddress;
    /** {@code server.port}, -1 or 0 for the scheme's default. */
    public int serverPort;
    /** {@code url.path}, raw (no query, no user-info); null or empty for "/". */
    public String path;
    /** {@code http.response.status_code}, 0 when there was no response. */
    public int statusCode;
    /** {@code http.request.resend_count}: redirects and authentication resends (0: none). */
    public int resendCount;
    /** {@code http.route} of a server request: the route template the framework matched, or null. */
    public String route;

    void clearReferences() {
        method = null;
        scheme = null;
        serverAddress = null;
        path = null;
        route = null;
    }
}
