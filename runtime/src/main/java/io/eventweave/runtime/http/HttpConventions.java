package io.eventweave.runtime.http;

import io.eventweave.runtime.Outcome;
import java.util.Locale;

/**
 * The rules that turn what an HTTP library has into the schema's fields, in one place for every client and server
 * (OpenTelemetry's HTTP semantic conventions): outcome, {@code error.type}, the status range, the default port, the
 * path, the scheme and IPv6 literals. Emitters apply the outcome and error rules on the application thread (no
 * allocation); the drainer applies the field rules when it writes the line.
 */
public final class HttpConventions {
    /** A client request with this status or higher failed (4xx and 5xx). */
    public static final int CLIENT_FAILURE_STATUS = 400;
    /** A served request with this status or higher failed (5xx: a 4xx is the client's error, not the server's). */
    public static final int SERVER_FAILURE_STATUS = 500;
    /**
     * {@code error.type} of an exchange abandoned before its outcome was known, whose {@code event.outcome} is
     * {@code unknown}: a client call the application cancelled (Reactor Netty: the subscription was cancelled before
     * the response), a request whose client went away before the response was complete.
     */
    public static final String CANCELLED = "cancelled";

    private HttpConventions() {
    }

    /** {@code error.type} of a client call that threw: the exception's class, but only when no response came. */
    public static Class<?> clientErrorClass(int status, Throwable thrown) {
        return thrown == null || isStatus(status) ? null : thrown.getClass();
    }

    /** Failure when it threw without a response, or the status is 4xx or 5xx. */
    public static Outcome clientOutcome(int status, Object error) {
        return error != null || status >= CLIENT_FAILURE_STATUS ? Outcome.FAILURE : Outcome.SUCCESS;
    }

    /** Failure when the handler threw or answered 5xx; unknown when it sent no status at all. */
    public static Outcome serverOutcome(int status, Object error) {
        if (error != null || status >= SERVER_FAILURE_STATUS) {
            return Outcome.FAILURE;
        }
        return status == 0 ? Outcome.UNKNOWN : Outcome.SUCCESS;
    }

    /** A status line has three digits; anything else is not reported as {@code http.response.status_code}. */
    public static boolean isStatus(int status) {
        return status >= 100 && status <= 999;
    }

    /**
     * Whether {@code status} makes {@code error.type} the status code as text ({@code "503"}), when nothing was
     * thrown: 4xx and 5xx for clients, 5xx for servers.
     */
    public static boolean isErrorStatus(int status, boolean server) {
        return status >= (server ? SERVER_FAILURE_STATUS : CLIENT_FAILURE_STATUS);
    }

    /** {@code server.port}: the port given, or the scheme's default (443 for https, else 80) for -1 or 0. */
    public static int serverPort(String scheme, int port) {
        return port > 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** {@code url.path}: the raw path, "/" when there is none. */
    public static String path(String rawPath) {
        return rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    }

    /** {@code url.scheme}: lower case; http when the library had none. Returns the same String when already lower case. */
    public static String scheme(String scheme) {
        return scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    }

    /** Whether there is a {@code server.address} to write (null or empty: the field is left out). */
    public static boolean hasAddress(String host) {
        return host != null && !host.isEmpty();
    }

    /** Whether {@code host} is an IPv6 literal in the URI's brackets ({@code [::1]}). */
    public static boolean isBracketed(String host) {
        return host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']';
    }

    /** {@code server.address}: an IPv6 literal without the URI's brackets, as OpenTelemetry has it. */
    public static String serverAddress(String host) {
        return isBracketed(host) ? host.substring(1, host.length() - 1) : host;
    }
}
