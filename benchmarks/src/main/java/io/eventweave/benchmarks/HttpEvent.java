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
}
