package io.eventweave.benchmarks;

import io.eventweave.runtime.TraceContext;

/** A preallocated, mutable event for the Disruptor and JCTools anchors: the same fields {@code Emit} writes. */
public final class HttpEvent {
    public String provider;
    public String method;
    public String scheme;
    public String host;
    public int port;
    public String path;
    public int status;
    public int resendCount;
    public Object error;
    public long startNanos;
    public long endNanos;
    public TraceContext trace;
    public long spanId;

    /** Writes the values of one event into this preallocated one, as {@code Emit} writes them into a slot. */
    void copyFrom(HttpRequestValues v) {
        provider = v.provider;
        method = v.method;
        scheme = v.scheme;
        host = v.host;
        port = v.port;
        path = v.path;
        status = v.status;
        resendCount = v.resendCount;
        error = v.error;
        startNanos = v.startNanos;
        endNanos = v.endNanos;
        trace = v.trace;
        spanId = v.spanId;
    }
}
