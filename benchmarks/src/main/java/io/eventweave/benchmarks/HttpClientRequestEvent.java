package io.eventweave.benchmarks;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR anchor's event: the same fields as {@code http.client.request}. JFR fields can only be primitives,
 * {@code String}, {@code Thread} or {@code Class}, so the trace context is written as its two id halves and the error
 * as a type name. No stack trace (ours records none either).
 */
@Name("eventweave.HttpClientRequest")
@Label("HTTP client request")
@Category("eventweave")
@StackTrace(false)
public class HttpClientRequestEvent extends Event {
    @Label("Provider")
    String provider;
    @Label("Method")
    String method;
    @Label("Scheme")
    String scheme;
    @Label("Host")
    String host;
    @Label("Port")
    int port;
    @Label("Path")
    String path;
    @Label("Status")
    int status;
    @Label("Resend count")
    int resendCount;
    @Label("Error type")
    String error;
    @Label("Start (nanoTime)")
    long start;
    @Label("End (nanoTime)")
    long end;
    @Label("Trace id (high)")
    long traceIdHigh;
    @Label("Trace id (low)")
    long traceIdLow;
    @Label("Span id")
    long spanId;
}
