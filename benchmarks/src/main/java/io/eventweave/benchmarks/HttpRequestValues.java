package io.eventweave.benchmarks;

import io.eventweave.runtime.TraceContext;

/**
 * The values of one {@code http.client.request} event, held in plain (non-final) instance fields of a JMH state so the
 * JIT must load them on every operation and cannot fold them into constants. Every contender reads the same values
 * from here.
 */
public abstract class HttpRequestValues {
    public String provider = "jdk-httpclient";
    public String method = "GET";
    public String scheme = "https";
    public String host = "api.example.com";
    public int port = 8443;
    public String path = "/v1/orders/42";
    public int status = 200;
    public int resendCount = 0;
    /** A Throwable class or null; null here (the request succeeded). */
    public Object error = null;
    /** What the call threw, or null; null here (the request succeeded). */
    public Throwable thrown = null;
    public long startNanos = System.nanoTime();
    public long endNanos = startNanos + 250_000L;
    public TraceContext trace = TraceContext.fromHex("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 1);
    /** The span id sent in {@code traceparent}; eventweave keeps it in {@link #trace}, the anchors copy it. */
    public long spanId = 0x53995c3f42cd8ad8L;
}
